import Foundation
import Synapse
import Testing

/// GRU and SimpleRNN with masks, initial states and returned states — what the layer harness (one
/// output, every input fed by a `Dense`) does not reach: the tape against finite differences with a
/// mask (a fully masked sample and leading masked steps included), the kernels against the tape in a
/// model whose inputs carry the mask, and the returned states.
@Suite("GRU and SimpleRNN")
struct GRUTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        /// Whether the initial state is an input (after the sequence, before the mask).
        let initialState: Bool
        let make: @Sendable () -> Recurrent
        init(_ name: String, initialState: Bool = false, _ make: @escaping @Sendable () -> Recurrent) {
            self.name = name
            self.initialState = initialState
            self.make = make
        }
        var description: String { name }
    }

    static let steps = 4, features = 3

    static let cases: [Case] = [
        Case("GRU") { GRU(4) },
        Case("GRU sequences") { GRU(4, returnSequences: true) },
        Case("GRU with an initial state, sequences", initialState: true) { GRU(4, returnSequences: true) },
        Case("GRU backwards, sequences") { GRU(3, returnSequences: true, goBackwards: true) },
        Case("GRU resetAfter false") { GRU(4, resetAfter: false) },
        Case("GRU resetAfter false, initial state, backwards, sequences", initialState: true) {
            GRU(4, returnSequences: true, goBackwards: true, resetAfter: false)
        },
        Case("GRU resetAfter false without bias, sequences") { GRU(3, useBias: false, returnSequences: true, resetAfter: false) },
        Case("GRU swish and softplus, sequences") { GRU(3, activation: .swish, recurrentActivation: .softplus, returnSequences: true) },
        Case("GRU returning its state", initialState: true) { GRU(4, returnState: true) },
        Case("SimpleRNN") { SimpleRNN(4) },
        Case("SimpleRNN with an initial state, backwards, sequences", initialState: true) {
            SimpleRNN(4, returnSequences: true, goBackwards: true)
        },
        Case("SimpleRNN sigmoid without bias, sequences") { SimpleRNN(3, activation: .sigmoid, useBias: false, returnSequences: true) },
        Case("SimpleRNN returning its state, sequences") { SimpleRNN(4, returnSequences: true, returnState: true) },
    ]

    /// Per sample `[steps]`: a masked step in the middle, a fully masked sample, two leading masked
    /// steps, the last step masked, everything kept.
    static func mask(rows: Int) throws -> Tensor {
        let patterns: [[Float]] = [[1, 1, 0, 1], [0, 0, 0, 0], [0, 0, 1, 1], [1, 1, 1, 0], [1, 1, 1, 1]]
        return try Tensor(shape: [rows, steps], scalars: (0..<rows).flatMap { patterns[$0 % patterns.count] })
    }

    static func inputShapes(_ c: Case, units: Int) -> [[Int]] {
        [[steps, features]] + (c.initialState ? [[units]] : []) + [[steps]]
    }

    /// The case's layer, reading a mask, built and with fixed weights.
    static func builtLayer(_ c: Case) throws -> Recurrent {
        let layer = c.make()
        layer.name = "probe"
        layer.receivesMask = true
        var generator = RandomGenerator(seed: 1)
        _ = try layer.build(inputShapes: inputShapes(c, units: layer.units), generator: &generator)
        try LayerHarnessTests.assignWeights(layer.parameters, seed: 500)
        return layer
    }

    /// The sequence and (when the case has one) the initial state of `rows` samples.
    static func inputs(_ c: Case, units: Int, rows: Int) throws -> [Tensor] {
        try [gridTensor([rows, steps, features], offset: 0, seed: 41)] + (c.initialState ? [uniformTensor([rows, units], seed: 42)] : [])
    }

    @Test(arguments: cases)
    func maskedTapeMatchesFiniteDifferences(_ c: Case) throws {
        let layer = try Self.builtLayer(c)
        let rows = 5
        let inputs = try Self.inputs(c, units: layer.units, rows: rows), mask = try Self.mask(rows: rows)
        let outputs = try layer.forward(inputs + [mask], training: true)
        let weights = try outputs.map { try probeWeights($0.shape) }
        let n = inputs.count, parameters = layer.parameters
        let values = parameters.map(\.value)
        defer { for (parameter, value) in zip(parameters, values) { try? parameter.assign(value.detached) } }
        try expectGradientCheck(at: inputs + values, "\(c): inputs and parameters") { t in
            for (parameter, value) in zip(parameters, t[n...]) { try parameter.assign(value) }
            let y = try layer.forward(Array(t[..<n]) + [mask], training: true)
            var total = try (y[0] * weights[0]).sum()
            for k in 1..<y.count { total = try total + (y[k] * weights[k]).sum() }
            return total
        }
    }

    /// `x` with the features of the steps ``mask(rows:)`` masks set to 0 (what `PaddingMarker` reads).
    static func zeroingMaskedSteps(_ x: Tensor) throws -> Tensor {
        let width = x.shape[2], mask = try Self.mask(rows: x.shape[0]).scalars
        return try Tensor(shape: x.shape, scalars: x.scalars.enumerated().map { i, v in mask[i / width] == 0 ? 0 : v })
    }

    /// A model whose inputs are the sequence (through a `PaddingMarker`, which makes the mask the
    /// model hands to the layer) and the initial state, and whose outputs are the layer's (the output
    /// through a `Dense(2)`, then any returned states).
    static func makeModel(_ c: Case, usesKernels: Bool) throws -> Model {
        let layer = c.make()
        let x = Input(shape: [steps, features]), state = c.initialState ? [Input(shape: [layer.units])] : []
        let outputs = try layer.callReturningAll([try PaddingMarker()(x)] + state.map { $0 as SymbolicTensor })
        #expect(layer.receivesMask, "\(c): the model gives the layer the mask")
        let model = try Model(inputs: [x] + state, outputs: [try Dense(2)(outputs[0])] + outputs.dropFirst(), seed: 3)
        try LayerHarnessTests.assignWeights(model.parameters, seed: 100)
        model.usesKernels = usesKernels
        return model
    }

    @Test(arguments: cases)
    func maskedKernelsMatchTheTape(_ c: Case) throws {
        let kernels = try Self.makeModel(c, usesKernels: true), tape = try Self.makeModel(c, usesKernels: false)
        let rows = 5, units = c.make().units
        var x = try Self.inputs(c, units: units, rows: rows)
        x[0] = try Self.zeroingMaskedSteps(uniformTensor([rows, Self.steps, Self.features], seed: 43))
        let y = try kernels.outputs.enumerated().map { k, output in try uniformTensor([rows] + output.shape, seed: 20 + UInt64(k)) }
        for (a, b) in zip(try kernels.predict(x), try tape.predict(x)) {
            #expect(LayerHarnessTests.largestDifference(a, b) <= 1e-5, "\(c): predict before training")
        }
        for model in [kernels, tape] { try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1)) }
        let a = try #require(try kernels.fit(x, y, epochs: 1, batchSize: 3, shuffle: false, verbose: 0)["loss"])
        let b = try #require(try tape.fit(x, y, epochs: 1, batchSize: 3, shuffle: false, verbose: 0)["loss"])
        #expect(abs(a[0] - b[0]) <= 1e-5 * max(1, abs(b[0])), "\(c): loss with kernels \(a[0]), through the tape \(b[0])")
        for (p, q) in zip(kernels.parameters, tape.parameters) {
            let scale = max(1, q.value.scalars.map(abs).max() ?? 0)
            #expect(LayerHarnessTests.largestDifference(p.value, q.value) <= 1e-5 * scale, "\(c): \(p.path) after the step")
        }
    }

    /// Masks follow Keras: a masked step keeps the state, a returned sequence repeats the previous
    /// output at a masked step (zeros before the first kept one), a fully masked sample returns its
    /// initial state (zeros without one), and the returned state is the last output.
    @Test(arguments: cases)
    func maskedStepsKeepTheState(_ c: Case) throws {
        let layer = try Self.builtLayer(c)
        let rows = 5, u = layer.units
        let inputs = try Self.inputs(c, units: u, rows: rows), mask = try Self.mask(rows: rows).scalars
        let outputs = try layer.forward(inputs + [Self.mask(rows: rows)], training: false)
        let output = outputs[0].scalars
        let initial = c.initialState ? inputs[1].scalars : [Float](repeating: 0, count: rows * u)
        for r in 0..<rows {
            let kept = (0..<Self.steps).map { mask[r * Self.steps + $0] != 0 }
            let finalOutput = layer.returnSequences ? Array(output[((r * Self.steps + Self.steps - 1) * u)...].prefix(u))
                : Array(output[(r * u)...].prefix(u))
            if !kept.contains(true) {
                #expect(finalOutput == [Float](repeating: 0, count: u), "\(c): a fully masked sample outputs zeros")
            }
            if layer.returnState {
                let state = Array(outputs[1].scalars[(r * u)...].prefix(u))
                let expected = kept.contains(true) ? finalOutput : Array(initial[(r * u)...].prefix(u))
                #expect(state == expected, "\(c): sample \(r)'s returned state")
            }
            guard layer.returnSequences else { continue }
            for step in 0..<Self.steps {
                let t = layer.goBackwards ? Self.steps - 1 - step : step
                guard !kept[t] else { continue }
                let here = Array(output[((r * Self.steps + step) * u)...].prefix(u))
                let before = step == 0 ? [Float](repeating: 0, count: u) : Array(output[((r * Self.steps + step - 1) * u)...].prefix(u))
                #expect(here == before, "\(c): sample \(r), masked step \(step) repeats the previous output")
            }
        }
    }

    /// Without a mask, a GRU whose update gate is shut (z = 1: a huge z bias) keeps its initial state,
    /// and one whose update gate is open (z = 0) with a zero recurrent kernel computes
    /// tanh(x·W_h + b_h) — Keras's gate order z, r, h pinned without the fixtures.
    @Test(arguments: [true, false])
    func theUpdateGateComesFirst(_ resetAfter: Bool) throws {
        let layer = GRU(2, resetAfter: resetAfter)
        var generator = RandomGenerator(seed: 1)
        _ = try layer.build(inputShapes: [[3, 2], [2]], generator: &generator)
        let bias = try #require(layer.bias)
        let x = try uniformTensor([1, 3, 2], seed: 5), h0 = Tensor([[0.3, -0.6]])
        for closed in [true, false] {
            var b = [Float](repeating: 0, count: bias.count)
            for j in 0..<2 { b[j] = closed ? 50 : -50 }
            try bias.assign(try Tensor(shape: bias.shape, scalars: b))
            try #require(layer.recurrentKernel).assign(try Tensor(shape: [2, 6], repeating: 0))
            let kernel = try #require(layer.kernel).value.scalars
            for usesKernels in [false, true] {
                let input = Input(shape: [3, 2]), state = Input(shape: [2])
                let model = try Model(inputs: [input, state], outputs: [try layer([input, state])])
                model.usesKernels = usesKernels
                let h = try model.predict([x, h0])[0].scalars
                if closed {
                    #expect(h.map { ($0 * 1e4).rounded() } == [0.3, -0.6].map { ($0 * 1e4).rounded() })
                } else {
                    let last = Array(x.scalars[4...])
                    let expected = (0..<2).map { j in Foundation.tanh(last[0] * kernel[4 + j] + last[1] * kernel[6 + 4 + j]) }
                    for (a, e) in zip(h, expected) { #expect(abs(a - e) <= 1e-5, "resetAfter \(resetAfter): \(h) vs \(expected)") }
                }
            }
        }
    }

    @Test func aBiasOfTheOtherFormIsRefused() throws {
        let layer = GRU(3, resetAfter: false, name: "gru")
        var generator = RandomGenerator(seed: 1)
        _ = try layer.build(inputShapes: [[4, 2]], generator: &generator)
        #expect(try #require(layer.bias).shape == [9])
        #expect(try GRU(3).build(inputShape: [4, 2], generator: &generator) == [3])
        let bias = try #require(layer.bias)
        expectSynapseError(.shapeMismatch, mentioning: ["[2, 9]", "[9]"]) { try bias.assign(try Tensor(shape: [2, 9], repeating: 0)) }
        #expect(bias.shape == [9])
    }
}

