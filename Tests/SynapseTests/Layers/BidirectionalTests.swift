import Foundation
import Synapse
import Testing

@Suite("Bidirectional")
struct BidirectionalTests {
    /// Sequences of 4 steps × 3 features whose zero steps an Masking layer masks: row 1 in the middle
    /// and at the end, row 2 at the start.
    static func maskedSequences() throws -> Tensor {
        var x = try uniformTensor([3, 4, 3], low: 0.1, high: 1, seed: 4).scalars
        for (row, step) in [(1, 1), (1, 3), (2, 0), (2, 1)] { for j in 0..<3 { x[(row * 4 + step) * 3 + j] = 0 } }
        return try Tensor(shape: [3, 4, 3], scalars: x)
    }

    /// Masking → Bidirectional(returnState, mergeMode) → every output concatenated → Dense(1): the
    /// kernels and the tape agree on the loss and on every weight after two steps, for each merge mode
    /// (`none` gives two outputs) — the merge's backward, the states' gradients and the mask included.
    @Test(arguments: Bidirectional.MergeMode.allCases)
    func kernelsMatchTheTapeWithMasksStatesAndSeveralOutputs(_ mode: Bidirectional.MergeMode) throws {
        let x = try Self.maskedSequences()
        let y = try uniformTensor([3, 1], seed: 5)
        var losses: [[Float]] = [], weights: [[Tensor]] = []
        var initial: [Tensor]?
        for usesKernels in [true, false] {
            let input = Input(shape: [4, 3])
            let masked = try Masking()(input)
            let outputs = try Bidirectional(LSTM(2, returnSequences: true, returnState: true), mergeMode: mode).callReturningAll([masked])
            let flat = try outputs.map { $0.shape.count == 2 ? try Flatten()($0) : $0 }
            let output = try Dense(1)(try Concatenate()(flat))
            let model = try Model(inputs: [input], outputs: [output])
            model.usesKernels = usesKernels
            // Both models start from the same weights (tests running in parallel draw from the
            // functional API's seed sequence too).
            if let initial {
                for (parameter, value) in zip(model.parameters, initial) { try parameter.assign(value) }
            } else {
                initial = model.parameters.map(\.value)
            }
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.2))
            losses.append(try #require(try model.fit(x, y, epochs: 2, batchSize: 2, shuffle: false, verbose: 0)["loss"]))
            weights.append(model.parameters.map(\.value))
        }
        for (a, b) in zip(losses[0], losses[1]) { #expect(abs(a - b) <= 1e-5, "\(mode): loss \(a) with kernels, \(b) through the tape") }
        for (a, b) in zip(weights[0], weights[1]) { expectClose(a, b, tolerance: 1e-5) }
    }

    /// Masked steps of the returned sequence are zero in both directions (Keras's zero_output_for_mask
    /// inside Bidirectional), and the states skip them: a row whose last steps are masked ends with the
    /// states of its last kept step.
    @Test func maskedStepsOutputZeros() throws {
        let input = Input(shape: [4, 3])
        let outputs = try Bidirectional(LSTM(2, returnSequences: true), mergeMode: .none).callReturningAll([try Masking()(input)])
        let model = try Model(inputs: [input], outputs: outputs)
        let predicted: [Tensor] = try model.predict([Self.maskedSequences()])
        #expect(predicted.count == 2)
        for y in predicted {
            let values = y.scalars
            for (row, step) in [(1, 1), (1, 3), (2, 0), (2, 1)] {
                let start = (row * 4 + step) * 2
                #expect(values[start] == 0 && values[start + 1] == 0, "row \(row), step \(step)")
            }
            #expect(values[(1 * 4 + 2) * 2] != 0)
        }
    }

    /// The copies are named and their weights too as Keras 3 names them (without the cell).
    @Test func namesFollowKeras() throws {
        let model = Sequential {
            Input(shape: [5, 2])
            Bidirectional(GRU(3))
        }
        let layer = try #require(model.layers.first as? Bidirectional)
        #expect(layer.forwardLayer.name == "forward_gru" && layer.backwardLayer.name == "backward_gru")
        #expect(!layer.forwardLayer.goBackwards && layer.backwardLayer.goBackwards)
        #expect(model.parameters.map(\.path) == ["bidirectional.forward_gru.kernel", "bidirectional.forward_gru.recurrent_kernel",
                                                 "bidirectional.forward_gru.bias", "bidirectional.backward_gru.kernel",
                                                 "bidirectional.backward_gru.recurrent_kernel", "bidirectional.backward_gru.bias"])
        #expect(model.outputs[0].shape == [6])
    }

    /// Keras's saved form — merge_mode null for `none`, the forward layer under `layer` — is read, and
    /// a backward layer that reads the same way is refused.
    @Test func configuration() throws {
        let forward = JSONValue.object(["class_name": .string("LSTM"), "config": .object(["name": .string("forward_lstm"), "units": .number(2)])])
        let layer = try LayerRegistry.layer(ofType: "Bidirectional", named: "b", configuration: ["layer": forward, "merge_mode": .null])
        let bidirectional = try #require(layer as? Bidirectional)
        #expect(bidirectional.mergeMode == .none && bidirectional.forwardLayer.name == "forward_lstm")
        #expect(bidirectional.backwardLayer.name == "backward_lstm" && bidirectional.backwardLayer.goBackwards)
        expectSynapseError(.fileError, mentioning: ["merge_mode"]) {
            _ = try LayerRegistry.layer(ofType: "Bidirectional", named: "b", configuration: ["layer": forward, "merge_mode": .string("max")])
        }
        expectSynapseError(.invalidArgument, mentioning: ["b:", "goBackwards"]) {
            _ = try Bidirectional(LSTM(2), backwardLayer: LSTM(2), name: "b")(Input(shape: [3, 2]))
        }
    }
}

/// The SequenceClassification example's second task, short: Embedding(maskZero) → Bidirectional(GRU)
/// learns whether a zero-padded token sequence is longer than half its room — what only the mask
/// tells (a model that reads the padding as tokens has the same inputs, but a GRU that skips them
/// must count the kept steps).
@Suite("Masked length task")
struct MaskedLengthTaskTests {
    /// Sequences of 1…`steps` tokens in 1…4, zero-padded; label 1 when longer than `steps / 2`.
    static func sequences(count: Int, steps: Int, seed: UInt64) throws -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        var x: [Float] = [], y: [Float] = []
        for _ in 0..<count {
            let length = 1 + generator.nextInt(below: steps)
            x += (0..<steps).map { $0 < length ? Float(1 + generator.nextInt(below: 4)) : 0 }
            y.append(length > steps / 2 ? 1 : 0)
        }
        return (try Tensor(shape: [count, steps], scalars: x), try Tensor(shape: [count, 1], scalars: y))
    }

    @Test func learnsTheMaskedLength() throws {
        let (x, y) = try Self.sequences(count: 400, steps: 8, seed: 3)
        let (testX, testY) = try Self.sequences(count: 200, steps: 8, seed: 4)
        let model = Sequential(seed: 1) {
            Input(shape: [8])
            Embedding(inputDim: 5, outputDim: 4, maskZero: true)
            Bidirectional(GRU(6))
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
        let before = try model.evaluate(testX, testY)["accuracy"]!
        try model.fit(x, y, epochs: 12, batchSize: 32, verbose: 0)
        let after = try model.evaluate(testX, testY)["accuracy"]!
        #expect(after >= 0.9, "test accuracy \(after) after training (\(before) before)")
    }
}
