import Foundation
import Synapse
import Testing

/// What the layer harness cannot express for the recurrent layers: a mask as the last input (kernels
/// against the tape, and the tape against finite differences, with masked steps, fully masked rows
/// and leading masked steps), `zeroOutputForMask`, `returnState` in a model, and the refusals of the
/// shared base (stateful layers, rates outside [0, 1), wrong input counts).
@Suite("Recurrent layers")
struct RecurrentTests {
    struct Variant: CustomStringConvertible, Sendable {
        let name: String
        let initialStates: Int
        let make: @Sendable () -> Recurrent
        var description: String { name }
    }

    static let steps = 4, features = 2

    static let variants: [Variant] = [
        Variant(name: "LSTM(3)", initialStates: 0) { LSTM(3) },
        Variant(name: "LSTM(3) returnSequences", initialStates: 0) { LSTM(3, returnSequences: true) },
        Variant(name: "LSTM(3) goBackwards returnSequences", initialStates: 0) { LSTM(3, returnSequences: true, goBackwards: true) },
        Variant(name: "LSTM(3) zeroOutputForMask returnSequences", initialStates: 0) {
            let layer = LSTM(3, returnSequences: true)
            layer.zeroOutputForMask = true
            return layer
        },
        Variant(name: "LSTM(3) zeroOutputForMask goBackwards", initialStates: 0) {
            let layer = LSTM(3, goBackwards: true)
            layer.zeroOutputForMask = true
            return layer
        },
        Variant(name: "LSTM(3) initial states returnSequences", initialStates: 2) { LSTM(3, returnSequences: true) },
        Variant(name: "LSTM(3) initial states dropout", initialStates: 2) { LSTM(3, dropout: 0.3, recurrentDropout: 0.3, seed: 4) },
    ]

    /// Per row of five: all kept, masked in the middle and at the end, fully masked, leading masked
    /// steps, one kept step.
    static let maskRows: [[Float]] = [[1, 1, 1, 1], [1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 1, 1], [0, 1, 0, 0]]

    static func mask(rows: Int) throws -> Tensor {
        try Tensor(shape: [rows, steps], scalars: (0..<rows).flatMap { maskRows[$0 % maskRows.count] })
    }

    /// `x` `[rows, steps, features]` with the features of the steps ``maskRows`` masks set to 0.
    static func zeroingMaskedSteps(_ x: Tensor) throws -> Tensor {
        let rows = x.shape[0], width = x.shape[2]
        let mask = try Self.mask(rows: rows).scalars
        return try Tensor(shape: x.shape, scalars: x.scalars.enumerated().map { i, v in mask[i / width] == 0 ? 0 : v })
    }

    /// x → a mask where all features are 0 (the tests' `PaddingMarker`) → Dense (which keeps the mask,
    /// and makes the layer's input gradient count), the initial states through Dense layers too → the
    /// layer (which the model gives the mask) → Dense(2).
    static func makeModel(_ variant: Variant, usesKernels: Bool) throws -> Model {
        let x = Input(shape: [steps, features])
        let states = (0..<variant.initialStates).map { _ in Input(shape: [3]) }
        let layer = variant.make()
        let feeds = try [Dense(features)(try PaddingMarker()(x))] + states.map { try Dense(3)($0) }
        let output = try Dense(2)(try layer(feeds))
        #expect(layer.receivesMask, "the model gives the layer the mask")
        let model = try Model(inputs: [x] + states, outputs: [output], seed: 3)
        try LayerHarnessTests.assignWeights(model.parameters, seed: 100)
        model.usesKernels = usesKernels
        return model
    }

