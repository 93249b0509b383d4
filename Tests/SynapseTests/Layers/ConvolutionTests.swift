import Foundation
import Synapse
import Testing

/// Conv1D, Conv2D and Conv2DTranspose beyond the harness and the Keras cases: output shapes
/// against Keras's formulas, refused hyper-parameters and configurations, configurations in Keras's
/// keys, the transposed convolution as the adjoint of the convolution (also where TensorFlow's CPU
/// kernels cannot give a reference: dilation), and training.
private func num(_ value: Double) -> JSONValue { .number(value) }
private func ints(_ values: Int...) -> JSONValue { .array(values.map { .number(Double($0)) }) }

@Suite("Convolution")
struct ConvolutionTests {
    /// Keras's output length of a convolution (`conv_output_length`).
    static func convolutionLength(_ input: Int, kernel: Int, stride: Int, dilation: Int, padding: String) -> Int {
        let extent = (kernel - 1) * dilation + 1
        switch padding {
        case "same", "causal": return (input + stride - 1) / stride
        default: return (input - extent + stride) / stride
        }
    }

    /// Keras's output length of a transposed convolution (`deconv_output_length`).
    static func transposedLength(_ input: Int, kernel: Int, stride: Int, dilation: Int, padding: String, outputPadding: Int?) -> Int {
        let extent = (kernel - 1) * dilation + 1
        guard let outputPadding else {
            return padding == "valid" ? input * stride + max(extent - stride, 0) : input * stride
        }
        let pad = padding == "same" ? extent / 2 : 0
        return (input - 1) * stride + extent - 2 * pad + outputPadding
    }

    static func build(_ layer: any Layer, _ shape: [Int]) throws -> [Int] {
        var generator = RandomGenerator(seed: 1)
        return try layer.build(inputShape: shape, generator: &generator)
    }

    // MARK: Shapes

    @Test func conv2DOutputShapesFollowKerasFormulas() throws {
        for (height, width) in [(7, 5), (8, 8), (9, 4)] {
            for (kh, kw) in [(1, 1), (3, 2), (3, 3), (2, 4)] {
                for padding in ["valid", "same"] {
                    for (strides, dilation) in [((1, 1), (1, 1)), ((2, 1), (1, 1)), ((2, 3), (1, 1)), ((1, 1), (2, 1)), ((1, 1), (2, 2))] {
                        let oh = Self.convolutionLength(height, kernel: kh, stride: strides.0, dilation: dilation.0, padding: padding)
                        let ow = Self.convolutionLength(width, kernel: kw, stride: strides.1, dilation: dilation.1, padding: padding)
                        let layer = Conv2D(5, kernelSize: [kh, kw], strides: [strides.0, strides.1], padding: Padding(rawValue: padding)!,
                                           dilationRate: [dilation.0, dilation.1])
                        layer.name = "c"
                        if oh < 1 || ow < 1 {
                            #expect(throws: SynapseError.self) { try Self.build(layer, [height, width, 2]) }
                            continue
                        }
                        #expect(try Self.build(layer, [height, width, 2]) == [oh, ow, 5], "\(height)×\(width) k \(kh)×\(kw) \(padding) s \(strides) d \(dilation)")
                        #expect(layer.kernel?.shape == [kh, kw, 2, 5])
                        let x = try uniformTensor([2, height, width, 2], seed: 3)
                        #expect(try layer.forward(x, training: false).shape == [2, oh, ow, 5])
                    }
                }
            }
        }
    }

    @Test func conv1DOutputShapesFollowKerasFormulas() throws {
        for steps in [5, 8, 11] {
            for kernel in [1, 2, 3, 5] {
                for padding in ["valid", "same", "causal"] {
                    for (stride, dilation) in [(1, 1), (2, 1), (3, 1), (1, 2), (1, 3)] {
                        let length = Self.convolutionLength(steps, kernel: kernel, stride: stride, dilation: dilation, padding: padding)
                        let layer = Conv1D(4, kernelSize: kernel, strides: stride, padding: Padding(rawValue: padding)!,
                                           dilationRate: dilation, groups: 2)
                        layer.name = "c"
                        if length < 1 {
                            #expect(throws: SynapseError.self) { try Self.build(layer, [steps, 6]) }
                            continue
                        }
                        #expect(try Self.build(layer, [steps, 6]) == [length, 4], "\(steps) k \(kernel) \(padding) s \(stride) d \(dilation)")
                        #expect(layer.kernel?.shape == [kernel, 3, 4])
                    }
                }
            }
        }
    }

