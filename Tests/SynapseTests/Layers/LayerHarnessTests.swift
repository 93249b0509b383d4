import Foundation
import Synapse
import Testing

/// Every built-in layer through one harness, in the spirit of Keras's `run_layer_test`. Each entry
/// of ``entries`` is checked for:
///
/// (a) kernels against the tape — one epoch of two SGD steps (a full and a partial batch) in a tiny
///     functional model, with `usesKernels` on and off, gives the same loss, the same weights and the
///     same predictions; in the second model every input of the layer comes from a `Dense`, so the
///     layer's input gradient is exercised;
/// (b) the tape against finite differences, with respect to the inputs and (for a layer with
///     weights) its parameters, at points away from kinks and ties;
/// (c) the configuration round trip (directly and through JSON);
/// (d) the save/load round trip: the reloaded model predicts exactly what the original did;
/// (e) a clear error for wrong input shapes: a `SynapseError` whose message starts with the layer's name.
///
/// A new layer joins with one entry in ``entries`` and its type name in ``coveredTypes``.
@Suite("Layer harness")
struct LayerHarnessTests {
    struct Entry: CustomStringConvertible, Sendable {
        let name: String
        /// A fresh, unbuilt layer. A stochastic layer must be seeded here, so that two fresh layers
        /// draw the same masks (the kernel and tape runs then see the same ones).
        let make: @Sendable () -> any Layer
        /// The shape of one sample of each input.
        let inputShapes: [[Int]]
        /// Whether the layer is random while training (Dropout).
        let isStochastic: Bool
        /// Whether the layer computes something else while training than at inference, though
        /// deterministically (BatchNormalization: batch statistics against moving ones).
        let trainingDiffers: Bool
        /// Lists of sample shapes the layer must refuse when called on symbolic inputs.
        let wrongShapes: [[[Int]]]
        /// Whether gradient checks need pairwise distinct input values (a max over windows of one
        /// input: a tie is a kink that finite differences cannot cross).
        let needsDistinctInputs: Bool
        /// For a layer whose inputs are indices (Embedding): they are whole numbers in `0..<indices`.
        /// Such inputs get no gradient — no finite differences with respect to them, and no model in
        /// which they come from a `Dense`.
        let indices: Int?
        /// For an elementwise layer with kinks (ReLU, LeakyReLU): the input values where its slope
        /// jumps, which gradient checks keep away from.
        let kinks: [Float]

        init(_ name: String, inputs inputShapes: [[Int]], stochastic isStochastic: Bool = false, distinct needsDistinctInputs: Bool = false,
             trainingDiffers: Bool = false, indices: Int? = nil, kinks: [Float] = [], wrong wrongShapes: [[[Int]]],
             _ make: @escaping @Sendable () -> any Layer) {
            self.name = name
            self.make = make
            self.inputShapes = inputShapes
            self.isStochastic = isStochastic
            self.trainingDiffers = trainingDiffers
            self.wrongShapes = wrongShapes
            self.needsDistinctInputs = needsDistinctInputs
            self.indices = indices
            self.kinks = kinks
        }

        /// Whether the model whose inputs come from a `Dense` applies: not to index inputs.
        var feedsFromDense: [Bool] { indices == nil ? [false, true] : [false] }

        /// `rows` samples of each input: uniform in [low, high], or indices for an index layer.
        func sampleInputs(rows: Int, low: Float = -1, high: Float = 1, seed: UInt64) throws -> [Tensor] {
            try inputShapes.enumerated().map { k, shape in
                if let indices { return try indexTensor([rows] + shape, below: indices, seed: seed + UInt64(k)) }
                return try uniformTensor([rows] + shape, low: low, high: high, seed: seed + UInt64(k))
            }
        }

        var description: String { name }
    }

    /// The type names of every built-in layer (besides `InputLayer`).
    static let coveredTypes: Set<String> = [
        "GRU", "SimpleRNN",
        "Dense", "Dropout", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
        "Conv1D", "Conv2D", "Conv2DTranspose",
        "DepthwiseConv2D", "SeparableConv2D",
        "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
        "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
        "Flatten", "Reshape", "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D",
        "BatchNormalization", "LayerNormalization", "SpatialDropout1D", "SpatialDropout2D",
        "DepthwiseConv1D", "LSTM",
        "Embedding", "Masking", "TimeDistributed", "Bidirectional",
        "Activation", "ReLU", "LeakyReLU", "Softmax",
    ]

