/// Enlarges channels-last images `[height, width, channels]` by whole factors (Keras's
/// `UpSampling2D`): nearest-neighbour (each row and column repeated) or bilinear interpolation.
public final class UpSampling2D: PositionMappingLayer {
    /// How new values are made. Keras's other interpolations ("bicubic", "lanczos3", …) are refused
    /// with a clear error.
    public enum Interpolation: String, Sendable {
        /// Each new value copies the nearest original one.
        case nearest
        /// Each new value interpolates linearly between the four nearest original ones, with
        /// half-pixel centres, as TensorFlow's `resize` (edges clamped).
        case bilinear
    }

    public var name: String
    public var typeName: String { "UpSampling2D" }
    /// How many times each row and each column is repeated: `[rows, columns]`.
    public let size: SpatialSize
    /// How new values are made.
    public let interpolation: Interpolation
    var spatialRank: Int { 2 }

    /// An upsampling that repeats each row and each column `size` times (one number for both, or
    /// `[rows, columns]`; 2 by default).
    ///
    /// ```swift
    /// let larger = try UpSampling2D(size: [2, 3])(images)   // [batch, 4, 5, 8] → [batch, 8, 15, 8]
    /// let smooth = UpSampling2D(size: 2, interpolation: .bilinear)
    /// ```
    public init(size: SpatialSize = 2, interpolation: Interpolation = .nearest, name: String = "") {
        self.size = size
        self.interpolation = interpolation
        self.name = name
    }

    public var configuration: [String: JSONValue] {
        ["size": JSONValue.integers(size.values), "interpolation": .string(interpolation.rawValue),
         "data_format": .string("channels_last")]
    }

    /// Reads Keras's `size` (a number or a pair; default 2), `interpolation` ("nearest" or "bilinear") and
    /// `data_format`.
    public convenience init(configuration: Configuration, name: String) throws {
        try configuration.requireChannelsLast()
        let size = try configuration.spatialSizes("size", count: 2, default: [2, 2], in: 1...(1 << 16))
        let text = try configuration.string("interpolation", default: "nearest")
        guard let interpolation = Interpolation(rawValue: text) else {
            throw SynapseError.invalidArgument("\(configuration.owner): interpolation '\(text)' is not supported; Synapse's UpSampling2D supports 'nearest' and 'bilinear'")
        }
        self.init(size: SpatialSize(values: size), interpolation: interpolation, name: name)
    }

    func positionMap(for sample: [Int]) throws -> PositionMap {
        guard size.values.count == 2 else {
            throw SynapseError.invalidArgument("\(name): expected a size for the rows and one for the columns, found \(size)")
        }
        switch interpolation {
        case .nearest: return try .repeated(sample: sample, spatialRank: 2, factors: size.values, layer: name)
        case .bilinear: return try .bilinear(sample: sample, factors: size.values, layer: name)
        }
    }
}
