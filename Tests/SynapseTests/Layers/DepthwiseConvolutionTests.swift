import Foundation
import Synapse
import Testing

/// DepthwiseConv1D, DepthwiseConv2D and SeparableConv2D beyond the harness and the Keras cases:
/// output shapes, weights, the channel layout by hand, errors, Keras configurations, large batches
/// (the kernels split over cores) and training.
@Suite("Depthwise convolutions")
struct DepthwiseConvolutionTests {
    /// The output shape of `layer` called on samples of `shape`.
    static func outputShape(_ layer: any Layer, _ shape: [Int]) throws -> [Int] {
        try layer(Input(shape: shape)).shape
    }

    @Test func outputShapesFollowTheWindowFormulas() throws {
        // valid: ⌊(n − extent) / stride⌋ + 1; same: ⌈n / stride⌉.
        #expect(try Self.outputShape(DepthwiseConv2D(kernelSize: 3), [7, 6, 3]) == [5, 4, 3])
        #expect(try Self.outputShape(DepthwiseConv2D(kernelSize: 3, strides: 2, padding: .same, depthMultiplier: 2), [7, 6, 3]) == [4, 3, 6])
        #expect(try Self.outputShape(DepthwiseConv2D(kernelSize: [3, 2], strides: [2, 1], depthMultiplier: 3), [7, 6, 2]) == [3, 5, 6])
        #expect(try Self.outputShape(DepthwiseConv2D(kernelSize: 3, dilationRate: 2), [7, 6, 1]) == [3, 2, 1])
        #expect(try Self.outputShape(DepthwiseConv2D(kernelSize: 3, strides: 2, padding: .same, dilationRate: 2), [7, 6, 1]) == [4, 3, 1])
        #expect(try Self.outputShape(SeparableConv2D(5, kernelSize: 3), [7, 6, 3]) == [5, 4, 5])
        #expect(try Self.outputShape(SeparableConv2D(4, kernelSize: 2, strides: 2, padding: .same, depthMultiplier: 2), [5, 5, 3]) == [3, 3, 4])
        #expect(try Self.outputShape(DepthwiseConv1D(kernelSize: 3), [9, 2]) == [7, 2])
        #expect(try Self.outputShape(DepthwiseConv1D(kernelSize: 4, strides: 2, padding: .same, depthMultiplier: 2), [9, 2]) == [5, 4])
    }

    @Test func weightsHaveKerasNamesAndShapes() throws {
        var generator = RandomGenerator(seed: 3)
        let depthwise = DepthwiseConv2D(kernelSize: [3, 2], depthMultiplier: 2)
        _ = try depthwise.build(inputShape: [6, 5, 3], generator: &generator)
        #expect(depthwise.parameters.map(\.name) == ["kernel", "bias"])
        #expect(depthwise.parameters.map(\.shape) == [[3, 2, 3, 2], [6]])
        // Glorot uniform with Keras's fans: fan_in = 3·2·3, fan_out = 3·2·2.
        let limit = (6 / Float(18 + 12)).squareRoot()
        #expect(try #require(depthwise.kernel).value.scalars.allSatisfy { abs($0) <= limit })
        #expect(try #require(depthwise.bias).value.scalars.allSatisfy { $0 == 0 })

        let separable = SeparableConv2D(4, kernelSize: 3, depthMultiplier: 2, useBias: false)
        _ = try separable.build(inputShape: [6, 5, 3], generator: &generator)
        #expect(separable.parameters.map(\.name) == ["depthwise_kernel", "pointwise_kernel"])
        #expect(separable.parameters.map(\.shape) == [[3, 3, 3, 2], [1, 1, 6, 4]])

        let sequence = DepthwiseConv1D(kernelSize: 3, depthMultiplier: 2)
        _ = try sequence.build(inputShape: [8, 3], generator: &generator)
        #expect(sequence.parameters.map(\.shape) == [[3, 3, 2], [6]])
    }