extension GRUTests {
    /// With two threads and 40 rows of 64 units the shared loop runs the GRU's time loop in two chunks
    /// of rows at once (enough work to split); the kernels still compute what the tape does, masks and
    /// initial states included.
    @Test(arguments: [
        Case("GRU(64) with an initial state, sequences", initialState: true) { GRU(64, returnSequences: true) },
        Case("GRU(64) resetAfter false, backwards", initialState: true) { GRU(64, goBackwards: true, resetAfter: false) },
    ])
    func rowChunksOnTwoThreadsMatchTheTape(_ c: Case) throws {
        let threads = Parallel.threadCount
        Parallel.setThreadCount(2)
        defer { Parallel.setThreadCount(threads) }
        let kernels = try Self.makeModel(c, usesKernels: true), tape = try Self.makeModel(c, usesKernels: false)
        let rows = 40
        var x = try Self.inputs(c, units: 64, rows: rows)
        x[0] = try Self.zeroingMaskedSteps(uniformTensor([rows, Self.steps, Self.features], seed: 44))
        let y = try uniformTensor([rows] + kernels.outputs[0].shape, seed: 21)
        for model in [kernels, tape] { try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1)) }
        let a = try #require(try kernels.fit(x, [y], epochs: 1, batchSize: 40, shuffle: false, verbose: 0)["loss"])
        let b = try #require(try tape.fit(x, [y], epochs: 1, batchSize: 40, shuffle: false, verbose: 0)["loss"])
        #expect(abs(a[0] - b[0]) <= 1e-5 * max(1, abs(b[0])), "\(c): loss \(a[0]) vs \(b[0])")
        for (p, q) in zip(kernels.parameters, tape.parameters) {
            #expect(LayerHarnessTests.largestDifference(p.value, q.value) <= 1e-5, "\(c): \(p.path) after training")
        }
        #expect(LayerHarnessTests.largestDifference(try kernels.predict(x)[0], try tape.predict(x)[0]) <= 1e-5, "\(c): predict")
    }
}
