import Foundation
import Synapse
import Testing

/// Whole numbers uniform in `0..<below`, as Float indices, from a fixed seed.
func indexTensor(_ shape: [Int], below: Int, seed: UInt64) throws -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    return try Tensor(shape: shape, scalars: (0..<count).map { _ in Float(generator.nextInt(below: below)) })
}

@Suite("Embedding")
struct EmbeddingTests {
    /// An embedding of 4 rows of 2 whose row r is (10r, 10r + 1).
    static func table() throws -> Embedding {
        let layer = Embedding(inputDim: 4, outputDim: 2, name: "words")
        var generator = RandomGenerator(seed: 0)
        _ = try layer.build(inputShape: [3], generator: &generator)
        try layer.embeddings?.assign(try Tensor(shape: [4, 2], scalars: [0, 1, 10, 11, 20, 21, 30, 31]))
        return layer
    }

    @Test func looksUpRowsByIndex() throws {
        let layer = try Self.table()
        let y = try layer.forward(Tensor(shape: [2, 3], scalars: [3, 0, 1, 2, 2, 0]), training: false)
        expectClose(y, [30, 31, 0, 1, 10, 11, 20, 21, 20, 21, 0, 1], shape: [2, 3, 2])
    }

    @Test func theGradientAddsUpOverRepeatedIndices() throws {
        let layer = try Self.table()
        let x = try Tensor(shape: [1, 3], scalars: [2, 0, 2])
        let upstream = try Tensor(shape: [1, 3, 2], scalars: [1, 2, 3, 4, 5, 6])
        let (_, gradients) = try valueWithGradient(at: layer.parameters) { try (layer.forward(x, training: true) * upstream).sum() }
        expectClose(gradients[0], [3, 4, 0, 0, 6, 8, 0, 0], shape: [4, 2])
    }

    @Test func theDefaultsAreKeras() throws {
        let layer = Embedding(inputDim: 1000, outputDim: 8)
        #expect(layer.embeddingsInitializer == .randomUniform(minimum: -0.05, maximum: 0.05))
        #expect(!layer.maskZero)
        var generator = RandomGenerator(seed: 3)
        #expect(try layer.build(inputShape: [5], generator: &generator) == [5, 8])
        let values = try #require(layer.embeddings).value.scalars
        #expect(values.allSatisfy { abs($0) <= 0.05 } && Set(values).count > 100)
    }

    @Test(arguments: [Float(4), -1, 1.5, .nan])
    func refusesAnIndexOutsideTheTable(_ bad: Float) throws {
        let layer = try Self.table()
        expectSynapseError(.invalidData, mentioning: ["words:", "0..<4", "\(bad)"]) {
            _ = try layer.forward(Tensor(shape: [1, 3], scalars: [0, bad, 1]), training: false)
        }
    }

    /// In a model's plan the layer's check runs before its kernel: predict and fit throw the same error.
    @Test func aModelRefusesAnIndexOutsideTheTable() throws {
        let model = Sequential {
            Input(shape: [3])
            Embedding(inputDim: 4, outputDim: 2, name: "words")
            Flatten()
            Dense(1)
        }
        try model.compile(loss: .meanSquaredError, optimizer: SGD())
        let x = try Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 7, 1])
        expectSynapseError(.invalidData, mentioning: ["words:", "7.0", "0..<4"]) { _ = try model.predict(x) }
        expectSynapseError(.invalidData, mentioning: ["words:", "7.0", "0..<4"]) {
            _ = try model.fit(x, try Tensor(shape: [2, 1], repeating: 0), epochs: 1, verbose: 0)
        }
        // Valid indices still run afterwards.
        #expect(try model.predict(Tensor(shape: [1, 3], scalars: [0, 1, 3])).shape == [1, 1])
    }

    @Test func configurationUsesKerasKeys() throws {
        let layer = try LayerRegistry.layer(ofType: "Embedding", named: "e", configuration: [
            "input_dim": .number(12), "output_dim": .number(4), "mask_zero": .bool(true),
            "embeddings_initializer": .object(["class_name": .string("RandomUniform"),
                                               "config": .object(["minval": .number(-0.05), "maxval": .number(0.05), "seed": .null])]),
        ])
        let embedding = try #require(layer as? Embedding)
        #expect(embedding.inputDim == 12 && embedding.outputDim == 4 && embedding.maskZero)
        expectSynapseError(.fileError, mentioning: ["input_dim"]) {
            _ = try LayerRegistry.layer(ofType: "Embedding", named: "e", configuration: ["input_dim": .number(0), "output_dim": .number(4)])
        }
    }
}
