/// Removes rows and columns at the edges of channels-last images `[height, width, channels]`
/// (Keras's `Cropping2D`).
public final class Cropping2D: PositionMappingLayer {
    public var name: String
    public var typeName: String { "Cropping2D" }
    /// The rows removed at the top and the bottom, and the columns at the left and the right.
    public let cropping: (height: (top: Int, bottom: Int), width: (left: Int, right: Int))
    var spatialRank: Int { 2 }

    /// A crop of ((top, bottom), (left, right)); at least one row and one column must remain.
    ///
    /// ```swift
    /// let cropped = try Cropping2D(cropping: ((1, 2), (0, 1)))(images)   // [batch, 7, 5, 3] → [batch, 4, 4, 3]
    /// ```
    public init(cropping: ((Int, Int), (Int, Int)), name: String = "") {
        self.cropping = ((cropping.0.0, cropping.0.1), (cropping.1.0, cropping.1.1))
        self.name = name
    }

    /// A crop of `cropping.0` rows at the top and at the bottom, and `cropping.1` columns at the
    /// left and at the right.
    public convenience init(cropping: (Int, Int), name: String = "") {
        self.init(cropping: ((cropping.0, cropping.0), (cropping.1, cropping.1)), name: name)
    }

    /// A crop of `cropping` on every side (0 by default, as in Keras).
    public convenience init(cropping: Int = 0, name: String = "") {
        self.init(cropping: ((cropping, cropping), (cropping, cropping)), name: name)
    }

    var amounts: [EdgeAmounts] {
        [EdgeAmounts(before: cropping.height.top, after: cropping.height.bottom), EdgeAmounts(before: cropping.width.left, after: cropping.width.right)]
    }

    public var configuration: [String: JSONValue] {
        ["cropping": .array(amounts.map(\.configurationValue)), "data_format": .string("channels_last")]
    }

    /// Reads Keras's `cropping` (a number, a pair (height, width) or ((top, bottom), (left, right));
    /// default 0) and `data_format`.
    public convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        let a = try configuration.edgeAmounts("cropping", axes: 2, default: [EdgeAmounts](repeating: EdgeAmounts(before: 0, after: 0), count: 2))
        self.init(cropping: ((a[0].before, a[0].after), (a[1].before, a[1].after)), name: name)
    }

    func positionMap(for sample: [Int]) throws -> PositionMap {
        try .shifted(sample: sample, spatialRank: 2, amounts: amounts, adding: false, layer: name)
    }
}