    static let entries: [Entry] = [
        Entry("GRU(3) on [4, 2]", inputs: [[4, 2]], wrong: [[[4]], [[4, 2, 1]], [[4, 2], [2]], [[4, 2], [3], [3]]]) { GRU(3) },
        Entry("GRU(3) returnSequences", inputs: [[4, 2]], wrong: [[[4]]]) { GRU(3, returnSequences: true) },
        Entry("GRU(3) resetAfter false, goBackwards returnSequences", inputs: [[3, 2]], wrong: [[[3]]]) {
            GRU(3, returnSequences: true, goBackwards: true, resetAfter: false)
        },
        Entry("GRU(3) with an initial state", inputs: [[3, 2], [3]], wrong: [[[3, 2], [2]]]) { GRU(3, returnSequences: true) },
        Entry("GRU(3) resetAfter false with an initial state", inputs: [[3, 2], [3]], wrong: [[[3, 2], [4]]]) {
            GRU(3, goBackwards: true, resetAfter: false)
        },
        Entry("GRU(3) dropout and recurrentDropout", inputs: [[3, 4]], stochastic: true, wrong: [[[3]]]) {
            GRU(3, dropout: 0.3, recurrentDropout: 0.4, seed: 7, returnSequences: true)
        },
        Entry("GRU(3) resetAfter false, dropout and recurrentDropout", inputs: [[3, 4]], stochastic: true, wrong: [[[3]]]) {
            GRU(3, dropout: 0.2, recurrentDropout: 0.3, seed: 9, resetAfter: false)
        },
        Entry("GRU(17) tanh gates, no bias", inputs: [[3, 2]], wrong: [[[3]]]) { GRU(17, recurrentActivation: .tanh, useBias: false) },
        Entry("GRU(17) resetAfter false, softplus", inputs: [[2, 3]], wrong: [[[3]]]) {
            GRU(17, activation: .softplus, returnSequences: true, resetAfter: false)
        },
        Entry("SimpleRNN(3) on [4, 2]", inputs: [[4, 2]], wrong: [[[4]], [[4, 2, 1]], [[4, 2], [2]]]) { SimpleRNN(3) },
        Entry("SimpleRNN(3) goBackwards returnSequences", inputs: [[3, 2]], wrong: [[[3]]]) {
            SimpleRNN(3, returnSequences: true, goBackwards: true)
        },
        Entry("SimpleRNN(3) with an initial state", inputs: [[3, 2], [3]], wrong: [[[3, 2], [2]]]) { SimpleRNN(3, returnSequences: true) },
        Entry("SimpleRNN(3) dropout and recurrentDropout", inputs: [[3, 4]], stochastic: true, wrong: [[[3]]]) {
            SimpleRNN(3, dropout: 0.3, recurrentDropout: 0.4, seed: 5, returnSequences: true)
        },
        Entry("SimpleRNN(17) sigmoid, no bias", inputs: [[3, 2]], wrong: [[[3]]]) { SimpleRNN(17, activation: .sigmoid, useBias: false) },
        Entry("Dense linear", inputs: [[4]], wrong: [[[]], [[4], [4]]]) { Dense(3) },
        Entry("Dense relu", inputs: [[4]], wrong: [[[]]]) { Dense(3, activation: .relu) },
        Entry("Dense softmax", inputs: [[4]], wrong: [[[]]]) { Dense(3, activation: .softmax) },
        Entry("Dense tanh", inputs: [[4]], wrong: [[[]]]) { Dense(3, activation: .tanh) },
        Entry("Dense gelu", inputs: [[4]], wrong: [[[]]]) { Dense(3, activation: .gelu) },
        Entry("Dense without bias", inputs: [[4]], wrong: [[[]]]) { Dense(3, useBias: false) },
        Entry("Dense on [2, 4]", inputs: [[2, 4]], wrong: [[[]]]) { Dense(3) },
        Entry("Dense softmax on [2, 4]", inputs: [[2, 4]], wrong: [[[]]]) { Dense(3, activation: .softmax) },
        Entry("Dropout(0.3)", inputs: [[6]], stochastic: true, wrong: [[[6], [6]]]) { Dropout(0.3, seed: 11) },
        Entry("Activation relu", inputs: [[5]], wrong: [[[5], [5]]]) { ActivationLayer(.relu) },
        Entry("Activation tanh on [2, 3]", inputs: [[2, 3]], wrong: [[[2, 3], [2, 3]]]) { ActivationLayer(.tanh) },
        Entry("Activation sigmoid", inputs: [[4]], wrong: [[[4], [4]]]) { ActivationLayer(.sigmoid) },
        Entry("Activation gelu", inputs: [[4]], wrong: [[[4], [4]]]) { ActivationLayer(.gelu) },
        Entry("Activation softmax on [2, 4]", inputs: [[2, 4]], wrong: [[[2, 4], [2, 4]]]) { ActivationLayer(.softmax) },
        Entry("ReLU()", inputs: [[6]], kinks: [0], wrong: [[[6], [6]]]) { ReLU() },
        Entry("ReLU(maxValue: 0.5, negativeSlope: 0.1, threshold: 0.2) on [2, 3]", inputs: [[2, 3]], kinks: [0.2, 0.5], wrong: [[[6], [6]]]) {
            ReLU(maxValue: 0.5, negativeSlope: 0.1, threshold: 0.2)
        },
        Entry("LeakyReLU()", inputs: [[6]], kinks: [0], wrong: [[[6], [6]]]) { LeakyReLU() },
        Entry("LeakyReLU(0.05) on [3, 2]", inputs: [[3, 2]], kinks: [0], wrong: [[[3, 2], [3, 2]]]) { LeakyReLU(negativeSlope: 0.05) },
        Entry("Softmax()", inputs: [[5]], wrong: [[[5], [5]]]) { Softmax() },
        Entry("Softmax() on [2, 3]", inputs: [[2, 3]], wrong: [[[2, 3], [2, 3]]]) { Softmax() },
        Entry("Softmax(axis: 1) on [3, 2]", inputs: [[3, 2]], wrong: [[[]], [[3, 2], [3, 2]]]) { Softmax(axis: 1) },
        Entry("Add ×2", inputs: [[4], [4]], wrong: [[[3], [4]]]) { Add() },
        Entry("Add ×3", inputs: [[4], [4], [4]], wrong: [[[4], [4], [5]], [[4], [2, 2], [4]]]) { Add() },
        Entry("Subtract", inputs: [[4], [4]], wrong: [[[4], [4], [4]], [[4]], [[4], [5]]]) { Subtract() },
        Entry("Multiply ×2", inputs: [[4], [4]], wrong: [[[3], [4]]]) { Multiply() },
        Entry("Multiply ×3", inputs: [[4], [4], [4]], wrong: [[[4], [4], [1]]]) { Multiply() },
        Entry("Average ×2", inputs: [[4], [4]], wrong: [[[3], [4]]]) { Average() },
        Entry("Average ×3", inputs: [[4], [4], [4]], wrong: [[[4], [3], [4]]]) { Average() },
        Entry("Maximum ×2", inputs: [[4], [4]], wrong: [[[3], [4]]]) { Maximum() },
        Entry("Maximum ×3", inputs: [[4], [4], [4]], wrong: [[[4], [4], [2, 2]]]) { Maximum() },
        Entry("Minimum ×2", inputs: [[4], [4]], wrong: [[[3], [4]]]) { Minimum() },
        Entry("Minimum ×3", inputs: [[4], [4], [4]], wrong: [[[4], [4], [5]]]) { Minimum() },
        Entry("Concatenate(-1) [3] + [5]", inputs: [[3], [5]], wrong: [[[3], [2, 5]], [[], []]]) { Concatenate(axis: -1) },
        Entry("Concatenate(-1) [2, 3] + [2, 5]", inputs: [[2, 3], [2, 5]], wrong: [[[2, 3], [3, 5]]]) { Concatenate(axis: -1) },
        Entry("Concatenate(1) [2, 4] + [3, 4]", inputs: [[2, 4], [3, 4]], wrong: [[[2, 4], [3, 5]], [[2, 4], [3]]]) { Concatenate(axis: 1) },
        Entry("Concatenate(2) [2, 4] + [2, 1] + [2, 3]", inputs: [[2, 4], [2, 1], [2, 3]], wrong: [[[2, 4], [3, 1]]]) { Concatenate(axis: 2) },
        Entry("Conv2D 3×3 valid", inputs: [[5, 4, 2]], wrong: [[[5, 4]], [[2, 2, 2]], [[5, 4], [5, 4]]]) { Conv2D(3, kernelSize: 3) },
        Entry("Conv2D 3×2 same stride 2 relu", inputs: [[5, 4, 2]], wrong: [[[5, 4, 2, 1]]]) {
            Conv2D(3, kernelSize: [3, 2], strides: 2, padding: .same, activation: .relu)
        },
        Entry("Conv2D dilation 2 no bias", inputs: [[5, 5, 2]], wrong: [[[2, 2, 2]]]) { Conv2D(2, kernelSize: 2, dilationRate: 2, useBias: false) },
        Entry("Conv2D groups 2 softmax", inputs: [[4, 4, 4]], wrong: [[[4, 4, 3]]]) {
            Conv2D(4, kernelSize: 2, padding: .same, groups: 2, activation: .softmax)
        },
        Entry("Conv2D 1×1 gelu", inputs: [[3, 4, 3]], wrong: [[[3, 4]]]) { Conv2D(2, kernelSize: 1, activation: .gelu) },
        Entry("Conv2D 1×1 groups 2", inputs: [[3, 2, 4]], wrong: [[[3, 2, 5]]]) { Conv2D(4, kernelSize: 1, groups: 2) },
        Entry("Conv1D 3 valid tanh", inputs: [[6, 2]], wrong: [[[6]], [[2, 2]], [[6, 2, 1]]]) { Conv1D(3, kernelSize: 3, activation: .tanh) },
        Entry("Conv1D causal dilation 2", inputs: [[6, 2]], wrong: [[[6, 2, 2]]]) { Conv1D(2, kernelSize: 2, padding: .causal, dilationRate: 2) },
        Entry("Conv1D same stride 2 groups 2", inputs: [[7, 4]], wrong: [[[7, 3]]]) { Conv1D(4, kernelSize: 3, strides: 2, padding: .same, groups: 2) },
        Entry("Conv2DTranspose 3×3 valid", inputs: [[3, 2, 2]], wrong: [[[3, 2]], [[3, 2, 2, 2]]]) { Conv2DTranspose(2, kernelSize: 3) },
        Entry("Conv2DTranspose stride 2 same tanh", inputs: [[3, 2, 2]], wrong: [[[3]]]) {
            Conv2DTranspose(3, kernelSize: [3, 2], strides: 2, padding: .same, activation: .tanh)
        },
        Entry("Conv2DTranspose stride 3 output padding", inputs: [[2, 3, 2]], wrong: [[[2, 3]]]) {
            Conv2DTranspose(2, kernelSize: 2, strides: [3, 2], outputPadding: [2, 1], useBias: false)
        },
        Entry("Conv2DTranspose dilation 2 sigmoid", inputs: [[3, 3, 2]], wrong: [[[3, 3]]]) {
            Conv2DTranspose(2, kernelSize: 2, padding: .same, dilationRate: 2, activation: .sigmoid)
        },
        Entry("Conv2DTranspose 1×1", inputs: [[2, 3, 3]], wrong: [[[2, 3]]]) { Conv2DTranspose(2, kernelSize: 1) },
        Entry("DepthwiseConv2D 3×3 valid", inputs: [[5, 5, 2]], wrong: [[[5, 2]], [[2, 2, 2]], [[5, 5, 2], [5, 5, 2]]]) {
            DepthwiseConv2D(kernelSize: 3)
        },
        Entry("DepthwiseConv2D same stride 2 ×2 relu", inputs: [[5, 4, 3]], wrong: [[[5, 4]], [[5, 4, 3, 1]]]) {
            DepthwiseConv2D(kernelSize: [3, 2], strides: [2, 2], padding: .same, depthMultiplier: 2, activation: .relu)
        },
        Entry("DepthwiseConv2D dilation 2 no bias tanh", inputs: [[6, 5, 2]], wrong: [[[2, 2, 2]]]) {
            DepthwiseConv2D(kernelSize: 2, padding: .valid, depthMultiplier: 3, dilationRate: 2, activation: .tanh, useBias: false)
        },
        Entry("DepthwiseConv2D 1×1 softmax", inputs: [[3, 3, 4]], wrong: [[[3, 3]]]) {
            DepthwiseConv2D(kernelSize: 1, activation: .softmax)
        },
        Entry("DepthwiseConv1D 3 valid", inputs: [[6, 3]], wrong: [[[6]], [[2, 3]], [[6, 3, 1]]]) {
            DepthwiseConv1D(kernelSize: 3)
        },
        Entry("DepthwiseConv1D same stride 2 dilation 2 ×2 relu", inputs: [[7, 2]], wrong: [[[7]]]) {
            DepthwiseConv1D(kernelSize: 2, strides: 2, padding: .same, depthMultiplier: 2, dilationRate: 2, activation: .relu)
        },
        Entry("SeparableConv2D 3×3 valid", inputs: [[5, 5, 2]], wrong: [[[5, 2]], [[2, 2, 2]], [[5, 5, 2], [5, 5, 2]]]) {
            SeparableConv2D(3, kernelSize: 3)
        },
        Entry("SeparableConv2D same stride 2 ×2 relu", inputs: [[5, 4, 3]], wrong: [[[5, 4]]]) {
            SeparableConv2D(4, kernelSize: [3, 2], strides: [2, 1], padding: .same, depthMultiplier: 2, activation: .relu)
        },
        Entry("SeparableConv2D dilation 2 same no bias", inputs: [[5, 6, 2]], wrong: [[[5, 6, 2, 1]]]) {
            SeparableConv2D(2, kernelSize: 3, padding: .same, dilationRate: 2, useBias: false)
        },
        Entry("SeparableConv2D softmax", inputs: [[4, 4, 2]], wrong: [[[4, 4]]]) {
            SeparableConv2D(3, kernelSize: 2, depthMultiplier: 2, activation: .softmax)
        },
        Entry("MaxPooling1D(2) on [7, 2]", inputs: [[7, 2]], distinct: true, wrong: [[[7]], [[1, 2]], [[7, 2], [7, 2]]]) { MaxPooling1D() },
        Entry("MaxPooling1D(3, strides: 2, same) on [7, 2]", inputs: [[7, 2]], distinct: true, wrong: [[[7, 2, 1]]]) {
            MaxPooling1D(poolSize: 3, strides: 2, padding: .same)
        },
        Entry("MaxPooling2D(2) on [5, 5, 2]", inputs: [[5, 5, 2]], distinct: true, wrong: [[[5, 5]], [[1, 5, 2]]]) { MaxPooling2D() },
        Entry("MaxPooling2D((3, 2), strides: [1, 2], same) on [5, 4, 2]", inputs: [[5, 4, 2]], distinct: true, wrong: [[[5, 4]]]) {
            MaxPooling2D(poolSize: [3, 2], strides: [1, 2], padding: .same)
        },
        Entry("MaxPooling2D(3, strides: 1, same) on [4, 3, 3]", inputs: [[4, 3, 3]], distinct: true, wrong: [[[4, 3, 3, 1]]]) {
            MaxPooling2D(poolSize: 3, strides: 1, padding: .same)
        },
        // Eight channels and more take the kernels' SIMD path (with a scalar tail). Distinct probe
        // values are 0.1 apart around 0: few enough values keep them small next to the perturbation.
        Entry("MaxPooling2D(2, strides: 1) on [3, 2, 9]", inputs: [[3, 2, 9]], distinct: true, wrong: [[[3, 2]]]) { MaxPooling2D(poolSize: 2, strides: 1) },
        Entry("MaxPooling1D(3, strides: 1, same) on [4, 9]", inputs: [[4, 9]], distinct: true, wrong: [[[4]]]) {
            MaxPooling1D(poolSize: 3, strides: 1, padding: .same)
        },
        Entry("AveragePooling2D(3, strides: 2, same) on [4, 3, 10]", inputs: [[4, 3, 10]], wrong: [[[4, 3]]]) {
            AveragePooling2D(poolSize: 3, strides: 2, padding: .same)
        },
        Entry("AveragePooling1D(2) on [7, 2]", inputs: [[7, 2]], wrong: [[[7]], [[1, 2]]]) { AveragePooling1D() },
        Entry("AveragePooling1D(3, strides: 1, same) on [5, 2]", inputs: [[5, 2]], wrong: [[[5]]]) {
            AveragePooling1D(poolSize: 3, strides: 1, padding: .same)
        },
        Entry("AveragePooling2D(2) on [5, 5, 2]", inputs: [[5, 5, 2]], wrong: [[[5, 5]], [[5, 1, 2]]]) { AveragePooling2D() },
        Entry("AveragePooling2D(3, strides: 2, same) on [5, 4, 2]", inputs: [[5, 4, 2]], wrong: [[[5, 4]]]) {
            AveragePooling2D(poolSize: 3, strides: 2, padding: .same)
        },
        Entry("GlobalMaxPooling1D on [5, 3]", inputs: [[5, 3]], distinct: true, wrong: [[[5]], [[5, 3, 1]]]) { GlobalMaxPooling1D() },
        Entry("GlobalMaxPooling1D keepdims on [5, 3]", inputs: [[5, 3]], distinct: true, wrong: [[[5]]]) { GlobalMaxPooling1D(keepdims: true) },
        Entry("GlobalMaxPooling2D on [3, 4, 2]", inputs: [[3, 4, 2]], distinct: true, wrong: [[[3, 4]]]) { GlobalMaxPooling2D() },
        Entry("GlobalMaxPooling2D keepdims on [3, 4, 2]", inputs: [[3, 4, 2]], distinct: true, wrong: [[[12]]]) { GlobalMaxPooling2D(keepdims: true) },
        Entry("GlobalAveragePooling1D on [5, 3]", inputs: [[5, 3]], wrong: [[[5]]]) { GlobalAveragePooling1D() },
        Entry("GlobalAveragePooling1D keepdims on [5, 3]", inputs: [[5, 3]], wrong: [[[5, 3, 2]]]) { GlobalAveragePooling1D(keepdims: true) },
        Entry("GlobalAveragePooling2D on [3, 4, 2]", inputs: [[3, 4, 2]], wrong: [[[3, 4]]]) { GlobalAveragePooling2D() },
        Entry("GlobalAveragePooling2D keepdims on [3, 4, 2]", inputs: [[3, 4, 2]], wrong: [[[3, 4]]]) { GlobalAveragePooling2D(keepdims: true) },
        Entry("Flatten on [3, 4]", inputs: [[3, 4]], wrong: [[[3, 4], [3, 4]]]) { Flatten() },
        Entry("Flatten on [2, 3, 2]", inputs: [[2, 3, 2]], wrong: [[[2, 3, 2], [2]]]) { Flatten() },
        Entry("Reshape([-1, 3]) on [12]", inputs: [[12]], wrong: [[[10]], [[2, 5]]]) { Reshape(targetShape: [-1, 3]) },
        Entry("Reshape([2, 6]) on [3, 4]", inputs: [[3, 4]], wrong: [[[3, 5]]]) { Reshape(targetShape: [2, 6]) },
        Entry("UpSampling1D(2) on [3, 2]", inputs: [[3, 2]], wrong: [[[3]], [[3, 2, 2]]]) { UpSampling1D() },
        Entry("UpSampling2D([2, 3]) on [2, 3, 2]", inputs: [[2, 3, 2]], wrong: [[[2, 3]]]) { UpSampling2D(size: [2, 3]) },
        Entry("UpSampling2D(2, bilinear) on [2, 3, 2]", inputs: [[2, 3, 2]], wrong: [[[2, 3]]]) { UpSampling2D(interpolation: .bilinear) },
        Entry("UpSampling2D((3, 2), bilinear) on [3, 2, 1]", inputs: [[3, 2, 1]], wrong: [[[6]]]) {
            UpSampling2D(size: [3, 2], interpolation: .bilinear)
        },
        Entry("ZeroPadding1D((1, 2)) on [4, 2]", inputs: [[4, 2]], wrong: [[[4]]]) { ZeroPadding1D(padding: (1, 2)) },
        Entry("ZeroPadding2D(((1, 2), (0, 1))) on [3, 3, 2]", inputs: [[3, 3, 2]], wrong: [[[3, 3]]]) { ZeroPadding2D(padding: ((1, 2), (0, 1))) },
        Entry("ZeroPadding2D(1) on [2, 3, 1]", inputs: [[2, 3, 1]], wrong: [[[6]]]) { ZeroPadding2D() },
        Entry("Cropping1D((1, 2)) on [6, 2]", inputs: [[6, 2]], wrong: [[[3, 2]], [[6]]]) { Cropping1D(cropping: (1, 2)) },
        Entry("Cropping2D(((1, 0), (1, 2))) on [4, 5, 2]", inputs: [[4, 5, 2]], wrong: [[[1, 5, 2]], [[4, 3, 2]], [[4, 5]]]) {
            Cropping2D(cropping: ((1, 0), (1, 2)))
        },
        // ε = 0.1 here: with the two probe rows, each channel holds two values, where a smaller ε makes
        // x̂ = ±d/√(d² + 4ε) too curved for the finite differences' step.
        Entry("BatchNormalization [4]", inputs: [[4]], trainingDiffers: true, wrong: [[[]], [[4], [4]]]) { BatchNormalization(epsilon: 0.1) },
        Entry("BatchNormalization [3, 2, 3]", inputs: [[3, 2, 3]], trainingDiffers: true, wrong: [[[]]]) {
            BatchNormalization(momentum: 0.8, epsilon: 0.01)
        },
        Entry("BatchNormalization(axis: 1) [3, 4]", inputs: [[3, 4]], trainingDiffers: true, wrong: [[[]]]) { BatchNormalization(axis: 1) },
        Entry("BatchNormalization without center and scale", inputs: [[2, 3]], trainingDiffers: true, wrong: [[[]]]) {
            BatchNormalization(center: false, scale: false)
        },
        Entry("LayerNormalization [5]", inputs: [[5]], wrong: [[[]], [[5], [5]]]) { LayerNormalization() },
        Entry("LayerNormalization [2, 3, 4]", inputs: [[2, 3, 4]], wrong: [[[]]]) { LayerNormalization(epsilon: 0.01) },
        Entry("LayerNormalization(axes: [-2, -1]) [2, 3, 4]", inputs: [[2, 3, 4]], wrong: [[[4]]]) { LayerNormalization(axes: [-2, -1]) },
        Entry("LayerNormalization without center", inputs: [[2, 5]], wrong: [[[]]]) { LayerNormalization(center: false) },
        Entry("LayerNormalization without scale", inputs: [[6]], wrong: [[[]]]) { LayerNormalization(scale: false) },
        Entry("SpatialDropout1D(0.3)", inputs: [[3, 4]], stochastic: true, wrong: [[[4]], [[2, 2, 4]]]) { SpatialDropout1D(0.3, seed: 5) },
        Entry("SpatialDropout2D(0.4)", inputs: [[2, 3, 4]], stochastic: true, wrong: [[[4]], [[3, 4]]]) { SpatialDropout2D(0.4, seed: 8) },
        Entry("LSTM(3) on [4, 2]", inputs: [[4, 2]], wrong: [[[4]], [[4, 2, 1]], [[4, 2], [3]], [[0, 2]]]) { LSTM(3) },
        Entry("LSTM(3) returnSequences", inputs: [[4, 2]], wrong: [[[4]]]) { LSTM(3, returnSequences: true) },
        Entry("LSTM(3) goBackwards returnSequences", inputs: [[3, 2]], wrong: [[[3]]]) { LSTM(3, returnSequences: true, goBackwards: true) },
        Entry("LSTM(3) goBackwards", inputs: [[3, 2]], wrong: [[[3]]]) { LSTM(3, goBackwards: true) },
        Entry("LSTM(3) with initial states", inputs: [[3, 2], [3], [3]], wrong: [[[3, 2], [2], [3]], [[3, 2], [3], [3], [3]]]) {
            LSTM(3, returnSequences: true)
        },
        Entry("LSTM(3) dropout and recurrentDropout", inputs: [[3, 4]], stochastic: true, wrong: [[[3]]]) {
            LSTM(3, dropout: 0.3, recurrentDropout: 0.4, seed: 7, returnSequences: true)
        },
        Entry("LSTM(17) tanh gates, no bias, no forget bias", inputs: [[3, 2]], wrong: [[[3]]]) {
            LSTM(17, recurrentActivation: .tanh, useBias: false, unitForgetBias: false)
        },
        Entry("LSTM(3) softplus with initial states", inputs: [[2, 3], [3], [3]], wrong: [[[2, 3], [3]]]) { LSTM(3, activation: .softplus) },
        Entry("Embedding(7, 3) on [4]", inputs: [[4]], indices: 7, wrong: [[[4], [4]]]) { Embedding(inputDim: 7, outputDim: 3) },
        Entry("Embedding(5, 2, maskZero) on [2, 3]", inputs: [[2, 3]], indices: 5, wrong: [[[3], [3]]]) {
            Embedding(inputDim: 5, outputDim: 2, maskZero: true)
        },
        // (Masked steps are a discontinuity for finite differences: the unit tests check them.)
        Entry("Masking on [4, 3]", inputs: [[4, 3]], wrong: [[[3]], [[4, 3], [4, 3]]]) { Masking() },
        Entry("Masking(0.3) on [6, 1]", inputs: [[6, 1]], wrong: [[[6]]]) { Masking(maskValue: 0.3) },
        Entry("TimeDistributed(Dense(3)) on [4, 5]", inputs: [[4, 5]], wrong: [[[5]], [[4, 5], [4, 5]]]) { TimeDistributed(Dense(3)) },
        Entry("TimeDistributed(Dense(2, tanh)) on [3, 2, 4]", inputs: [[3, 2, 4]], wrong: [[[3]]]) {
            TimeDistributed(Dense(2, activation: .tanh))
        },
        Entry("TimeDistributed(Conv1D(2, 2)) on [3, 5, 2]", inputs: [[3, 5, 2]], wrong: [[[3, 5]], [[3, 1, 2]]]) {
            TimeDistributed(Conv1D(2, kernelSize: 2))
        },
        Entry("TimeDistributed(Dropout(0.3))", inputs: [[3, 4]], stochastic: true, wrong: [[[4]]]) { TimeDistributed(Dropout(0.3, seed: 4)) },
        Entry("Bidirectional(LSTM(3))", inputs: [[4, 2]], wrong: [[[4]], [[4, 2], [4, 2]]]) { Bidirectional(LSTM(3)) },
        Entry("Bidirectional(LSTM(2, returnSequences)) sum", inputs: [[3, 2]], wrong: [[[3]]]) {
            Bidirectional(LSTM(2, returnSequences: true), mergeMode: .sum)
        },
        Entry("Bidirectional(LSTM(2, returnSequences)) mul", inputs: [[3, 3]], wrong: [[[3]]]) {
            Bidirectional(LSTM(2, returnSequences: true), mergeMode: .mul)
        },
        Entry("Bidirectional(LSTM(3, returnSequences)) ave", inputs: [[3, 2]], wrong: [[[3]]]) {
            Bidirectional(LSTM(3, returnSequences: true), mergeMode: .ave)
        },
        Entry("Bidirectional(LSTM(2, returnSequences)) concat with initial states", inputs: [[3, 2], [2], [2], [2], [2]],
              wrong: [[[3, 2], [2], [2]], [[3, 2], [2], [2], [2], [3]]]) {
            Bidirectional(LSTM(2, returnSequences: true))
        },
        Entry("Bidirectional(GRU(2, returnSequences))", inputs: [[3, 2]], wrong: [[[3]]]) { Bidirectional(GRU(2, returnSequences: true)) },
        Entry("Bidirectional(LSTM(2, goBackwards)) with a backward layer", inputs: [[3, 2]], wrong: [[[3]]]) {
            Bidirectional(LSTM(2, goBackwards: true), backwardLayer: LSTM(3, name: "reader"))
        },
    ]