    /// Output channel `c × depthMultiplier + m` is filter `m` of input channel `c`: with a 1 × 1
    /// kernel, output (c, m) is x[c] · k[c, m] + bias — by hand, through the tape and the kernels.
    @Test func outputChannelsAreChannelTimesMultiplierPlusFilter() throws {
        let layer = DepthwiseConv2D(kernelSize: 1, depthMultiplier: 3)
        let input = Input(shape: [1, 2, 2])
        let model = try Model(inputs: [input], outputs: [try layer(input)])
        let k: [Float] = [1, 2, 3, -1, -2, -3]   // [1, 1, 2, 3]
        let bias: [Float] = [0.5, 0, 0, 0, 0, -0.5]
        let kernel = try #require(layer.kernel), biasParameter = try #require(layer.bias)
        try kernel.assign(Tensor(shape: [1, 1, 2, 3], scalars: k))
        try biasParameter.assign(Tensor(shape: [6], scalars: bias))
        let x = try Tensor(shape: [1, 1, 2, 2], scalars: [2, 10, -1, 4])
        var expected: [Float] = []
        for position in 0..<2 {
            for c in 0..<2 { for m in 0..<3 { expected.append(x.scalars[position * 2 + c] * k[c * 3 + m] + bias[c * 3 + m]) } }
        }
        for usesKernels in [true, false] {
            model.usesKernels = usesKernels
            expectClose(try model.predict(x), expected, shape: [1, 1, 2, 6])
        }
    }

