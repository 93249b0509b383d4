extension Tensor {
    /// A tensor of `shape` filled with `value`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if a dimension is negative or the shape holds
    ///   more than 2³¹ values (8 GiB).
    public init(shape: [Int], repeating value: Float) throws {
        let count = try Shape.checkedCount(shape, what: "Tensor(shape:repeating:)")
        self.init(uncheckedShape: shape, scalars: [Float](repeating: value, count: count))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) throws -> Tensor { try Tensor(shape: shape, repeating: 0) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) throws -> Tensor { try Tensor(shape: shape, repeating: 1) }

    /// A tensor of zeros with the shape of `other`.
    public static func zeros(like other: Tensor) -> Tensor {
        Tensor(uncheckedShape: other.shape, scalars: [Float](repeating: 0, count: other.count))
    }

    /// A tensor of ones with the shape of `other`.
    public static func ones(like other: Tensor) -> Tensor {
        Tensor(uncheckedShape: other.shape, scalars: [Float](repeating: 1, count: other.count))
    }

    /// Values drawn uniformly from [low, high) with `generator`.
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                                     generator: inout RandomGenerator) throws -> Tensor {
        _ = try Shape.checkedCount(shape, what: "randomUniform")
        guard low <= high else {
            throw SynapseError.invalidArgument("randomUniform: low (\(low)) must not exceed high (\(high))")
        }
        return build(shape: shape) { out in
            for i in 0..<out.count { out[i] = generator.nextUniform(low: low, high: high) }
        }
    }

    /// Values drawn uniformly from [low, high) with a generator seeded by `seed`.
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1, seed: UInt64) throws -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return try randomUniform(shape, low: low, high: high, generator: &generator)
    }

    /// Values drawn from a normal distribution with the given mean and standard deviation.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                    generator: inout RandomGenerator) throws -> Tensor {
        _ = try Shape.checkedCount(shape, what: "randomNormal")
        guard standardDeviation >= 0 else {
            throw SynapseError.invalidArgument("randomNormal: standard deviation must be ≥ 0, found \(standardDeviation)")
        }
        return build(shape: shape) { out in
            for i in 0..<out.count { out[i] = mean + standardDeviation * generator.nextNormal() }
        }
    }

    /// Values drawn from a normal distribution with a generator seeded by `seed`.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                    seed: UInt64) throws -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return try randomNormal(shape, mean: mean, standardDeviation: standardDeviation, generator: &generator)
    }
}