    // MARK: Helpers

    /// The layer's output sample shape (building a throwaway copy).
    static func outputShape(_ entry: Entry) throws -> [Int] {
        var generator = RandomGenerator(seed: 1)
        return try entry.make().build(inputShapes: entry.inputShapes, generator: &generator)[0]
    }

    /// Fixed weights in ±0.8 for `parameters`, in order; layer state (moving statistics, which a
    /// variance must keep positive) in [0.5, 1.5].
    static func assignWeights(_ parameters: [Parameter], seed: UInt64) throws {
        for (i, parameter) in parameters.enumerated() {
            let (low, high): (Float, Float) = parameter.isLayerState ? (0.5, 1.5) : (-0.8, 0.8)
            try parameter.assign(uniformTensor(parameter.shape, low: low, high: high, seed: seed + UInt64(i)))
        }
    }

    /// A fresh layer of `entry`, built for its inputs, with fixed weights.
    static func builtLayer(_ entry: Entry) throws -> any Layer {
        let layer = entry.make()
        layer.name = "probe"
        var generator = RandomGenerator(seed: 1)
        _ = try layer.build(inputShapes: entry.inputShapes, generator: &generator)
        try assignWeights(layer.parameters, seed: 500)
        return layer
    }

    /// A functional model: inputs → (a linear `Dense` per input, keeping its shape, when `preDense`)
    /// → the layer → `Dense(2)`, with fixed weights.
    static func makeModel(_ entry: Entry, preDense: Bool, usesKernels: Bool = true) throws -> Model {
        let inputs = entry.inputShapes.map { Input(shape: $0) }
        let feeds: [SymbolicTensor] = try preDense ? inputs.map { try Dense($0.shape.last!)($0) } : inputs.map { $0 as SymbolicTensor }
        let layer = entry.make()
        let hidden = try layer(feeds)
        let output = try Dense(2)(hidden)
        let model = try Model(inputs: inputs, outputs: [output], seed: 3)
        try assignWeights(model.parameters, seed: 100)
        model.usesKernels = usesKernels
        return model
    }

