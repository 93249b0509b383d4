/// Removes steps at the start and the end of channels-last sequences `[steps, channels]`
/// (Keras's `Cropping1D`).
public final class Cropping1D: PositionMappingLayer {
    public var name: String
    public var typeName: String { "Cropping1D" }
    /// The steps removed at the start and at the end.
    public let cropping: (before: Int, after: Int)
    var spatialRank: Int { 1 }

    /// A crop of `cropping.before` steps at the start and `cropping.after` at the end; at least one
    /// step must remain.
    ///
    /// ```swift
    /// let cropped = try Cropping1D(cropping: (1, 2))(sequence)   // [batch, 10, 8] → [batch, 7, 8]
    /// ```
    public init(cropping: (Int, Int), name: String = "") {
        self.cropping = (cropping.0, cropping.1)
        self.name = name
    }

    /// A crop of `cropping` steps at each end (1 by default, as in Keras).
    public convenience init(cropping: Int = 1, name: String = "") {
        self.init(cropping: (cropping, cropping), name: name)
    }

    public var configuration: [String: JSONValue] {
        ["cropping": EdgeAmounts(before: cropping.before, after: cropping.after).configurationValue]
    }

    /// Reads Keras's `cropping` (a number or a pair (before, after); default 1).
    public convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        let amounts = try configuration.edgeAmounts("cropping", axes: 1, default: [EdgeAmounts(before: 1, after: 1)])
        self.init(cropping: (amounts[0].before, amounts[0].after), name: name)
    }

    func positionMap(for sample: [Int]) throws -> PositionMap {
        try .shifted(sample: sample, spatialRank: 1, amounts: [EdgeAmounts(before: cropping.before, after: cropping.after)], adding: false, layer: name)
    }
}