    @Test func conv2DTransposeOutputShapesFollowKerasFormulas() throws {
        for (height, width) in [(3, 4), (5, 2)] {
            for kernel in [1, 2, 3, 4] {
                for padding in ["valid", "same"] {
                    for stride in [1, 2, 3] {
                        for outputPadding in [nil] + Array(0..<stride) {
                            let oh = Self.transposedLength(height, kernel: kernel, stride: stride, dilation: 1, padding: padding, outputPadding: outputPadding)
                            let ow = Self.transposedLength(width, kernel: kernel, stride: stride, dilation: 1, padding: padding, outputPadding: outputPadding)
                            let layer = Conv2DTranspose(3, kernelSize: SpatialSize(kernel), strides: SpatialSize(stride), padding: Padding(rawValue: padding)!,
                                                        outputPadding: outputPadding.map { SpatialSize($0) })
                            layer.name = "t"
                            let what = "\(height)×\(width) k \(kernel) \(padding) s \(stride) op \(outputPadding.map { "\($0)" } ?? "none")"
                            // Keras (TensorFlow) refuses the few combinations whose output does not convolve back to the input.
                            guard let shape = try? Self.build(layer, [height, width, 2]) else {
                                let back = Self.convolutionLength(oh, kernel: kernel, stride: stride, dilation: 1, padding: padding)
                                #expect(oh < 1 || back != height, "\(what): refused")
                                continue
                            }
                            #expect(shape == [oh, ow, 3], "\(what)")
                            #expect(layer.kernel?.shape == [kernel, kernel, 3, 2])
                            let x = try uniformTensor([2, height, width, 2], seed: 4)
                            #expect(try layer.forward(x, training: false).shape == [2, oh, ow, 3], "\(what)")
                        }
                    }
                }
            }
        }
    }

    // MARK: Errors