    /// Fixed training data for `model`: `rows` samples of each input, regression targets.
    static func data(for model: Model, entry: Entry, rows: Int = 5) throws -> (x: [Tensor], y: Tensor) {
        let x: [Tensor] = try model.inputs.enumerated().map { k, input in
            let shape = [rows] + input.shape, seed = 10 + UInt64(k)
            if let indices = entry.indices { return try indexTensor(shape, below: indices, seed: seed) }
            return try uniformTensor(shape, seed: seed)
        }
        let y = try uniformTensor([rows] + model.outputs[0].shape, seed: 20)
        return (x, y)
    }

    /// Inputs for gradient checks: on grids offset by 0.08 per input (no two inputs within 0.08 at a
    /// position, so max/min have no ties near a perturbation of ±0.017), and — for a ReLU layer —
    /// at a seed whose pre-activations all lie at least 0.05 from the kink.
    static func probeInputs(_ entry: Entry, layer: any Layer, rows: Int = 2) throws -> [Tensor] {
        if let indices = entry.indices {
            return try entry.inputShapes.enumerated().map { k, shape in try indexTensor([rows] + shape, below: indices, seed: 31 + UInt64(k)) }
        }
        for seed in UInt64(0)..<64 {
            let inputs = try entry.inputShapes.enumerated().map { k, shape in
                try entry.needsDistinctInputs ? distinctTensor([rows] + shape, seed: 31 + seed * 7 + UInt64(k))
                    : gridTensor([rows] + shape, offset: 0.08 * Float(k), seed: 31 + seed * 7 + UInt64(k))
            }
            let awayFromKinks = { (z: Tensor, kinks: [Float]) in z.scalars.allSatisfy { v in kinks.allSatisfy { abs(v - $0) >= 0.05 } } }
            if !entry.kinks.isEmpty {
                if inputs.allSatisfy({ awayFromKinks($0, entry.kinks) }) { return inputs }
                continue
            }
            guard let activated = layer as? any ActivatedLayer, activated.activation == .relu else { return inputs }
            if awayFromKinks(try activated.preActivation(inputs[0], training: false), [0]) { return inputs }
        }
        Issue.record("\(entry): no probe point away from the kinks")
        throw SynapseError.invalidState("no probe point")
    }