    /// A 2 × 2 kernel of ones with 'same' padding sums each window, the extra zeros at the end.
    @Test func samePaddingPutsTheExtraZerosAtTheEnd() throws {
        let layer = DepthwiseConv2D(kernelSize: 2, padding: .same, useBias: false)
        let input = Input(shape: [3, 3, 1])
        let model = try Model(inputs: [input], outputs: [try layer(input)])
        let kernel = try #require(layer.kernel)
        try kernel.assign(Tensor.ones([2, 2, 1, 1]))
        let x = try Tensor(shape: [1, 3, 3, 1], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        for usesKernels in [true, false] {
            model.usesKernels = usesKernels
            expectClose(try model.predict(x), [12, 16, 9, 24, 28, 15, 15, 17, 9], shape: [1, 3, 3, 1])
        }
    }

    @Test func badHyperParametersAndShapesThrowNamingTheLayer() throws {
        var generator = RandomGenerator(seed: 0)
        let cases: [(any Layer, [Int], String)] = [
            (DepthwiseConv2D(kernelSize: 3, name: "dw"), [5, 5], "[height, width, channels]"),
            (DepthwiseConv2D(kernelSize: 3, name: "dw"), [2, 5, 1], "does not fit"),
            (DepthwiseConv2D(kernelSize: 0, name: "dw"), [5, 5, 1], "kernelSize"),
            (DepthwiseConv2D(kernelSize: [3], name: "dw"), [5, 5, 1], "kernelSize"),
            (DepthwiseConv2D(kernelSize: 3, depthMultiplier: 0, name: "dw"), [5, 5, 1], "depthMultiplier"),
            (DepthwiseConv2D(kernelSize: 3, padding: .causal, name: "dw"), [5, 5, 1], "causal"),
            (DepthwiseConv2D(kernelSize: [3, 3], strides: [1, 0], name: "dw"), [5, 5, 1], "strides"),
            (DepthwiseConv2D(kernelSize: 1, depthMultiplier: 1 << 16, name: "dw"), [1, 1, 1 << 14], "too large"),
            (SeparableConv2D(0, kernelSize: 3, name: "sep"), [5, 5, 1], "filters"),
            (SeparableConv2D(2, kernelSize: 3, name: "sep"), [5, 5, 1, 1], "[height, width, channels]"),
            (DepthwiseConv1D(kernelSize: 3, name: "dw1"), [5, 5, 1], "[steps, channels]"),
            (DepthwiseConv1D(kernelSize: 6, name: "dw1"), [5, 1], "does not fit"),
        ]
        for (layer, shape, fragment) in cases {
            do {
                _ = try layer.build(inputShape: shape, generator: &generator)
                Issue.record("\(layer.name): \(shape) was accepted")
            } catch let error as SynapseError {
                #expect(error.message.hasPrefix("\(layer.name):"), "\(error.message)")
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
        // Built for 2 channels, the layer refuses 3 eagerly.
        let layer = DepthwiseConv2D(kernelSize: 3, name: "dw")
        _ = try layer.build(inputShape: [5, 5, 2], generator: &generator)
        expectSynapseError(.shapeMismatch, mentioning: ["dw:", "2 input channels"]) {
            _ = try layer.forward(try Tensor.zeros([1, 5, 5, 3]), training: false)
        }
    }

    @Test func kerasConfigurationsAreReadAndSavedAsKerasDoes() throws {
        let keras: [String: JSONValue] = [
            "kernel_size": .number(3), "strides": .array([.number(2), .number(1)]), "padding": .string("same"),
            "depth_multiplier": .number(2), "dilation_rate": .number(1), "activation": .string("relu"), "use_bias": .bool(false),
            "data_format": .string("channels_last"),
            "depthwise_initializer": .object(["module": .string("keras.initializers"), "class_name": .string("HeNormal"), "config": .object(["seed": .null])]),
            "depthwise_regularizer": .object(["class_name": .string("L2"), "config": .object(["l2": .number(0.01)])]),
        ]
        let layer = try LayerRegistry.layer(ofType: "DepthwiseConv2D", named: "dw", configuration: keras)
        let depthwise = try #require(layer as? DepthwiseConv2D)
        #expect(depthwise.kernelSize == [3, 3] && depthwise.strides == [2, 1] && depthwise.dilationRate == [1, 1])
        #expect(depthwise.padding == .same && depthwise.depthMultiplier == 2 && depthwise.activation == .relu && !depthwise.useBias)
        #expect(depthwise.depthwiseInitializer == .heNormal && depthwise.depthwiseRegularizer == .l2(0.01))
        let saved = depthwise.configuration
        #expect(saved["kernel_size"] == .array([.number(3), .number(3)]))
        #expect(saved["strides"] == .array([.number(2), .number(1)]))
        #expect(saved["dilation_rate"] == .array([.number(1), .number(1)]))
        #expect(saved["data_format"] == .string("channels_last"))

        let separable = try #require(try LayerRegistry.layer(ofType: "SeparableConv2D", named: "sep", configuration: [
            "filters": .number(8), "kernel_size": .array([.number(3), .number(5)]), "pointwise_initializer": .string("zeros"),
        ]) as? SeparableConv2D)
        #expect(separable.filters == 8 && separable.kernelSize == [3, 5] && separable.strides == [1, 1] && separable.padding == .valid)
        #expect(separable.pointwiseInitializer == .zeros && separable.depthwiseInitializer == .glorotUniform && separable.useBias)

        let sequence = try #require(try LayerRegistry.layer(ofType: "DepthwiseConv1D", named: "dw1", configuration: [
            "kernel_size": .array([.number(4)]), "strides": .number(2), "dilation_rate": .array([.number(1)]),
        ]) as? DepthwiseConv1D)
        #expect(sequence.kernelSize == 4 && sequence.strides == 2 && sequence.configuration["kernel_size"] == .array([.number(4)]))

        let refused: [(String, [String: JSONValue], String)] = [
            ("DepthwiseConv2D", ["kernel_size": .number(3), "data_format": .string("channels_first")], "channels_first"),
            ("DepthwiseConv2D", ["strides": .number(1)], "kernel_size"),
            ("DepthwiseConv2D", ["kernel_size": .array([.number(3), .number(3), .number(3)])], "kernel_size"),
            ("DepthwiseConv2D", ["kernel_size": .number(1e12)], "kernel_size"),
            ("DepthwiseConv2D", ["kernel_size": .number(2.5)], "kernel_size"),
            ("DepthwiseConv2D", ["kernel_size": .number(3), "padding": .string("causal")], "padding"),
            ("DepthwiseConv2D", ["kernel_size": .number(3), "depth_multiplier": .number(0)], "depth_multiplier"),
            ("SeparableConv2D", ["kernel_size": .number(3)], "filters"),
            ("SeparableConv2D", ["filters": .number(-2), "kernel_size": .number(3)], "filters"),
            ("DepthwiseConv1D", ["kernel_size": .array([.number(3), .number(3)])], "kernel_size"),
        ]
        for (type, configuration, fragment) in refused {
            expectSynapseError(.fileError, mentioning: ["\(type) 'probe'", fragment]) {
                _ = try LayerRegistry.layer(ofType: type, named: "probe", configuration: configuration)
            }
        }
    }

    /// Batches large enough for the kernels to split over cores (per-thread partial kernel
    /// gradients), a layer called twice (accumulated parameter gradients) on inputs that also feed
    /// another layer (accumulated input gradients): the kernels train exactly as the tape does.
    @Test func largeBatchesAndSharedLayersTrainAsTheTapeDoes() throws {
        func make(_ usesKernels: Bool) throws -> Model {
            let input = Input(shape: [12, 12, 6])
            let hidden = try Dense(6)(input)
            let depthwise = DepthwiseConv2D(kernelSize: 3, padding: .same, depthMultiplier: 2, activation: .tanh)
            let separable = SeparableConv2D(4, kernelSize: 3, strides: 2, padding: .same, activation: .relu)
            let twice = try Add()([try depthwise(hidden), try depthwise(try Dense(6)(hidden))])
            let output = try Dense(1)(try separable(twice))
            let model = try Model(inputs: [input], outputs: [output], seed: 5)
            for (k, parameter) in model.parameters.enumerated() {
                try parameter.assign(uniformTensor(parameter.shape, low: -0.5, high: 0.5, seed: 40 + UInt64(k)))
            }
            model.usesKernels = usesKernels
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.05))
            return model
        }
        let kernels = try make(true), tape = try make(false)
        let x = try uniformTensor([48, 12, 12, 6], seed: 1), y = try uniformTensor([48, 6, 6, 1], seed: 2)
        let a = try #require(try kernels.fit(x, y, epochs: 2, batchSize: 40, shuffle: false, verbose: 0)["loss"])
        let b = try #require(try tape.fit(x, y, epochs: 2, batchSize: 40, shuffle: false, verbose: 0)["loss"])
        for (u, v) in zip(a, b) { #expect(abs(u - v) <= 1e-4 * max(1, abs(v)), "loss \(u) with kernels, \(v) through the tape") }
        for (p, q) in zip(kernels.parameters, tape.parameters) {
            let difference = zip(p.value.scalars, q.value.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-4, "\(p.path) differs by \(difference)")
        }
    }

    /// Small convolutional models learn targets made from their inputs; a frozen layer keeps its weights.
    @Test func tinyModelsTrain() throws {
        let input = Input(shape: [6, 6, 2])
        let frozen = DepthwiseConv2D(kernelSize: 3, padding: .same, depthMultiplier: 2)
        frozen.isTrainable = false
        let hidden = try SeparableConv2D(4, kernelSize: 3, activation: .relu)(try frozen(input))   // [4, 4, 4]
        let output = try Dense(1)(try DepthwiseConv2D(kernelSize: [4, 1])(hidden))                 // [1, 4, 1]
        let model = try Model(inputs: [input], outputs: [output], seed: 7)
        let x = try uniformTensor([64, 6, 6, 2], seed: 3)
        let xs = x.scalars
        var targets: [Float] = []
        for n in 0..<64 {
            for t in 0..<4 {
                let a: Float = xs[n * 72 + (6 + t + 1) * 2], b: Float = xs[n * 72 + (12 + t + 1) * 2 + 1]
                targets.append((a + b) * 0.5)
            }
        }
        let y = try Tensor(shape: [64, 1, 4, 1], scalars: targets)
        let frozenBefore = frozen.kernel?.value
        try model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01))
        let history = try model.fit(x, y, epochs: 40, batchSize: 16, shuffle: true, verbose: 0)
        let losses: [Float] = try #require(history["loss"])
        #expect(losses.last! < 0.5 * losses.first!, "2-D: loss \(losses.first!) → \(losses.last!)")
        #expect(frozen.kernel?.value == frozenBefore)

        let steps = Input(shape: [8, 2])
        let sequenceModel = try Model(inputs: [steps], outputs: [try Dense(1)(try DepthwiseConv1D(kernelSize: 3, depthMultiplier: 2)(steps))], seed: 9)
        let s = try uniformTensor([64, 8, 2], seed: 4)
        let ss = s.scalars
        var sequenceTargets: [Float] = []
        for n in 0..<64 {
            for t in 0..<6 {
                let a: Float = ss[n * 16 + (t + 1) * 2], b: Float = ss[n * 16 + (t + 2) * 2 + 1]
                sequenceTargets.append(a - 0.5 * b)
            }
        }
        let target = try Tensor(shape: [64, 6, 1], scalars: sequenceTargets)
        try sequenceModel.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.02))
        let sequenceHistory = try sequenceModel.fit(s, target, epochs: 40, batchSize: 16, verbose: 0)
        let sequenceLosses: [Float] = try #require(sequenceHistory["loss"])
        #expect(sequenceLosses.last! < 0.2 * sequenceLosses.first!, "1-D: loss \(sequenceLosses.first!) → \(sequenceLosses.last!)")
    }
}
