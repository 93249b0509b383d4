import Foundation
import Synapse
import Testing

@Suite("Dense")
struct DenseTests {
    @Test func kernelIsGlorotUniformAndBiasZeros() throws {
        for (inputs, units) in [(784, 128), (3, 5), (64, 10)] {
            let dense = Dense(units)
            var generator = RandomGenerator(seed: 11)
            let shape = try dense.build(inputShape: [inputs], generator: &generator)
            #expect(shape == [units])
            let kernel = try #require(dense.kernel).value
            let bias = try #require(dense.bias).value
            #expect(kernel.shape == [inputs, units])
            #expect(bias == (try Tensor.zeros([units])))
            let limit = (6 / Float(inputs + units)).squareRoot()
            #expect(kernel.scalars.allSatisfy { Swift.abs($0) <= limit }, "values beyond ±\(limit)")
            // Spread over the interval, not a narrower one: the extremes come close to ±limit and the
            // variance is that of U(−limit, limit), limit²/3.
            if kernel.count > 1000 {
                #expect(kernel.scalars.max()! > 0.95 * limit && kernel.scalars.min()! < -0.95 * limit)
                let mean = kernel.scalars.reduce(0, +) / Float(kernel.count)
                let variance = kernel.scalars.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(kernel.count)
                #expect(Swift.abs(mean) < 0.02 * limit)
                expectValue(variance, limit * limit / 3, tolerance: 0.05 * limit * limit / 3)
            }
            #expect(dense.parameters.count == 2)
        }
    }

    @Test func forwardIsInputTimesKernelPlusBiasThenActivation() throws {
        let model = Sequential {
            Input(2)
            Dense(3, activation: .relu)
        }
        let dense = try firstDense(model)
        try setWeights(dense, kernel: [[1, -2, 0.5], [3, 1, -1]], bias: [0.5, 0, -0.25])
        let x: [[Float]] = [[1, 2], [-1, 0.5]]
        let expected = x.flatMap { row in
            (0..<3).map { j -> Float in
                let k: [[Float]] = [[1, -2, 0.5], [3, 1, -1]], b: [Float] = [0.5, 0, -0.25]
                return Swift.max(0, row[0] * k[0][j] + row[1] * k[1][j] + b[j])
            }
        }
        expectValues(try model.predict(Tensor(x)), expected, shape: [2, 3])
        expectValues(try model.predict(Tensor(x)), [7.5, 0, 0, 1, 2.5, 0], shape: [2, 3])
    }

    @Test func outputShapesAreInferred() throws {
        let model = Sequential {
            Input(4)
            Dense(8, activation: .relu)
            Dense(3)
        }
        #expect(model.isBuilt)
        #expect(model.outputShape == [3])
        #expect(model.layers.map(\.name) == ["dense", "dense_1"])
        let kernels = model.layers.compactMap { ($0 as? Dense)?.kernel?.value.shape }
        #expect(kernels == [[4, 8], [8, 3]])
        #expect(model.parameters.map(\.path) == ["dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"])
        #expect(try model.predict(Tensor(shape: [5, 4], repeating: 0.5)).shape == [5, 3])

        // Without an Input the model is built from the first data it sees.
        let lazy = Sequential {
            Dense(6)
            Dense(2)
        }
        #expect(!lazy.isBuilt)
        #expect(try lazy.predict(Tensor(shape: [3, 5], repeating: 1)).shape == [3, 2])
        #expect(lazy.inputShape == [5])
        #expect(lazy.outputShape == [2])

        // Samples of rank > 1 are multiplied along their last axis.
        let sequence = Sequential {
            Input(shape: [3, 4])
            Dense(5)
        }
        #expect(sequence.outputShape == [3, 5])
        #expect(try sequence.predict(Tensor(shape: [2, 3, 4], repeating: 1)).shape == [2, 3, 5])
    }

    @Test func withoutBias() throws {
        let model = Sequential {
            Input(2)
            Dense(2, useBias: false)
        }
        let dense = try firstDense(model)
        #expect(dense.bias == nil)
        #expect(dense.parameters.count == 1)
        #expect(model.trainableParameters.map(\.path) == ["dense.kernel"])
        try setWeights(dense, kernel: [[1, 2], [3, 4]])
        #expect(try model.predict(Tensor([[1, 1], [0, 0]])) == Tensor([[4, 6], [0, 0]]))
    }

    @Test func invalidConfigurationsThrow() {
        var generator = RandomGenerator(seed: 0)
        expectError(SynapseError.invalidArgument, mentioning: ["units", "0"]) {
            _ = try Dense(0, name: "dense_x").build(inputShape: [3], generator: &generator)
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["dense_x"]) {
            _ = try Dense(2, name: "dense_x").build(inputShape: [], generator: &generator)
        }
        expectError(SynapseError.invalidState, mentioning: ["dense_x", "built"]) {
            _ = try Dense(2, name: "dense_x").forward(Tensor([[1, 2]]), training: false)
        }
    }

    @Test func wrongFeatureCountThrowsNamingTheLayer() throws {
        let dense = Dense(2, name: "hidden")
        var generator = RandomGenerator(seed: 0)
        _ = try dense.build(inputShape: [3], generator: &generator)
        expectError(SynapseError.shapeMismatch, mentioning: ["hidden", "3", "[1, 4]"]) {
            _ = try dense.forward(Tensor([[1, 2, 3, 4]]), training: false)
        }
    }

    @Test func gradientCheckThroughTheLayer() throws {
        let model = Sequential(seed: 5) {
            Input(3)
            Dense(4, activation: .tanh)
        }
        let dense = try firstDense(model)
        let kernel = try #require(dense.kernel).value
        let bias = Tensor([0.1, -0.2, 0.3, 0.05])
        let x = Tensor([[0.5, -1, 2], [1, 0.3, -0.4]])
        let weights = Tensor([[1, -2, 0.5, 3], [0.7, 1, -1, 0.2]])
        // The layer's forward pass, differentiated in its input, kernel and bias.
        try expectGradientCheck(at: [x, kernel, bias]) { t in
            try dense.kernel!.assign(t[1])
            try dense.bias!.assign(t[2])
            return try (dense.forward(t[0], training: true) * weights).sum()
        }
    }
}