    static func expectRefusal(_ layer: any Layer, _ shape: [Int], containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        layer.name = "conv_probe"
        do {
            _ = try build(layer, shape)
            Issue.record("accepted \(shape)", sourceLocation: sourceLocation)
        } catch let error as SynapseError {
            #expect(error.message.hasPrefix("conv_probe:"), "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func badHyperParametersAndShapesAreRefusedNamingTheLayer() {
        Self.expectRefusal(Conv2D(4, kernelSize: 3, groups: 2), [5, 5, 3], containing: "groups")
        Self.expectRefusal(Conv2D(5, kernelSize: 3, groups: 2), [5, 5, 4], containing: "groups")
        Self.expectRefusal(Conv1D(4, kernelSize: 3, groups: 0), [5, 4], containing: "groups")
        Self.expectRefusal(Conv2D(4, kernelSize: 3, strides: 2, dilationRate: 2), [9, 9, 1], containing: "dilation")
        Self.expectRefusal(Conv1D(4, kernelSize: 3, strides: 2, dilationRate: [2].count + 1), [9, 1], containing: "dilation")
        Self.expectRefusal(Conv2DTranspose(4, kernelSize: 3, strides: 2, dilationRate: 2), [3, 3, 1], containing: "dilation")
        Self.expectRefusal(Conv2D(4, kernelSize: [3, 6]), [5, 5, 1], containing: "does not fit")
        Self.expectRefusal(Conv1D(4, kernelSize: 3, dilationRate: 3), [6, 1], containing: "does not fit")
        Self.expectRefusal(Conv2D(4, kernelSize: 3, padding: .causal), [5, 5, 1], containing: "padding")
        Self.expectRefusal(Conv2DTranspose(4, kernelSize: 3, padding: .causal), [5, 5, 1], containing: "padding")
        Self.expectRefusal(Conv2D(0, kernelSize: 3), [5, 5, 1], containing: "filters")
        Self.expectRefusal(Conv2D(4, kernelSize: 0), [5, 5, 1], containing: "kernel_size")
        Self.expectRefusal(Conv2D(4, kernelSize: [3, 3, 3]), [5, 5, 1], containing: "kernel_size")
        Self.expectRefusal(Conv2D(4, kernelSize: 3, strides: -1), [5, 5, 1], containing: "strides")
        Self.expectRefusal(Conv2DTranspose(4, kernelSize: 3, strides: 2, outputPadding: 2), [3, 3, 1], containing: "output_padding")
        Self.expectRefusal(Conv2D(4, kernelSize: 3), [5, 5], containing: "[height, width, channels]")
        Self.expectRefusal(Conv1D(4, kernelSize: 3), [5, 5, 1], containing: "[steps, channels]")
        Self.expectRefusal(Conv2D(4, kernelSize: 3), [5, 5, 0], containing: "sizes ≥ 1")
        // Sizes whose weights could not be counted are refused before anything is allocated.
        Self.expectRefusal(Conv2D(1 << 24, kernelSize: [1 << 20, 1 << 20], padding: .same), [2, 2, 1 << 20], containing: "more than")
    }

    @Test func badConfigurationsAreRefused() throws {
        let good: [String: JSONValue] = ["filters": num(4), "kernel_size": num(3)]
        func with(_ extra: [String: JSONValue]) -> [String: JSONValue] { good.merging(extra) { $1 } }
        #expect(try LayerRegistry.layer(ofType: "Conv2D", named: "c", configuration: good).typeName == "Conv2D")
        let bad: [(String, [String: JSONValue], String)] = [
            ("Conv2D", with(["data_format": .string("channels_first")]), "channels_last"),
            ("Conv1D", with(["data_format": .string("channels_first")]), "channels_last"),
            ("Conv2DTranspose", with(["data_format": .string("channels_first")]), "channels_last"),
            ("Conv2D", ["filters": num(4)], "kernel_size"),
            ("Conv2D", ["kernel_size": num(3)], "filters"),
            ("Conv2D", ["filters": num(0), "kernel_size": num(3)], "filters"),
            ("Conv2D", ["filters": num(4.5), "kernel_size": num(3)], "filters"),
            ("Conv2D", ["filters": num(4), "kernel_size": ints(3, 3, 3)], "kernel_size"),
            ("Conv2D", ["filters": num(4), "kernel_size": ints(3, 0)], "kernel_size"),
            ("Conv2D", ["filters": num(4), "kernel_size": .string("3")], "kernel_size"),
            ("Conv2D", ["filters": num(4), "kernel_size": num(1e12)], "kernel_size"),
            ("Conv1D", ["filters": num(4), "kernel_size": ints(3, 3)], "kernel_size"),
            ("Conv2D", with(["strides": ints(2, -1)]), "strides"),
            ("Conv2D", with(["strides": num(2), "dilation_rate": num(2)]), "dilation"),
            ("Conv2D", with(["padding": .string("causal")]), "padding"),
            ("Conv2D", with(["padding": .string("full")]), "padding"),
            ("Conv2D", with(["groups": num(3)]), "groups"),
            ("Conv2DTranspose", with(["strides": num(2), "output_padding": num(2)]), "output_padding"),
            ("Conv2DTranspose", with(["output_padding": ints(0)]), "output_padding"),
            ("Conv2D", with(["activation": .string("nope")]), "activation"),
        ]
        for (type, configuration, text) in bad {
            do {
                _ = try LayerRegistry.layer(ofType: type, named: "c", configuration: configuration)
                Issue.record("\(type) accepted \(configuration)")
            } catch let error as SynapseError {
                #expect(error.message.contains("\(type) 'c'") && error.message.contains(text), "\(error.message)")
            }
        }
        // channels_last and null are accepted.
        for format in [JSONValue.string("channels_last"), .null] {
            _ = try LayerRegistry.layer(ofType: "Conv2D", named: "c", configuration: with(["data_format": format]))
        }
    }

    // MARK: Configuration

    @Test func configurationUsesKerasKeysAndLists() throws {
        let layer = try LayerRegistry.layer(ofType: "Conv2D", named: "c", configuration: [
            "filters": num(6), "kernel_size": num(3), "strides": ints(2, 1), "padding": .string("same"), "groups": num(2),
            "activation": .string("relu"), "use_bias": .bool(false),
            "kernel_regularizer": .object(["class_name": .string("L2"), "config": .object(["l2": num(0.5)])]),
        ])
        let conv = try #require(layer as? Conv2D)
        #expect(conv.kernelSize == [3, 3] && conv.strides == [2, 1] && conv.dilationRate == 1 && conv.groups == 2)
        #expect(conv.padding == .same && conv.activation == .relu && !conv.useBias && conv.kernelRegularizer == .l2(0.5))
        let saved = conv.configuration
        #expect(saved["filters"] == num(6))
        #expect(saved["kernel_size"] == ints(3, 3))
        #expect(saved["strides"] == ints(2, 1))
        #expect(saved["dilation_rate"] == ints(1, 1))
        #expect(saved["padding"] == .string("same"))
        #expect(saved["data_format"] == .string("channels_last"))
        #expect(saved["groups"] == num(2))
        #expect(saved["use_bias"] == .bool(false))
        #expect(saved["activation"] == .string("relu"))
        #expect(saved["kernel_initializer"] == Initializer.glorotUniform.configurationValue)
        let again = try LayerRegistry.layer(ofType: "Conv2D", named: "c", configuration: saved)
        #expect(again.configuration == saved)

        let oneD = Conv1D(3, kernelSize: 5, padding: .causal, dilationRate: 2)
        #expect(oneD.configuration["kernel_size"] == ints(5))
        #expect(oneD.configuration["dilation_rate"] == ints(2))
        #expect(oneD.configuration["padding"] == .string("causal"))
        let transposed = Conv2DTranspose(3, kernelSize: [2, 3], strides: 2, outputPadding: [1, 0])
        #expect(transposed.configuration["output_padding"] == ints(1, 0))
        #expect(transposed.configuration["groups"] == nil)
        #expect(Conv2DTranspose(3, kernelSize: 2).configuration["output_padding"] == .null)
        let rebuilt = try #require(try LayerRegistry.layer(ofType: "Conv2DTranspose", named: "t", configuration: transposed.configuration) as? Conv2DTranspose)
        #expect(rebuilt.outputPadding == [1, 0] && rebuilt.strides == 2 && rebuilt.kernelSize == [2, 3])
    }

    // MARK: Values

    /// Σ a·b over all values.
    static func dot(_ a: Tensor, _ b: Tensor) -> Double {
        zip(a.scalars, b.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// A transposed convolution is the adjoint of the convolution with the same kernel (read as
    /// [kh, kw, filters, channels] for the one, [kh, kw, in, out] for the other):
    /// ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩, through the tape and through the plan's kernels. This covers
    /// dilation, for which TensorFlow's CPU kernels give Keras no reference.
    @Test(arguments: [(3, 1, 1, "valid"), (3, 2, 1, "same"), (2, 3, 1, "valid"), (3, 1, 2, "valid"), (2, 1, 2, "same"), (4, 2, 1, "same")])
    func transposedConvolutionIsTheAdjointOfConvolution(_ kernel: Int, _ stride: Int, _ dilation: Int, _ padding: String) throws {
        let transposed = Conv2DTranspose(3, kernelSize: SpatialSize(kernel), strides: SpatialSize(stride), padding: Padding(rawValue: padding)!,
                                         dilationRate: SpatialSize(dilation), useBias: false)
        transposed.name = "t"
        let inputShape = [3, 4, 2]
        let outputShape = try Self.build(transposed, inputShape)
        let conv = Conv2D(2, kernelSize: SpatialSize(kernel), strides: SpatialSize(stride), padding: Padding(rawValue: padding)!,
                          dilationRate: SpatialSize(dilation), useBias: false)
        conv.name = "c"
        #expect(try Self.build(conv, outputShape) == inputShape)
        let w = try uniformTensor([kernel, kernel, 3, 2], seed: 9)
        try #require(transposed.kernel).assign(w)
        try #require(conv.kernel).assign(w)
        let x = try uniformTensor([2] + inputShape, seed: 10)
        let y = try uniformTensor([2] + outputShape, seed: 11)
        let left = Self.dot(try conv.forward(y, training: false), x)
        let right = Self.dot(try transposed.forward(x, training: false), y)
        #expect(abs(left - right) <= 1e-4 * max(1, abs(left)), "⟨conv y, x⟩ \(left), ⟨y, convᵀ x⟩ \(right)")
        // The plan's kernels agree.
        let input = Input(shape: inputShape)
        let model = try Model(inputs: [input], outputs: [try transposed(input)])
        #expect(Self.dot(try model.predict(x), y) - right < 1e-4 * max(1, abs(right)))
        let convInput = Input(shape: outputShape)
        let convModel = try Model(inputs: [convInput], outputs: [try conv(convInput)])
        #expect(abs(Self.dot(try convModel.predict(y), x) - left) < 1e-4 * max(1, abs(left)))
    }

    /// A 1×1 convolution is a dense layer over the channels (the pointwise kernels skip im2col).
    @Test func pointwiseConvolutionIsDenseOverChannels() throws {
        let conv = Conv2D(3, kernelSize: 1, activation: .tanh)
        let dense = Dense(3, activation: .tanh)
        _ = try Self.build(conv, [4, 5, 2])
        _ = try Self.build(dense, [4, 5, 2])
        try #require(dense.kernel).assign(#require(conv.kernel).value.reshaped([2, 3]))
        try #require(dense.bias).assign(uniformTensor([3], seed: 2))
        try #require(conv.bias).assign(#require(dense.bias).value)
        let x = try uniformTensor([3, 4, 5, 2], seed: 5)
        let input = Input(shape: [4, 5, 2])
        let model = try Model(inputs: [input], outputs: [try conv(input)])
        let expected = try dense.forward(x, training: false)
        for got in [try conv.forward(x, training: false), try model.predict(x)] {
            #expect(zip(got.scalars, expected.scalars).allSatisfy { abs($0 - $1) <= 1e-5 })
        }
    }

    /// Conv1D is Conv2D over a height of one.
    @Test func conv1DIsConv2DOverAHeightOfOne() throws {
        let one = Conv1D(3, kernelSize: 3, strides: 2, padding: .same, groups: 1, activation: .relu)
        let two = Conv2D(3, kernelSize: [1, 3], strides: [1, 2], padding: .same, activation: .relu)
        _ = try Self.build(one, [9, 2])
        _ = try Self.build(two, [1, 9, 2])
        try #require(two.kernel).assign(#require(one.kernel).value.reshaped([1, 3, 2, 3]))
        let x = try uniformTensor([2, 9, 2], seed: 6)
        let a = try one.forward(x, training: false), b = try two.forward(x.reshaped([2, 1, 9, 2]), training: false)
        #expect(a.shape == [2, 5, 3])
        #expect(a.scalars == b.scalars)
    }

    /// A layer called twice in one model (a shared layer): its kernels add both calls' parameter
    /// gradients, and the gradients of an input read by both calls add up, as through the tape.
    @Test(arguments: ["Conv2D", "Conv2D relu 16", "Conv1D", "Conv2DTranspose"])
    func aSharedLayerAccumulatesItsGradients(_ type: String) throws {
        func makeModel(usesKernels: Bool) throws -> Model {
            let shape = type == "Conv1D" ? [6, 2] : [4, 4, 2]
            let input = Input(shape: shape)
            let h = try Dense(2)(input)
            let shared: any Layer = switch type {
            case "Conv1D": Conv1D(3, kernelSize: 3, padding: .same, activation: .tanh)
            case "Conv2D": Conv2D(3, kernelSize: 3, padding: .same, activation: .tanh)
            // 16 filters: the one-pass ReLU + bias gradient kernel.
            case "Conv2D relu 16": Conv2D(16, kernelSize: 3, padding: .same, activation: .relu)
            default: Conv2DTranspose(3, kernelSize: 2, strides: 2, activation: .tanh)
            }
            let a = try shared(h)
            let b = try shared(try Dense(2)(h))
            let output = try Dense(1)(try Add()([a, b]))
            let model = try Model(inputs: [input], outputs: [output], seed: 5)
            for (k, parameter) in model.parameters.enumerated() {
                try parameter.assign(uniformTensor(parameter.shape, low: -0.7, high: 0.7, seed: 40 + UInt64(k)))
            }
            model.usesKernels = usesKernels
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
            return model
        }
        let kernels = try makeModel(usesKernels: true), tape = try makeModel(usesKernels: false)
        let x = try uniformTensor([5] + kernels.inputs[0].shape, seed: 7)
        let y = try uniformTensor([5] + kernels.outputs[0].shape, seed: 8)
        let before = kernels.parameters.map(\.value)
        for model in [kernels, tape] { try model.fit(x, y, epochs: 2, batchSize: 3, shuffle: false, verbose: 0) }
        for (k, (p, q)) in zip(kernels.parameters, tape.parameters).enumerated() {
            let moved = zip(p.value.scalars, before[k].scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(moved > 1e-6, "\(p.path) did not move")
            let difference = zip(p.value.scalars, q.value.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-5, "\(type): \(p.path) differs by \(difference)")
        }
    }

    /// Samples large enough that the kernels run a batch of 5 in several chunks (at most 3 samples
    /// each at 2 threads, ``ConvolutionKernels/chunkRows``): outputs, parameter gradients accumulated over the
    /// chunks and input gradients agree with the tape, for the fused ReLU + bias pass, an activation
    /// that keeps its pre-activation values, groups and a transposed convolution.
    @Test(arguments: ["Conv2D relu 16", "Conv2D elu", "Conv2D groups", "Conv1D", "Conv2DTranspose"])
    func aBatchRunInChunksMatchesTheTape(_ type: String) throws {
        func makeModel(usesKernels: Bool) throws -> Model {
            let input = Input(shape: type == "Conv1D" ? [8192, 16] : [32, 32, 16])
            let layer: any Layer = switch type {
            case "Conv2D relu 16": Conv2D(16, kernelSize: 3, padding: .same, activation: .relu)
            case "Conv2D elu": Conv2D(4, kernelSize: 3, activation: .elu)
            case "Conv2D groups": Conv2D(8, kernelSize: 3, padding: .same, groups: 2, activation: .tanh)
            case "Conv1D": Conv1D(4, kernelSize: 3, activation: .tanh)
            default: Conv2DTranspose(16, kernelSize: 3, padding: .same, activation: .tanh)
            }
            let output = try Dense(1)(try layer(try Dense(16)(input)))
            let model = try Model(inputs: [input], outputs: [output], seed: 6)
            for (k, parameter) in model.parameters.enumerated() {
                try parameter.assign(uniformTensor(parameter.shape, low: -0.3, high: 0.3, seed: 60 + UInt64(k)))
            }
            model.usesKernels = usesKernels
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.01))
            return model
        }
        let kernels = try makeModel(usesKernels: true), tape = try makeModel(usesKernels: false)
        let x = try uniformTensor([5] + kernels.inputs[0].shape, seed: 9)
        let y = try uniformTensor([5] + kernels.outputs[0].shape, seed: 10)
        let predicted = try kernels.predict(x), reference = try tape.predict(x)
        let gap = zip(predicted.scalars, reference.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(gap <= 1e-4, "\(type): predict differs by \(gap)")
        let before = kernels.parameters.map(\.value)
        for model in [kernels, tape] { try model.fit(x, y, epochs: 1, batchSize: 5, shuffle: false, verbose: 0) }
        for (k, (p, q)) in zip(kernels.parameters, tape.parameters).enumerated() {
            let moved = zip(p.value.scalars, before[k].scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(moved > 1e-7, "\(type): \(p.path) did not move")
            let scale = max(1, q.value.scalars.map(abs).max() ?? 0)
            let difference = zip(p.value.scalars, q.value.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-5 * scale, "\(type): \(p.path) differs by \(difference)")
        }
    }

    // MARK: Training

    @Test func aConv2DInASequentialLearns() throws {
        let model = Sequential(seed: 4) {
            Input(shape: [6, 6, 1])
            Conv2D(4, kernelSize: 3, padding: .same, activation: .relu)
            Conv2D(4, kernelSize: 3, strides: 2, activation: .relu)
            Conv2D(2, kernelSize: 2)
        }
        // Targets: the mean of each image's left and right halves.
        let x = try uniformTensor([32, 6, 6, 1], seed: 12)
        var targets: [Float] = []
        for n in 0..<32 {
            var left: Float = 0, right: Float = 0
            for i in 0..<36 {
                let value = x.scalars[n * 36 + i]
                if i % 6 < 3 { left += value } else { right += value }
            }
            targets += [left / 18, right / 18]
        }
        let y = try Tensor(shape: [32, 1, 1, 2], scalars: targets)
        try model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01))
        let history = try model.fit(x, y, epochs: 40, batchSize: 8, verbose: 0)
        let losses = try #require(history["loss"])
        #expect(losses.count == 40)
        #expect(losses.last! < 0.3 * losses.first!, "loss went from \(losses.first!) to \(losses.last!)")
    }
}
