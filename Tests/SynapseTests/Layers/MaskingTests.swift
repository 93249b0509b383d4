import Foundation
import Synapse
import Testing

@Suite("Masking")
struct MaskingTests {
    /// Two samples of 3 steps × 2 features; steps equal to (0, 0) are masked.
    static let x: [Float] = [1, 2, 0, 0, 0, 3,
                             0, 0, 0, 0, 4, 0]

    @Test func zeroesTheStepsWhoseFeaturesAllEqualTheMaskValue() throws {
        let layer = Masking()
        var generator = RandomGenerator(seed: 0)
        _ = try layer.build(inputShape: [3, 2], generator: &generator)
        let input = try Tensor(shape: [2, 3, 2], scalars: Self.x)
        expectClose(try layer.forward(input, training: false), Self.x, shape: [2, 3, 2])
        let shifted = try input + 1
        let other = Masking(maskValue: 1)
        _ = try other.build(inputShape: [3, 2], generator: &generator)
        // With mask value 1 the (1, 1) steps of `x + 1` are zeroed, the rest pass unchanged.
        expectClose(try other.forward(shifted, training: false), [2, 3, 0, 0, 1, 4, 0, 0, 0, 0, 5, 1], shape: [2, 3, 2])
    }

    /// Kernels and tape agree on masked steps, forward and backward: no gradient reaches a masked step.
    @Test func maskedStepsGetNoGradientInThePlan() throws {
        let input = Input(shape: [3, 2])
        let masked = try Masking(maskValue: 1)(input)
        let output = try Dense(1, useBias: false)(try Flatten()(masked))
        let values = try Tensor(shape: [2, 3, 2], scalars: Self.x) + 1
        for usesKernels in [true, false] {
            let model = try Model(inputs: [input], outputs: [output])
            model.usesKernels = usesKernels
            let kernel = try #require(model.layers.last?.parameters.first)
            try kernel.assign(try Tensor(shape: [6, 1], repeating: 1))
            expectClose(try model.predict(values), [2 + 3 + 1 + 4, 5 + 1], shape: [2, 1])
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
            _ = try model.fit(values, try Tensor(shape: [2, 1], repeating: 0), epochs: 1, batchSize: 2, shuffle: false, verbose: 0)
            // Only kernel rows of kept values moved: rows 2, 3 (step 1 of both samples) stay.
            let after = kernel.value.scalars
            #expect(after[2] == 1 && after[3] == 1, "usesKernels \(usesKernels): \(after)")
            #expect(after[0] != 1 && after[4] != 1)
        }
    }
}

@Suite("TimeDistributed")
struct TimeDistributedTests {
    @Test func appliesTheLayerToEveryStepWithTheSameWeights() throws {
        let layer = TimeDistributed(Dense(1, useBias: false), name: "td")
        var generator = RandomGenerator(seed: 0)
        #expect(try layer.build(inputShape: [3, 2], generator: &generator) == [3, 1])
        try layer.parameters[0].assign(try Tensor(shape: [2, 1], scalars: [1, 10]))
        let y = try layer.forward(Tensor(shape: [1, 3, 2], scalars: [1, 2, 3, 4, 5, 6]), training: false)
        expectClose(y, [21, 43, 65], shape: [1, 3, 1])
    }

    /// The weights are named under the wrapped layer, as Keras's `time_distributed/dense/kernel`.
    @Test func weightsAreNamedUnderTheWrappedLayer() throws {
        let model = Sequential { Input(shape: [4, 3]); TimeDistributed(Dense(2)) }
        #expect(model.parameters.map(\.path) == ["time_distributed.dense.kernel", "time_distributed.dense.bias"])
        let named = Sequential { Input(shape: [4, 3]); TimeDistributed(Dense(2, name: "projection"), name: "steps") }
        #expect(named.parameters.map(\.path) == ["steps.projection.kernel", "steps.projection.bias"])
    }

    /// Keras's saved form of the wrapper, with the wrapped layer's full configuration, is read.
    @Test func readsKerasConfiguration() throws {
        let layer = try LayerRegistry.layer(ofType: "TimeDistributed", named: "time_distributed", configuration: [
            "layer": .object(["module": .string("keras.layers"), "class_name": .string("Dense"),
                              "config": .object(["name": .string("dense_4"), "units": .number(3), "activation": .string("relu"),
                                                 "trainable": .bool(true)])]),
        ])
        let wrapper = try #require(layer as? TimeDistributed)
        let dense = try #require(wrapper.layer as? Dense)
        #expect(dense.name == "dense_4" && dense.units == 3 && dense.activation == .relu)
        expectSynapseError(.fileError, mentioning: ["time_distributed", "layer"]) {
            _ = try LayerRegistry.layer(ofType: "TimeDistributed", named: "time_distributed", configuration: [:])
        }
    }

    /// A wrapped layer without kernels (a custom one) runs through the tape, in a plan too.
    @Test func aWrappedLayerWithoutKernelsRunsThroughTheTape() throws {
        final class Double: Layer {
            var name = ""
            var typeName: String { "Double" }
            var configuration: [String: JSONValue] { [:] }
            init() {}
            init(configuration: Configuration, name: String) throws { self.name = name }
            func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] { inputShape }
            func forward(_ input: Tensor, training: Bool) throws -> Tensor { try input * 2 }
        }
        let wrapper = TimeDistributed(Double())
        #expect(!wrapper.providesKernels)
        let model = Sequential { Input(shape: [2, 2]); wrapper }
        let x = try Tensor(shape: [1, 2, 2], scalars: [1, 2, 3, 4])
        expectClose(try model.predict(x), [2, 4, 6, 8], shape: [1, 2, 2])
    }
}
