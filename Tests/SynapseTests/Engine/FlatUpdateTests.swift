import Foundation
import Synapse
import Testing

/// `fit` updates a model's trainable parameters in one pass over their flat block; a custom loop
/// updates them one by one. Both must give the same weights and the same optimizer state.
@Suite("Flat parameter updates")
struct FlatUpdateTests {
    static let optimizers: [(String, @Sendable () -> any Optimizer)] = [
        ("SGD momentum nesterov", { SGD(learningRate: 0.05, momentum: 0.9, nesterov: true) }),
        ("Adam amsgrad clipnorm", { Adam(learningRate: 0.01, amsgrad: true, clipNorm: 0.5) }),
        ("AdamW", { AdamW(learningRate: 0.01) }),
        ("RMSprop centered", { RMSprop(learningRate: 0.01, momentum: 0.5, centered: true) }),
        ("Adagrad global clipnorm", { Adagrad(learningRate: 0.05, globalClipNorm: 0.3) }),
        ("Nadam clipvalue", { Nadam(learningRate: 0.01, clipValue: 0.05) }),
    ]

    static func model() -> Sequential {
        Sequential(seed: 3) {
            Input(5)
            Dense(7, activation: .tanh)
            Dense(6, activation: .relu)
            Dense(3)
        }
    }

    @Test(arguments: 0..<optimizers.count)
    func fitMatchesUpdatesParameterByParameter(_ index: Int) throws {
        let (name, makeOptimizer) = FlatUpdateTests.optimizers[index]
        let x = try Tensor.randomNormal([12, 5], seed: 1), y = try Tensor.randomNormal([12, 3], seed: 2)
        let flat = FlatUpdateTests.model(), byParameter = FlatUpdateTests.model()
        // A frozen layer in the middle: the block holds only the trainable parameters.
        flat.layers[1].isTrainable = false
        byParameter.layers[1].isTrainable = false
        try flat.compile(loss: .meanSquaredError, optimizer: makeOptimizer())
        let optimizer = makeOptimizer()
        for step in 0..<4 {
            try flat.fit(x, y, epochs: step + 1, batchSize: 12, shuffle: false, initialEpoch: step, verbose: 0)
            let parameters = byParameter.trainableParameters
            let (_, gradients) = try valueWithGradient(at: parameters) { try Loss.meanSquaredError(labels: y, predictions: byParameter(x, training: true)) }
            try optimizer.apply(gradients, to: parameters)
        }
        for (a, b) in zip(flat.parameters, byParameter.parameters) {
            #expect(a.path == b.path)
            #expect(maxDifference(a.value, b.value) < 2e-6, "\(name): \(a.path)")
        }
        #expect(flat.layers[1].parameters.map(\.value) == byParameter.layers[1].parameters.map(\.value), "\(name): the frozen layer changed")
        let flatState = flat.compiled!.optimizer.stateTensors(for: flat.trainableParameters)
        let otherState = optimizer.stateTensors(for: byParameter.trainableParameters)
        #expect(Set(flatState.keys) == Set(otherState.keys), "\(name)")
        #expect(!flatState.isEmpty, "\(name)")
        for (key, tensor) in flatState {
            #expect(maxDifference(tensor, otherState[key]!) < 2e-6, "\(name): \(key)")
        }
    }

    /// A parameter trained flat and then updated on its own (a custom loop after `fit`) continues
    /// from the same slots.
    @Test func aCustomLoopAfterFitContinuesFromTheSameState() throws {
        let x = try Tensor.randomNormal([8, 5], seed: 4), y = try Tensor.randomNormal([8, 3], seed: 5)
        let a = FlatUpdateTests.model(), b = FlatUpdateTests.model()
        try a.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01))
        try b.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01))
        try a.fit(x, y, epochs: 3, batchSize: 8, shuffle: false, verbose: 0)
        try b.fit(x, y, epochs: 2, batchSize: 8, shuffle: false, verbose: 0)
        let parameters = b.trainableParameters
        let (_, gradients) = try valueWithGradient(at: parameters) { try Loss.meanSquaredError(labels: y, predictions: b(x, training: true)) }
        try b.compiled!.optimizer.apply(gradients, to: parameters)
        for (p, q) in zip(a.parameters, b.parameters) { #expect(maxDifference(p.value, q.value) < 2e-6, "\(p.path)") }
    }
}

private func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}
