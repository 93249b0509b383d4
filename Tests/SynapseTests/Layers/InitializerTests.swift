import Foundation
import Synapse
import Testing

/// Keras 3's initialisers: fans, limits and moments of the variance-scaling family, truncation,
/// orthogonality, constants, the saved configuration, Keras's names, errors and reproducibility.
@Suite("Initializers")
struct InitializerTests {
    static let everyCase: [Initializer] = [
        .zeros, .ones, .constant(0.25), .randomUniform(), .randomUniform(minimum: -1, maximum: 3),
        .randomNormal(), .randomNormal(mean: 1, standardDeviation: 0.5), .truncatedNormal(),
        .truncatedNormal(mean: -2, standardDeviation: 0.1), .glorotUniform, .glorotNormal, .heUniform,
        .heNormal, .lecunUniform, .lecunNormal, .orthogonal(), .orthogonal(gain: 2.5),
    ]

    static func draw(_ initializer: Initializer, _ shape: [Int], seed: UInt64 = 7) throws -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return try initializer.makeTensor(shape, generator: &generator)
    }

    static func moments(_ values: [Float]) -> (mean: Double, standardDeviation: Double) {
        let mean = values.reduce(0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    /// Keras's `compute_fans`, seen through exact limits: He uses fan_in, Glorot (fan_in + fan_out) / 2,
    /// and a kernel `[…, in, out]` multiplies both by its receptive field.
    @Test(arguments: [([Int](), 1, 1), ([5], 5, 5), ([4, 3], 4, 3), ([3, 3, 16, 32], 144, 288), ([2, 3, 4, 5, 6], 120, 144)])
    func fansFollowKerasComputeFans(shape: [Int], fanIn: Int, fanOut: Int) throws {
        for (initializer, limit) in [(Initializer.heUniform, (6 / Float(fanIn)).squareRoot()),
                                     (.lecunUniform, (3 / Float(fanIn)).squareRoot()),
                                     (.glorotUniform, (6 / Float(fanIn + fanOut)).squareRoot())] {
            var generator = RandomGenerator(seed: 9)
            let expected = try Tensor.randomUniform(shape, low: -limit, high: limit, generator: &generator)
            #expect(try Self.draw(initializer, shape, seed: 9).scalars == expected.scalars, "\(initializer) \(shape)")
        }
    }

    /// `.glorotUniform` draws exactly what `Dense` draws for its kernel today, value for value.
    @Test(arguments: [[4, 3], [784, 128], [7, 1], [1, 1], [13, 250]])
    func glorotUniformDrawsWhatDenseDraws(shape: [Int]) throws {
        var denseGenerator = RandomGenerator(seed: 42)
        let dense = Dense(shape[1])
        _ = try dense.build(inputShape: [shape[0]], generator: &denseGenerator)
        var tensorGenerator = RandomGenerator(seed: 42)
        let limit = (6 / Float(shape[0] + shape[1])).squareRoot()
        let direct = try Tensor.randomUniform(shape, low: -limit, high: limit, generator: &tensorGenerator)
        let drawn = try Self.draw(.glorotUniform, shape, seed: 42)
        #expect(drawn.shape == shape)
        #expect(drawn.scalars == direct.scalars)
        #expect(drawn.scalars == (try #require(dense.kernel)).value.scalars)
    }

    /// Limits, means and standard deviations of the six presets on a matrix and a convolution kernel.
    @Test(arguments: [
        (Initializer.glorotUniform, 1.0, true), (.glorotNormal, 1.0, false), (.heUniform, 2.0, true),
        (.heNormal, 2.0, false), (.lecunUniform, 1.0, true), (.lecunNormal, 1.0, false),
    ])
    func varianceScaling(initializer: Initializer, scale: Double, uniform: Bool) throws {
        let averagesFans = initializer == .glorotUniform || initializer == .glorotNormal
        for (shape, fanIn, fanOut, tolerance) in [([400, 300], 400.0, 300.0, 0.01), ([3, 3, 16, 32], 144.0, 288.0, 0.04)] {
            let values = try Self.draw(initializer, shape).scalars
            let fan = averagesFans ? (fanIn + fanOut) / 2 : fanIn
            let expectedDeviation = (scale / fan).squareRoot()
            // Uniform: within ±√(3·scale/fan), reaching near it; normal: truncated at 2σ, σ = √(scale/fan)/0.8796….
            let bound = uniform ? (3 * scale / fan).squareRoot() : 2 * expectedDeviation / 0.87962566103423978
            let largest = Double(values.map { Swift.abs($0) }.max() ?? 0)
            #expect(largest <= bound * (1 + 1e-6), "\(initializer) \(shape): \(largest) beyond \(bound)")
            #expect(largest >= bound * 0.97, "\(initializer) \(shape): largest \(largest), bound \(bound)")
            let (mean, deviation) = Self.moments(values)
            #expect(Swift.abs(mean) < 4 * expectedDeviation / Double(values.count).squareRoot(), "\(initializer) \(shape): mean \(mean)")
            #expect(Swift.abs(deviation / expectedDeviation - 1) < tolerance,
                    "\(initializer) \(shape): standard deviation \(deviation), expected \(expectedDeviation)")
        }
    }

    @Test func randomUniformNormalAndTruncatedNormal() throws {
        let uniform = try Self.draw(.randomUniform(minimum: -1, maximum: 3), [300, 200]).scalars
        #expect(uniform.allSatisfy { $0 >= -1 && $0 < 3 })
        let (uniformMean, uniformDeviation) = Self.moments(uniform)
        #expect(Swift.abs(uniformMean - 1) < 0.02)
        #expect(Swift.abs(uniformDeviation - 4 / 12.0.squareRoot()) < 0.02)

        let normal = try Self.draw(.randomNormal(mean: 1, standardDeviation: 0.5), [300, 200]).scalars
        let (normalMean, normalDeviation) = Self.moments(normal)
        #expect(Swift.abs(normalMean - 1) < 0.01)
        #expect(Swift.abs(normalDeviation - 0.5) < 0.005)
        #expect(normal.contains { Swift.abs($0 - 1) > 1 }, "an untruncated normal has values beyond 2σ")

        let truncated = try Self.draw(.truncatedNormal(mean: 1, standardDeviation: 0.5), [300, 200]).scalars
        #expect(truncated.allSatisfy { Swift.abs($0 - 1) <= 1 + 1e-6 }, "values within 2σ of the mean")
        #expect(truncated.contains { Swift.abs($0 - 1) > 0.99 })
        let (truncatedMean, truncatedDeviation) = Self.moments(truncated)
        #expect(Swift.abs(truncatedMean - 1) < 0.01)
        // A normal truncated at ±2σ keeps 0.8796…·σ of its standard deviation.
        #expect(Swift.abs(truncatedDeviation - 0.5 * 0.87962566103423978) < 0.005)
        // Keras's defaults: ±0.05 and σ 0.05.
        #expect(try Self.draw(.randomUniform(), [1000]).scalars.allSatisfy { Swift.abs($0) <= 0.05 })
        #expect(try Self.draw(.truncatedNormal(), [1000]).scalars.allSatisfy { Swift.abs($0) <= 0.1 + 1e-7 })
    }

    /// QᵀQ = gain²·I for tall shapes, QQᵀ = gain²·I for wide ones, and (Keras's sign convention) the
    /// matrix is the Q of the drawn normal matrix with R's diagonal positive: QᵀA is upper triangular, diagonal > 0.
    @Test(arguments: [[6, 4], [4, 6], [5, 5], [3, 3, 2, 5], [2, 9], [64, 16]])
    func orthogonalIsOrthogonal(shape: [Int]) throws {
        let rows = shape.dropLast().reduce(1, *), columns = shape[shape.count - 1]
        let m = max(rows, columns), n = min(rows, columns)
        for gain in [Float(1), 2.5] {
            let tensor = try Self.draw(.orthogonal(gain: gain), shape, seed: 11)
            #expect(tensor.shape == shape)
            // Q as an m×n matrix with orthonormal columns (the transpose of a wide result).
            let q: (Int, Int) -> Double = { i, j in
                Double(rows >= columns ? tensor.scalars[i * columns + j] : tensor.scalars[j * columns + i]) / Double(gain)
            }
            var generator = RandomGenerator(seed: 11)
            let a = (0..<(m * n)).map { _ in Double(generator.nextNormal()) }
            for j in 0..<n {
                for k in 0..<n {
                    let qq = (0..<m).reduce(0.0) { $0 + q($1, j) * q($1, k) }
                    #expect(Swift.abs(qq - (j == k ? 1 : 0)) < 1e-5, "\(shape) gain \(gain): (QᵀQ)[\(j)][\(k)] = \(qq)")
                    let r = (0..<m).reduce(0.0) { $0 + q($1, j) * a[$1 * n + k] }
                    if j > k { #expect(Swift.abs(r) < 1e-4, "\(shape): R[\(j)][\(k)] = \(r)") }
                    if j == k { #expect(r > 0, "\(shape): R[\(j)][\(j)] = \(r)") }
                }
            }
        }
        let unit = try Self.draw(.orthogonal(), shape, seed: 3)
        expectClose(try Self.draw(.orthogonal(gain: -0.5), shape, seed: 3), unit.scalars.map { -0.5 * $0 }, tolerance: 1e-6)
    }

    @Test func constants() throws {
        expectClose(try Self.draw(.zeros, [2, 3]), [Float](repeating: 0, count: 6), shape: [2, 3], tolerance: 0)
        expectClose(try Self.draw(.ones, [4]), [1, 1, 1, 1], shape: [4], tolerance: 0)
        expectClose(try Self.draw(.constant(-0.75), [2, 1, 2]), [-0.75, -0.75, -0.75, -0.75], shape: [2, 1, 2], tolerance: 0)
        expectClose(try Self.draw(.constant(3), []), [3], shape: [], tolerance: 0)
        #expect(try Self.draw(.heNormal, []).shape == [])
        #expect("\(Initializer.glorotUniform)" == "GlorotUniform()")
        #expect("\(Initializer.randomUniform())" == "RandomUniform(minval: -0.05, maxval: 0.05)")
        #expect("\(Initializer.orthogonal())" == "Orthogonal(gain: 1.0)")
    }

    @Test func configurationRoundTrip() throws {
        for initializer in Self.everyCase {
            let saved = initializer.configurationValue
            #expect(try Initializer(configurationValue: saved, owner: "test") == initializer, "\(saved)")
            // Through JSON text, as in a model file.
            let text = try JSONEncoder().encode(saved)
            let read = try JSONDecoder().decode(JSONValue.self, from: text)
            #expect(try Initializer(configurationValue: read, owner: "test") == initializer, "\(String(decoding: text, as: UTF8.self))")
        }
        #expect(Initializer.glorotUniform.configurationValue == .object(["class_name": .string("GlorotUniform"), "config": .object(["seed": .null])]))
        #expect(Initializer.zeros.configurationValue == .object(["class_name": .string("Zeros"), "config": .object([:])]))
        #expect(Initializer.constant(0.5).configurationValue == .object(["class_name": .string("Constant"), "config": .object(["value": .number(0.5)])]))
        #expect(Initializer.randomUniform(minimum: -1, maximum: 2).configurationValue == .object([
            "class_name": .string("RandomUniform"), "config": .object(["minval": .number(-1), "maxval": .number(2), "seed": .null])]))
        #expect(Initializer.truncatedNormal(mean: 0.5, standardDeviation: 2).configurationValue == .object([
            "class_name": .string("TruncatedNormal"), "config": .object(["mean": .number(0.5), "stddev": .number(2), "seed": .null])]))
        #expect(Initializer.orthogonal(gain: 2).configurationValue == .object([
            "class_name": .string("Orthogonal"), "config": .object(["gain": .number(2), "seed": .null])]))
    }

    @Test func kerasNamesAndSavedFormsDecode() throws {
        let names: [(String, Initializer)] = [
            ("glorot_uniform", .glorotUniform), ("GlorotUniform", .glorotUniform), ("glorot_normal", .glorotNormal),
            ("he_uniform", .heUniform), ("he_normal", .heNormal), ("HeNormal", .heNormal), ("lecun_uniform", .lecunUniform),
            ("lecun_normal", .lecunNormal), ("zeros", .zeros), ("zero", .zeros), ("Zeros", .zeros), ("ones", .ones),
            ("one", .ones), ("constant", .constant(0)), ("random_uniform", .randomUniform()), ("uniform", .randomUniform()),
            ("random_normal", .randomNormal()), ("normal", .randomNormal()), ("truncated_normal", .truncatedNormal()),
            ("orthogonal", .orthogonal()), ("Orthogonal", .orthogonal()), ("OrthogonalInitializer", .orthogonal()),
            ("variance_scaling", .lecunNormal),
        ]
        for (name, expected) in names {
            #expect(try Initializer(configurationValue: .string(name), owner: "test") == expected, "\(name)")
        }
        // As Keras 3 writes them in a layer's config.
        let saved: [(String, Initializer)] = [
            (#"{"module": "keras.initializers", "class_name": "OrthogonalInitializer", "config": {"gain": 1.0, "seed": null}, "registered_name": null}"#, .orthogonal()),
            (#"{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": 12}, "registered_name": null}"#, .glorotUniform),
            (#"{"class_name": "RandomUniform", "config": {"minval": 0.0, "maxval": 0.5, "seed": null}}"#, .randomUniform(minimum: 0, maximum: 0.5)),
            (#"{"class_name": "Constant", "config": {"value": 1.0}}"#, .constant(1)),
            (#"{"class_name": "Zeros", "config": {}}"#, .zeros),
            (#"{"class_name": "TruncatedNormal"}"#, .truncatedNormal()),
            (#"{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "normal"}}"#, .heNormal),
            (#"{"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform"}}"#, .glorotUniform),
        ]
        for (text, expected) in saved {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(try Initializer(configurationValue: value, owner: "test") == expected, "\(text)")
        }
    }

    @Test func badArgumentsThrowClearErrors() {
        var generator = RandomGenerator(seed: 1)
        let bad: [(Initializer, [Int], [String])] = [
            (.randomUniform(minimum: 1, maximum: 1), [2], ["RandomUniform", "minimum < maximum", "minimum 1.0 and maximum 1.0"]),
            (.randomUniform(minimum: -.infinity, maximum: 1), [2], ["RandomUniform", "finite"]),
            (.randomNormal(standardDeviation: 0), [2], ["RandomNormal", "standard deviation", "> 0", "found 0.0"]),
            (.truncatedNormal(standardDeviation: -1), [2], ["TruncatedNormal", "found -1.0"]),
            (.truncatedNormal(mean: .nan, standardDeviation: 1), [2], ["mean", "found nan"]),
            (.constant(.infinity), [2], ["Constant", "finite", "found inf"]),
            (.orthogonal(gain: .nan), [2, 2], ["Orthogonal", "gain"]),
            (.orthogonal(), [5], ["Orthogonal", "rank ≥ 2", "[5] of rank 1"]),
            (.orthogonal(), [], ["rank ≥ 2", "rank 0"]),
            (.glorotUniform, [3, 0], ["GlorotUniform", "≥ 1", "found 0 in shape [3, 0]"]),
            (.zeros, [-2], ["Zeros", "found -2"]),
            (.heNormal, [1 << 16, 1 << 16], ["HeNormal", "more than 2147483648 values"]),
            (.ones, [Int.max, 4], ["more than 2147483648 values"]),
        ]
        for (initializer, shape, fragments) in bad {
            expectSynapseError(.invalidArgument, mentioning: fragments) { _ = try initializer.makeTensor(shape, generator: &generator) }
        }
    }

    @Test func badConfigurationsThrowClearErrors() throws {
        let owner = "Dense \"dense_1\": kernel_initializer"
        let bad: [(String, [String])] = [
            (#""identity""#, [owner, "unknown initializer 'identity'", "GlorotUniform"]),
            (#"{"class_name": "Bogus", "config": {}}"#, [owner, "'Bogus'"]),
            (#"3"#, [owner, "glorot_uniform", "found 3"]),
            (#"{"config": {}}"#, [owner, "class_name"]),
            (#"{"class_name": "Constant", "config": 2}"#, [owner, "must be an object"]),
            (#"{"class_name": "RandomNormal", "config": {"stddev": -1}}"#, [owner, "RandomNormal", "standard deviation", "found -1.0"]),
            (#"{"class_name": "RandomUniform", "config": {"minval": "low"}}"#, [owner, "minval must be a number, found \"low\""]),
            (#"{"class_name": "RandomUniform", "config": {"minval": 1, "maxval": 0}}"#, [owner, "minimum < maximum"]),
            (#"{"class_name": "Orthogonal", "config": {"gain": 1e300}}"#, [owner, "gain", "finite"]),
            (#"{"class_name": "VarianceScaling", "config": {"scale": 3, "mode": "fan_out"}}"#, [owner, "scale 3.0", "fan_out"]),
        ]
        for (text, fragments) in bad {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            expectSynapseError(.fileError, mentioning: fragments) { _ = try Initializer(configurationValue: value, owner: owner) }
        }
    }

    @Test func equalSeedsGiveEqualValues() throws {
        for initializer in Self.everyCase {
            let shape = [12, 10]
            #expect(try Self.draw(initializer, shape, seed: 5).scalars == Self.draw(initializer, shape, seed: 5).scalars, "\(initializer)")
            var generator = RandomGenerator(seed: 5)
            let first = try initializer.makeTensor(shape, generator: &generator)
            let second = try initializer.makeTensor(shape, generator: &generator)
            let isRandom = ![Initializer.zeros, .ones, .constant(0.25)].contains(initializer)
            #expect((first.scalars != second.scalars) == isRandom, "\(initializer): the generator advances")
            if isRandom {
                #expect(try Self.draw(initializer, shape, seed: 5).scalars != Self.draw(initializer, shape, seed: 6).scalars, "\(initializer)")
            }
        }
    }
}
