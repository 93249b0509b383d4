import Foundation
import Synapse
import Testing

/// Shapes, hand-computed values, errors and configurations of the pooling layers (their values and
/// gradients against Keras are in `keras_cases_pooling.json`, their kernels in the layer harness).
@Suite("Pooling")
struct PoolingTests {
    static func outputShape(_ layer: any Layer, _ sample: [Int]) throws -> [Int] {
        var generator = RandomGenerator(seed: 0)
        return try layer.build(inputShape: sample, generator: &generator)
    }

    /// A one-layer model's prediction through its kernels, and through the tape.
    static func predictions(_ layer: any Layer, _ x: Tensor) throws -> (kernels: Tensor, tape: Tensor) {
        let input = Input(shape: Array(x.shape.dropFirst()))
        let model = try Model(inputs: [input], outputs: [try layer(input)])
        let kernels = try model.predict([x])[0]
        model.usesKernels = false
        return (kernels, try model.predict([x])[0])
    }

    @Test func outputShapesFollowTensorFlowsFormulas() throws {
        #expect(try Self.outputShape(MaxPooling2D(), [26, 26, 32]) == [13, 13, 32])
        #expect(try Self.outputShape(MaxPooling2D(), [11, 11, 64]) == [5, 5, 64])
        #expect(try Self.outputShape(MaxPooling2D(padding: .same), [11, 11, 64]) == [6, 6, 64])
        #expect(try Self.outputShape(AveragePooling2D(poolSize: 3, strides: 2), [7, 5, 3]) == [3, 2, 3])
        #expect(try Self.outputShape(AveragePooling2D(poolSize: [2, 3], strides: [3, 1], padding: .same), [7, 5, 3]) == [3, 5, 3])
        #expect(try Self.outputShape(MaxPooling1D(poolSize: 3, strides: 1), [7, 4]) == [5, 4])
        #expect(try Self.outputShape(AveragePooling1D(poolSize: 3, strides: 2, padding: .same), [7, 4]) == [4, 4])
        #expect(try Self.outputShape(GlobalMaxPooling1D(), [7, 4]) == [4])
        #expect(try Self.outputShape(GlobalAveragePooling1D(keepdims: true), [7, 4]) == [1, 4])
        #expect(try Self.outputShape(GlobalMaxPooling2D(keepdims: true), [7, 5, 4]) == [1, 1, 4])
        #expect(try Self.outputShape(GlobalAveragePooling2D(), [7, 5, 4]) == [4])
    }

    /// A 4 × 4 single-channel image: max and average of each 2 × 2 block, by hand.
    @Test func twoByTwoPoolingOfAFourByFourImage() throws {
        let x = try Tensor(shape: [1, 4, 4, 1], scalars: (0..<16).map { Float(($0 * 7) % 16) })
        // Values row by row: 0 7 14 5 / 12 3 10 1 / 8 15 6 13 / 4 11 2 9
        for (layer, expected) in [(MaxPooling2D() as any Layer, [12, 14, 15, 13] as [Float]), (AveragePooling2D(), [5.5, 7.5, 9.5, 7.5])] {
            let (kernels, tape) = try Self.predictions(layer, x)
            #expect(kernels.shape == [1, 2, 2, 1])
            #expect(kernels.scalars == expected, "\(layer.typeName)")
            #expect(tape.scalars == expected, "\(layer.typeName) through the tape")
        }
    }

    /// With 'same' padding, an average divides by the real positions of its window only, and a max
    /// never picks a padded zero (all values here are negative).
    @Test func sameWindowsIgnoreThePadding() throws {
        let x = try Tensor(shape: [1, 3, 1], scalars: [-1, -2, -4])
        let (average, averageTape) = try Self.predictions(AveragePooling1D(poolSize: 2, padding: .same), x)
        #expect(average.scalars == [-1.5, -4])
        #expect(averageTape.scalars == [-1.5, -4])
        let (maximum, maximumTape) = try Self.predictions(MaxPooling1D(poolSize: 3, strides: 1, padding: .same), x)
        #expect(maximum.scalars == [-1, -1, -2])
        #expect(maximumTape.scalars == [-1, -1, -2])
    }