    static func largestDifference(_ a: Tensor, _ b: Tensor) -> Float {
        guard a.shape == b.shape else { return .infinity }
        return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    }

    static func temporaryPath(_ stem: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("synapse-harness-\(stem)-\(UUID().uuidString).safetensors").path
    }

    // MARK: The table

    @Test func theTableCoversEveryBuiltInLayerType() {
        #expect(Set(Self.entries.map { $0.make().typeName }) == Self.coveredTypes)
        #expect(Set(Self.entries.map(\.name)).count == Self.entries.count, "entry names must be unique")
    }

    /// The library's own list of layer types (as the error for an unknown type in a model file
    /// lists it) is exactly ``coveredTypes`` plus `InputLayer`: a new built-in layer cannot be left
    /// out of the harness.
    /// Every built-in layer type the registry knows (besides the input) is in the harness.
    @Test func coveredTypesAreTheBuiltInLayerTypes() {
        #expect(Set(LayerRegistry.builtInTypeNames) == Self.coveredTypes.union(["InputLayer"]))
    }

    // MARK: (a) Kernels against the tape

    @Test(arguments: entries)
    func kernelsMatchTheTape(_ entry: Entry) throws {
        for preDense in entry.feedsFromDense {
            let kernels = try Self.makeModel(entry, preDense: preDense, usesKernels: true)
            let tape = try Self.makeModel(entry, preDense: preDense, usesKernels: false)
            let (x, y) = try Self.data(for: kernels, entry: entry)
            let what = "\(entry)\(preDense ? " after Dense" : "")"

            #expect(Self.largestDifference(try kernels.predict(x)[0], try tape.predict(x)[0]) <= 1e-5, "\(what): predict before training")
            for model in [kernels, tape] { try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1)) }
            let a = try #require(try kernels.fit(x, [y], epochs: 1, batchSize: 3, shuffle: false, verbose: 0)["loss"])
            let b = try #require(try tape.fit(x, [y], epochs: 1, batchSize: 3, shuffle: false, verbose: 0)["loss"])
            #expect(a.count == 1 && b.count == 1)
            for (u, v) in zip(a, b) {
                #expect(abs(u - v) <= 1e-5 * max(1, abs(v)), "\(what): loss with kernels \(u), through the tape \(v)")
            }
            // With a seeded stochastic layer both runs draw the same masks, so the weights agree too.
            #expect(kernels.parameters.count == tape.parameters.count)
            for (p, q) in zip(kernels.parameters, tape.parameters) {
                let scale = max(1, q.value.scalars.map(abs).max() ?? 0)
                #expect(Self.largestDifference(p.value, q.value) <= 1e-5 * scale, "\(what): \(p.path) after the step")
            }
            #expect(Self.largestDifference(try kernels.predict(x)[0], try tape.predict(x)[0]) <= 1e-5, "\(what): predict after training")
            let ea = try kernels.evaluate(x, [y])["loss"]!, eb = try tape.evaluate(x, [y])["loss"]!
            #expect(abs(ea - eb) <= 1e-5 * max(1, abs(eb)), "\(what): evaluate \(ea) vs \(eb)")
        }
    }

    /// With a `Dense` before each input, one step moves that `Dense`'s kernel: the gradient got
    /// through the layer under test (kernels and tape agreeing on a zero input gradient would pass (a)).
    /// For an index layer (whose inputs take no gradient), its own weights move instead.
    @Test(arguments: entries)
    func theInputGradientReachesTheLayersBelow(_ entry: Entry) throws {
        guard entry.indices == nil else {
            let model = try Self.makeModel(entry, preDense: false)
            let (x, y) = try Self.data(for: model, entry: entry)
            let before = model.layers[0].parameters.map(\.value)
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
            try model.fit(x, [y], epochs: 1, batchSize: 5, shuffle: false, verbose: 0)
            #expect(!before.isEmpty)
            for (parameter, value) in zip(model.layers[0].parameters, before) {
                #expect(Self.largestDifference(parameter.value, value) > 1e-6, "\(entry): \(parameter.path) did not move")
            }
            return
        }
        let model = try Self.makeModel(entry, preDense: true)
        let (x, y) = try Self.data(for: model, entry: entry)
        let before = model.parameters.map(\.value)
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        try model.fit(x, [y], epochs: 1, batchSize: 5, shuffle: false, verbose: 0)
        // The first layers of the model are the per-input Dense layers.
        for k in entry.inputShapes.indices {
            let kernel = model.layers[k].parameters[0]
            #expect(Self.largestDifference(kernel.value, before[2 * k]) > 1e-6, "\(entry): \(kernel.path) did not move")
        }
    }

    // MARK: (b) The tape against finite differences

    @Test(arguments: entries)
    func tapeGradientsMatchFiniteDifferences(_ entry: Entry) throws {
        let layer = try Self.builtLayer(entry)
        let inputs = try Self.probeInputs(entry, layer: layer)
        let w = try probeWeights([2] + Self.outputShape(entry))
        // A stochastic layer is made afresh (same seed, same mask) for each evaluation, so the
        // function is deterministic while the layer trains.
        let forward: ([Tensor]) throws -> Tensor = { t in
            let used = try entry.isStochastic ? Self.builtLayer(entry) : layer
            return try used.forward(t, training: true)[0]
        }
        // Index inputs are held fixed: only the parameters vary.
        let variableInputs = entry.indices == nil ? inputs : []
        if entry.indices == nil {
            try expectGradientCheck(at: inputs, "\(entry): inputs") { t in try (forward(t) * w).sum() }
        }

        let parameters = layer.parameters
        guard !parameters.isEmpty else { return }
        let values = parameters.map(\.value)
        defer { for (parameter, value) in zip(parameters, values) { try? parameter.assign(value.detached) } }
        // The parameters as inputs of a closure that assigns them.
        let n = variableInputs.count
        let objective: ([Tensor]) throws -> Tensor = { t in
            for (parameter, value) in zip(parameters, t[n...]) { try parameter.assign(value) }
            return try (forward(n == 0 ? inputs : Array(t[..<n])) * w).sum()
        }
        try expectGradientCheck(at: variableInputs + values, "\(entry): inputs and parameters", of: objective)
        // valueWithGradient over the parameters gives those gradients too.
        let (_, viaInputs) = try valueWithGradient(at: variableInputs + values, of: objective)
        for (parameter, value) in zip(parameters, values) { try parameter.assign(value.detached) }
        let (_, viaParameters) = try valueWithGradient(at: parameters) { try (forward(inputs) * w).sum() }
        for (k, gradient) in viaParameters.enumerated() {
            #expect(Self.largestDifference(gradient, viaInputs[n + k]) <= 1e-6, "\(entry): \(parameters[k].name) gradient")
        }
    }

    /// `isStochastic` and `trainingDiffers` are truthful: a stochastic layer differs between training
    /// and inference (and between two training calls); one whose training differs deterministically
    /// differs from inference but repeats itself in training; any other computes the same in both
    /// modes; at inference all are repeatable.
    @Test(arguments: entries)
    func stochasticOnlyWhereDeclared(_ entry: Entry) throws {
        let layer = try Self.builtLayer(entry)
        let inputs = try entry.sampleInputs(rows: 8, low: 0.5, high: 1.5, seed: 70)
        let inference = try layer.forward(inputs, training: false)[0]
        #expect(try layer.forward(inputs, training: false)[0] == inference)
        let first = try layer.forward(inputs, training: true)[0], second = try layer.forward(inputs, training: true)[0]
        if entry.isStochastic {
            #expect(first != inference && second != first, "\(entry): training output is not random")
        } else if entry.trainingDiffers {
            #expect(first != inference, "\(entry): training computes what inference does")
            #expect(second == first, "\(entry): training is not deterministic")
        } else {
            #expect(first == inference && second == inference, "\(entry): training changes a deterministic layer")
        }
    }

    // MARK: (c) Configuration round trip

    @Test(arguments: entries)
    func configurationRoundTrip(_ entry: Entry) throws {
        let layer = entry.make()
        layer.name = "original"
        let configuration = layer.configuration
        let rebuilt = try type(of: layer).init(configuration: Configuration(configuration, owner: "x"), name: layer.name)
        #expect(rebuilt.typeName == layer.typeName)
        #expect(rebuilt.name == layer.name)
        #expect(rebuilt.configuration == configuration)

        let json = try JSONEncoder().encode(configuration)
        let decoded = try JSONDecoder().decode([String: JSONValue].self, from: json)
        #expect(decoded == configuration, "\(entry): \(String(decoding: json, as: UTF8.self))")
        let fromJSON = try type(of: layer).init(configuration: Configuration(decoded, owner: "x"), name: "copy")
        #expect(fromJSON.configuration == configuration)

        // Built on the same shapes with the same weights, the rebuilt layer computes the same.
        let original = try Self.builtLayer(entry)
        var generator = RandomGenerator(seed: 1)
        _ = try fromJSON.build(inputShapes: entry.inputShapes, generator: &generator)
        #expect(fromJSON.parameters.map(\.shape) == original.parameters.map(\.shape))
        for (p, q) in zip(fromJSON.parameters, original.parameters) { try p.assign(q.value) }
        let inputs = try entry.sampleInputs(rows: 3, seed: 80)
        #expect(try fromJSON.forward(inputs, training: false)[0] == original.forward(inputs, training: false)[0])
    }

    // MARK: (d) Save/load round trip

    @Test(arguments: entries)
    func saveLoadRoundTrip(_ entry: Entry) throws {
        for preDense in entry.feedsFromDense {
            let model = try Self.makeModel(entry, preDense: preDense)
            let (x, y) = try Self.data(for: model, entry: entry)
            // Index layers have no model fed from a Dense: their model without one is trained.
            let trains = preDense || entry.indices != nil
            if trains {
                // A trained, compiled model (its optimizer state is saved as well).
                try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
                try model.fit(x, [y], epochs: 1, batchSize: 3, shuffle: false, verbose: 0)
            }
            let expected = try model.predict(x)[0]
            let path = Self.temporaryPath("roundtrip")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try model.save(to: path)
            let loaded = try Model.load(from: path)
            #expect(try loaded.predict(x)[0] == expected, "\(entry): the loaded model predicts differently")
            #expect(loaded.layers.map(\.typeName) == model.layers.map(\.typeName))
            #expect(loaded.layers.map(\.name) == model.layers.map(\.name))
            for (a, b) in zip(loaded.layers, model.layers) {
                #expect(a.configuration == b.configuration, "\(entry): \(b.name) configuration")
            }
            #expect(loaded.parameters.map(\.path) == model.parameters.map(\.path))
            // Through the tape too, both models compute the same values.
            model.usesKernels = false
            loaded.usesKernels = false
            #expect(try loaded.predict(x)[0] == model.predict(x)[0], "\(entry): tape predictions differ after loading")
            if trains && !entry.isStochastic {
                // Training continues identically from the loaded state. (Not for a stochastic layer:
                // its random state is not saved — as in Keras — so the loaded one draws its masks
                // from the start of its seed's sequence again.)
                model.usesKernels = true
                loaded.usesKernels = true
                let a = try #require(try model.fit(x, [y], epochs: 1, batchSize: 3, shuffle: false, verbose: 0)["loss"])
                let b = try #require(try loaded.fit(x, [y], epochs: 1, batchSize: 3, shuffle: false, verbose: 0)["loss"])
                #expect(a == b, "\(entry): training after loading differs")
            }
        }
    }

    // MARK: (e) Wrong input shapes

    @Test(arguments: entries)
    func wrongInputShapesThrowNamingTheLayer(_ entry: Entry) throws {
        #expect(!entry.wrongShapes.isEmpty)
        for shapes in entry.wrongShapes {
            let layer = entry.make()
            let inputs = shapes.map { Input(shape: $0) }
            do {
                _ = try layer(inputs)
                Issue.record("\(entry): inputs of shapes \(shapes) were accepted")
            } catch let error as SynapseError {
                #expect(!layer.name.isEmpty)
                #expect(error.message.hasPrefix("\(layer.name):"), "\(entry): \"\(error.message)\" does not start with the layer's name '\(layer.name)'")
                #expect(error.kind == .shapeMismatch || error.kind == .invalidArgument, "\(error)")
            }
            // A refused call leaves the layer usable on the right shapes.
            let output = try layer(entry.inputShapes.map { Input(shape: $0) })
            #expect(output.shape == (try Self.outputShape(entry)))
        }
    }

    // MARK: Regressions of defects the harness found (seeds above 2⁵³, unchecked eager merges,
    // a layer built by hand rebuilt on its first call)

    /// (c) A Dropout seed survives its configuration whatever its size (it was saved as a JSON number,
    /// a Double, and read back only up to 2^53: a larger seed made the model file unreadable, and
    /// 2^53 + 1 read back as 2^53 — a different mask sequence, silently).
    @Test(arguments: [UInt64(1) << 60, (UInt64(1) << 53) + 1, UInt64.max])
    func dropoutSeedSurvivesTheConfigurationRoundTrip(_ seed: UInt64) throws {
        let original = Dropout(0.5, seed: seed)
        let x = try Tensor(shape: [4, 64], repeating: 1)
        var generator = RandomGenerator(seed: 0)
        _ = try original.build(inputShape: [64], generator: &generator)
        let masks = try original.forward(x, training: true)
        let rebuilt = try Dropout(configuration: Configuration(original.configuration, owner: "Dropout 'd'"), name: "d")
        var other = RandomGenerator(seed: 0)
        _ = try rebuilt.build(inputShape: [64], generator: &other)
        #expect(try rebuilt.forward(x, training: true) == masks, "seed \(seed): the rebuilt layer draws other masks")
    }

    /// (e) Eagerly, `forward(_:training:)` on inputs of wrong shapes refuses them naming the layer, as
    /// the symbolic call does (the merge layers used to rely on the tensor ops, which broadcast
    /// [2, 3] + [2, 1], accepted a Subtract of 3 inputs and named the op, not the layer).
    @Test(arguments: entries)
    func eagerForwardRefusesWrongShapesNamingTheLayer(_ entry: Entry) throws {
        let layer = try Self.builtLayer(entry)
        let check = {
            for shapes in entry.wrongShapes {
                let tensors = try shapes.enumerated().map { k, shape in try uniformTensor([2] + shape, seed: 90 + UInt64(k)) }
                do {
                    _ = try layer.forward(tensors, training: false)
                    Issue.record("\(entry): forward accepted inputs of shapes \(tensors.map(\.shape))")
                } catch let error as SynapseError {
                    #expect(error.message.hasPrefix("\(layer.name):"), "\(entry): \"\(error.message)\" does not name the layer")
                }
            }
        }
        try check()
    }

    /// A layer built by hand (`build(inputShape:generator:)`, then weights assigned) and then called on
    /// a symbolic tensor keeps its parameters and weights, as in Keras (it used to be built again).
    @Test func aLayerBuiltByHandKeepsItsWeightsWhenCalled() throws {
        let dense = Dense(2)
        var generator = RandomGenerator(seed: 0)
        _ = try dense.build(inputShape: [3], generator: &generator)
        let kernel = try #require(dense.kernel)
        try kernel.assign(Tensor(shape: [3, 2], repeating: 0.5))
        _ = try dense(Input(shape: [3]))
        let after = dense.kernel?.value.scalars
        #expect(dense.kernel === kernel, "the kernel parameter was replaced")
        #expect(after == [Float](repeating: 0.5, count: 6), "the weights assigned by hand are gone")
    }
}
