/// Repeats each step of channels-last sequences `[steps, channels]` `size` times (Keras's
/// `UpSampling1D`).
public final class UpSampling1D: PositionMappingLayer {
    public var name: String
    public var typeName: String { "UpSampling1D" }
    /// How many times each step is repeated.
    public let size: Int
    var spatialRank: Int { 1 }

    /// An upsampling that repeats every step `size` times (2 by default).
    ///
    /// ```swift
    /// let longer = try UpSampling1D(size: 2)(sequence)   // [batch, 10, 8] → [batch, 20, 8]
    /// ```
    public init(size: Int = 2, name: String = "") {
        self.size = size
        self.name = name
    }

    public var configuration: [String: JSONValue] { ["size": .number(Double(size))] }

    /// Reads Keras's `size` (default 2).
    public convenience init(configuration: Configuration, name: String) throws {
        self.init(size: try configuration.int("size", default: 2, in: 1...(1 << 16)), name: name)
    }

    func positionMap(for sample: [Int]) throws -> PositionMap {
        try .repeated(sample: sample, spatialRank: 1, factors: [size], layer: name)
    }
}
