/// Adds rows and columns of zeros around channels-last images `[height, width, channels]`
/// (Keras's `ZeroPadding2D`).
public final class ZeroPadding2D: PositionMappingLayer {
    public var name: String
    public var typeName: String { "ZeroPadding2D" }
    /// The zero rows added at the top and the bottom, and the zero columns at the left and the right.
    public let padding: (height: (top: Int, bottom: Int), width: (left: Int, right: Int))
    var spatialRank: Int { 2 }

    /// A padding of ((top, bottom), (left, right)) zeros.
    ///
    /// ```swift
    /// let padded = try ZeroPadding2D(padding: ((1, 2), (3, 4)))(images)   // [batch, 7, 5, 3] → [batch, 10, 12, 3]
    /// ```
    public init(padding: ((Int, Int), (Int, Int)), name: String = "") {
        self.padding = ((padding.0.0, padding.0.1), (padding.1.0, padding.1.1))
        self.name = name
    }

    /// A padding of `padding.0` zero rows at the top and at the bottom, and `padding.1` zero columns
    /// at the left and at the right.
    public convenience init(padding: (Int, Int), name: String = "") {
        self.init(padding: ((padding.0, padding.0), (padding.1, padding.1)), name: name)
    }

    /// A padding of `padding` zeros on every side (1 by default, as in Keras).
    public convenience init(padding: Int = 1, name: String = "") {
        self.init(padding: ((padding, padding), (padding, padding)), name: name)
    }

    var amounts: [EdgeAmounts] {
        [EdgeAmounts(before: padding.height.top, after: padding.height.bottom), EdgeAmounts(before: padding.width.left, after: padding.width.right)]
    }

    public var configuration: [String: JSONValue] {
        ["padding": .array(amounts.map(\.configurationValue)), "data_format": .string("channels_last")]
    }

    /// Reads Keras's `padding` (a number, a pair (height, width) or ((top, bottom), (left, right));
    /// default 1) and `data_format`.
    public convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        let a = try configuration.edgeAmounts("padding", axes: 2, default: [EdgeAmounts](repeating: EdgeAmounts(before: 1, after: 1), count: 2))
        self.init(padding: ((a[0].before, a[0].after), (a[1].before, a[1].after)), name: name)
    }

    func positionMap(for sample: [Int]) throws -> PositionMap {
        try .shifted(sample: sample, spatialRank: 2, amounts: amounts, adding: true, layer: name)
    }
}
