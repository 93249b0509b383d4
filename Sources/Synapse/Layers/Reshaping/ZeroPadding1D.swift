/// Adds zero steps at the start and the end of channels-last sequences `[steps, channels]`
/// (Keras's `ZeroPadding1D`).
public final class ZeroPadding1D: PositionMappingLayer {
    public var name: String
    public var typeName: String { "ZeroPadding1D" }
    /// The zero steps added before the first step and after the last.
    public let padding: (before: Int, after: Int)
    var spatialRank: Int { 1 }

    /// A padding of `padding.before` zero steps at the start and `padding.after` at the end.
    ///
    /// ```swift
    /// let padded = try ZeroPadding1D(padding: (1, 2))(sequence)   // [batch, 10, 8] → [batch, 13, 8]
    /// ```
    public init(padding: (Int, Int), name: String = "") {
        self.padding = (padding.0, padding.1)
        self.name = name
    }

    /// A padding of `padding` zero steps at each end (1 by default, as in Keras).
    public convenience init(padding: Int = 1, name: String = "") {
        self.init(padding: (padding, padding), name: name)
    }

    public var configuration: [String: JSONValue] {
        ["padding": EdgeAmounts(before: padding.before, after: padding.after).configurationValue, "data_format": .string("channels_last")]
    }

    /// Reads Keras's `padding` (a number or a pair (before, after); default 1) and `data_format`.
    public convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        let amounts = try configuration.edgeAmounts("padding", axes: 1, default: [EdgeAmounts(before: 1, after: 1)])
        self.init(padding: (amounts[0].before, amounts[0].after), name: name)
    }

    func positionMap(for sample: [Int]) throws -> PositionMap {
        try .shifted(sample: sample, spatialRank: 1, amounts: [EdgeAmounts(before: padding.before, after: padding.after)], adding: true, layer: name)
    }
}