    /// At ties the gradient of a max pooling window goes to the first maximum (TensorFlow's kernel),
    /// while a global max shares it among the maxima (TensorFlow's reduce_max).
    @Test func theGradientAtTies() throws {
        let x = try Tensor(shape: [1, 4, 1], scalars: [1, 3, 3, 2])
        let (_, local) = try valueWithGradient(at: [x]) { t in try MaxPooling1D(poolSize: 2, strides: 1).forward(t[0], training: true).sum() }
        #expect(local[0].scalars == [0, 2, 1, 0])
        let (_, global) = try valueWithGradient(at: [x]) { t in try GlobalMaxPooling1D().forward(t[0], training: true).sum() }
        #expect(global[0].scalars == [0, 0.5, 0.5, 0])
    }

    /// The kernels send a tied window's gradient where the tape does: a Dense with every kernel
    /// weight 1 maps positions (1, 0) and (0, 1) to the same value 1, the window's maximum; one SGD
    /// step then moves the weights of the first feature only (the first maximum, row-major: max
    /// pooling) or both features' by half as much (global max pooling shares the gradient among the
    /// maxima). With 9 units the kernels' SIMD path (8 channels) and scalar tail are both exercised.
    @Test(arguments: [(false, 1), (true, 1), (false, 9), (true, 9)])
    func kernelsSendTheGradientAtTiesWhereTheTapeDoes(_ global: Bool, _ units: Int) throws {
        let x = try Tensor(shape: [1, 2, 2, 2], scalars: [1, 0, 0, 1, 0, 0.5, 0.2, 0.2])
        var moves: [[Float]] = []
        for usesKernels in [true, false] {
            let input = Input(shape: [2, 2, 2])
            let dense = Dense(units, useBias: false)
            let pooled = try (global ? GlobalMaxPooling2D() as any Layer : MaxPooling2D())(try dense(input))
            let model = try Model(inputs: [input], outputs: [try Flatten()(pooled)])
            try #require(dense.parameters.count == 1)
            try dense.parameters[0].assign(Tensor(shape: [2, units], repeating: 1))
            model.usesKernels = usesKernels
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.5))
            try model.fit([x], [try Tensor(shape: [1, units], repeating: 0)], epochs: 1, batchSize: 1, shuffle: false, verbose: 0)
            moves.append(dense.parameters[0].value.scalars.map { 1 - $0 })
        }
        // d loss / d max = 2 (1 − 0) / units; a step of 0.5 moves the weight that took it by 1 / units.
        let step = 1 / Float(units)
        let expected = global ? [Float](repeating: step / 2, count: 2 * units)
            : [Float](repeating: step, count: units) + [Float](repeating: 0, count: units)
        for (name, move) in zip(["kernels", "tape"], moves) {
            #expect(zip(move, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(name): \(move)")
        }
    }

    @Test func aValidPoolLargerThanTheInputIsRefusedNamingTheLayer() throws {
        for layer in [MaxPooling2D(poolSize: 3, name: "pool") as any Layer, AveragePooling1D(poolSize: 8, name: "pool")] {
            let sample = layer is MaxPooling2D ? [2, 5, 1] : [7, 1]
            #expect {
                _ = try Self.outputShape(layer, sample)
            } throws: { error in
                guard let error = error as? SynapseError else { return false }
                return error.message.hasPrefix("pool:") && error.kind == .shapeMismatch
            }
        }
        // With 'same' padding the same pool fits.
        #expect(try Self.outputShape(MaxPooling2D(poolSize: 3, padding: .same), [2, 5, 1]) == [1, 2, 1])
    }

    @Test func badSizesAndShapesAreRefusedNamingTheLayer() throws {
        let cases: [(any Layer, [Int])] = [
            (MaxPooling2D(poolSize: 0, name: "pool"), [5, 5, 1]),
            (AveragePooling2D(poolSize: [2, 2], strides: [1, -1], name: "pool"), [5, 5, 1]),
            (MaxPooling1D(poolSize: 2, padding: .causal, name: "pool"), [5, 1]),
            (MaxPooling2D(name: "pool"), [5, 5]),
            (AveragePooling1D(name: "pool"), [5, 5, 1]),
            (GlobalMaxPooling2D(name: "pool"), [5, 1]),
            (GlobalAveragePooling1D(name: "pool"), [0, 3]),
            (MaxPooling2D(poolSize: SpatialSize(1 << 20), strides: 1, padding: .same, name: "pool"), [9, 9, 4]),
        ]
        for (layer, sample) in cases {
            do {
                _ = try Self.outputShape(layer, sample)
                Issue.record("\(layer.typeName) accepted samples of shape \(sample)")
            } catch let error as SynapseError {
                #expect(error.message.hasPrefix("pool:"), "\(error)")
            }
        }
    }

    @Test func kerasKeyNamesConfigureTheLayers() throws {
        let pool = try #require(try LayerRegistry.layer(ofType: "MaxPooling2D", named: "p",
                                                        configuration: ["pool_size": .array([.number(2), .number(3)]), "strides": .null,
                                                                        "padding": .string("same"), "data_format": .string("channels_last")]) as? MaxPooling2D)
        #expect(pool.poolSize == [2, 3] && pool.strides == [2, 3] && pool.padding == .same)
        #expect(pool.configuration["pool_size"] == .array([.number(2), .number(3)]))
        #expect(pool.configuration["strides"] == .array([.number(2), .number(3)]))
        let average = try #require(try LayerRegistry.layer(ofType: "AveragePooling1D", named: "a",
                                                           configuration: ["pool_size": .number(3), "strides": .number(1)]) as? AveragePooling1D)
        #expect(average.poolSize == [3] && average.strides == [1] && average.padding == .valid)
        #expect(average.configuration["pool_size"] == .array([.number(3)]))
        let defaults = try #require(try LayerRegistry.layer(ofType: "MaxPooling1D", named: "m", configuration: [:]) as? MaxPooling1D)
        #expect(defaults.poolSize == [2] && defaults.strides == [2])
        let global = try #require(try LayerRegistry.layer(ofType: "GlobalAveragePooling2D", named: "g",
                                                          configuration: ["keepdims": .bool(true)]) as? GlobalAveragePooling2D)
        #expect(global.keepdims)
        #expect(try LayerRegistry.layer(ofType: "GlobalMaxPooling1D", named: "g", configuration: [:]).configuration["keepdims"] == .bool(false))
    }

    @Test func badConfigurationsAreRefused() {
        let bad: [(String, [String: JSONValue])] = [
            ("MaxPooling2D", ["data_format": .string("channels_first")]),
            ("GlobalAveragePooling1D", ["data_format": .string("channels_first")]),
            ("MaxPooling2D", ["pool_size": .array([.number(2)])]),
            ("MaxPooling2D", ["pool_size": .number(0)]),
            ("AveragePooling1D", ["pool_size": .number(2.5)]),
            ("AveragePooling1D", ["strides": .string("2")]),
            ("MaxPooling1D", ["padding": .string("causal")]),
            ("GlobalMaxPooling2D", ["keepdims": .number(1)]),
        ]
        for (type, configuration) in bad {
            #expect(throws: SynapseError.self, "\(type) \(configuration)") {
                _ = try LayerRegistry.layer(ofType: type, named: "x", configuration: configuration)
            }
        }
        do {
            _ = try LayerRegistry.layer(ofType: "MaxPooling2D", named: "p", configuration: ["data_format": .string("channels_first")])
        } catch let error as SynapseError {
            #expect(error.message.hasPrefix("MaxPooling2D 'p'") && error.message.contains("channels_last"), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }

    /// Odd images (floor and ceiling of the output sizes): kernels and tape agree.
    @Test(arguments: [[9, 9, 4], [11, 11, 3], [7, 5, 8], [5, 7, 19]])
    func kernelsMatchTheTapeOnOddImages(_ sample: [Int]) throws {
        let x = try uniformTensor([3] + sample, seed: 5)
        for layer in [MaxPooling2D() as any Layer, AveragePooling2D(), MaxPooling2D(poolSize: 3, strides: 2, padding: .same),
                      AveragePooling2D(poolSize: 3, strides: 2, padding: .same)] {
            let (kernels, tape) = try Self.predictions(layer, x)
            #expect(kernels.shape == tape.shape)
            #expect(zip(kernels.scalars, tape.scalars).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(layer.typeName)")
        }
    }
}