    @Test(arguments: variants)
    func maskedKernelsMatchTheTape(_ variant: Variant) throws {
        let kernels = try Self.makeModel(variant, usesKernels: true), tape = try Self.makeModel(variant, usesKernels: false)
        let rows = 5
        let x = try [Self.zeroingMaskedSteps(uniformTensor([rows, Self.steps, Self.features], seed: 10))]
            + (0..<variant.initialStates).map { try uniformTensor([rows, 3], seed: 11 + UInt64($0)) }
        let y = try uniformTensor([rows] + kernels.outputs[0].shape, seed: 20)
        #expect(LayerHarnessTests.largestDifference(try kernels.predict(x)[0], try tape.predict(x)[0]) <= 1e-5, "\(variant): predict")
        for model in [kernels, tape] { try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1)) }
        let a = try #require(try kernels.fit(x, [y], epochs: 2, batchSize: 3, shuffle: false, verbose: 0)["loss"])
        let b = try #require(try tape.fit(x, [y], epochs: 2, batchSize: 3, shuffle: false, verbose: 0)["loss"])
        for (u, v) in zip(a, b) { #expect(abs(u - v) <= 1e-5 * max(1, abs(v)), "\(variant): loss \(u) vs \(v)") }
        for (p, q) in zip(kernels.parameters, tape.parameters) {
            #expect(LayerHarnessTests.largestDifference(p.value, q.value) <= 1e-5, "\(variant): \(p.path) after training")
        }
        // Training moved the layers below the recurrent one (its input gradients are not zero).
        let fresh = try Self.makeModel(variant, usesKernels: true)
        for k in [1] + (0..<variant.initialStates).map({ 2 + $0 }) {
            #expect(LayerHarnessTests.largestDifference(kernels.layers[k].parameters[0].value, fresh.layers[k].parameters[0].value) > 1e-6,
                    "\(variant): \(kernels.layers[k].name) did not move")
        }
    }

    @Test(arguments: variants.filter { !$0.name.contains("dropout") })
    func maskedTapeGradientsMatchFiniteDifferences(_ variant: Variant) throws {
        let layer = variant.make()
        layer.name = "probe"
        layer.receivesMask = true
        var generator = RandomGenerator(seed: 1)
        let shapes = [[Self.steps, Self.features]] + Array(repeating: [3], count: variant.initialStates) + [[Self.steps]]
        let outputShape = try layer.build(inputShapes: shapes, generator: &generator)[0]
        try LayerHarnessTests.assignWeights(layer.parameters, seed: 500)
        let rows = Self.maskRows.count
        let inputs = try [gridTensor([rows, Self.steps, Self.features], offset: 0, seed: 31)]
            + (0..<variant.initialStates).map { try gridTensor([rows, 3], offset: 0.08, seed: 32 + UInt64($0)) }
        let mask = try Self.mask(rows: rows)
        let w = try probeWeights([rows] + outputShape)
        let parameters = layer.parameters, values = parameters.map(\.value), n = inputs.count
        defer { for (parameter, value) in zip(parameters, values) { parameter.value = value.detached } }
        try expectGradientCheck(at: inputs + values, "\(variant)") { t in
            for (parameter, value) in zip(parameters, t[n...]) { parameter.value = value }
            return try (layer.forward(Array(t[..<n]) + [mask], training: true)[0] * w).sum()
        }
    }

    /// A fully masked row outputs zeros and returns its initial states; a row that keeps only its
    /// first step returns the state after it at every later step.
    @Test func maskedStepsKeepTheStates() throws {
        let layer = LSTM(2, returnSequences: true, returnState: true)
        layer.receivesMask = true
        var generator = RandomGenerator(seed: 2)
        _ = try layer.build(inputShapes: [[3, 2], [2], [2], [3]], generator: &generator)
        let x = try uniformTensor([2, 3, 2], seed: 5), h = try uniformTensor([2, 2], seed: 6), c = try uniformTensor([2, 2], seed: 7)
        let mask = try Tensor(shape: [2, 3], scalars: [0, 0, 0, 1, 0, 0])
        let outputs = try layer.forward([x, h, c, mask], training: false)
        #expect(Array(outputs[0].scalars[0..<6]) == [0, 0, 0, 0, 0, 0])
        #expect(Array(outputs[1].scalars[0..<2]) == Array(h.scalars[0..<2]))
        #expect(Array(outputs[2].scalars[0..<2]) == Array(c.scalars[0..<2]))
        let first = Array(outputs[0].scalars[6..<8])
        #expect(Array(outputs[0].scalars[8..<10]) == first && Array(outputs[0].scalars[10..<12]) == first)
        #expect(Array(outputs[1].scalars[2..<4]) == first)
    }

    /// In a functional model, `returnState` gives the output and the states as three outputs, with
    /// the same values through the kernels and the tape.
    @Test func returnStateInAModel() throws {
        let x = Input(shape: [3, 2])
        let outputs = try LSTM(4, returnState: true).callReturningAll([x])
        #expect(outputs.map(\.shape) == [[4], [4], [4]])
        let model = try Model(inputs: [x], outputs: outputs)
        let data = try uniformTensor([5, 3, 2], seed: 3)
        let kernels = try model.predict([data])
        model.usesKernels = false
        let tape = try model.predict([data])
        for (a, b) in zip(kernels, tape) { #expect(LayerHarnessTests.largestDifference(a, b) <= 1e-6) }
        #expect(kernels[0] == kernels[1], "the output is h")
    }

    @Test func theBaseRefusesWhatItCannotRun() throws {
        var generator = RandomGenerator(seed: 0)
        expectSynapseError(.invalidArgument, mentioning: ["lstm_s", "stateful"]) {
            _ = try LSTM(2, stateful: true, name: "lstm_s").build(inputShape: [3, 2], generator: &generator)
        }
        expectSynapseError(.invalidArgument, mentioning: ["lstm_d", "dropout", "[0, 1)"]) {
            _ = try LSTM(2, dropout: 1, name: "lstm_d").build(inputShape: [3, 2], generator: &generator)
        }
        expectSynapseError(.invalidArgument, mentioning: ["lstm_r", "recurrentDropout"]) {
            _ = try LSTM(2, recurrentDropout: -0.1, name: "lstm_r").build(inputShape: [3, 2], generator: &generator)
        }
        expectSynapseError(.invalidArgument, mentioning: ["lstm_n", "1 or 3 inputs", "found 2"]) {
            _ = try LSTM(2, name: "lstm_n").build(inputShapes: [[3, 2], [2]], generator: &generator)
        }
        expectSynapseError(.shapeMismatch, mentioning: ["lstm_m", "mask of shape [3]"]) {
            let layer = LSTM(2, name: "lstm_m")
            layer.receivesMask = true
            _ = try layer.build(inputShapes: [[3, 2], [4]], generator: &generator)
        }
        expectSynapseError(.fileError, mentioning: ["stateful"]) {
            _ = try LayerRegistry.layer(ofType: "LSTM", named: "l", configuration: ["units": .number(2), "stateful": .bool(true)])
        }
        expectSynapseError(.fileError, mentioning: ["recurrent_dropout"]) {
            _ = try LayerRegistry.layer(ofType: "LSTM", named: "l", configuration: ["units": .number(2), "recurrent_dropout": .number(1.5)])
        }
    }

    /// Keras's defaults: orthogonal recurrent kernel, forget-gate bias 1, configuration keys.
    @Test func lstmDefaultsAreKeras() throws {
        let layer = LSTM(3)
        var generator = RandomGenerator(seed: 9)
        _ = try layer.build(inputShape: [5, 2], generator: &generator)
        #expect(layer.parameters.map(\.name) == ["kernel", "recurrent_kernel", "bias"])
        #expect(layer.parameters.map(\.shape) == [[2, 12], [3, 12], [12]])
        #expect(try #require(layer.bias).value.scalars == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        let u = try #require(layer.recurrentKernel).value
        // Orthogonal [3, 12]: orthonormal rows.
        let gram = try u.matmul(u, transposingOther: true)
        let identity: [Float] = [1, 0, 0, 0, 1, 0, 0, 0, 1]
        #expect(zip(gram.scalars, identity).allSatisfy { abs($0 - $1) < 1e-4 }, "\(gram.scalars)")
        let config = layer.configuration
        for key in ["units", "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
                    "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                    "dropout", "recurrent_dropout", "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "seed"] {
            #expect(config[key] != nil, "missing \(key)")
        }
        #expect(config["recurrent_initializer"] == Initializer.orthogonal().configurationValue)
    }
}
