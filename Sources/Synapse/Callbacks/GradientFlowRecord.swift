import Foundation

/// What ``GradientFlow`` measured for one layer in one recorded batch — one record of its JSON file.
///
/// The JSON keys are snake_case: `step`, `epoch`, `layer`, `gradient_norm`, `weight_norm`,
/// `update_ratio`, `dead_fraction` (`null` where a value does not apply).
public struct GradientFlowRecord: Codable, Equatable, Sendable {
    /// The global batch count, 1-based over the whole `fit` (as TensorBoard's batch steps).
    public var step: Int
    /// The epoch, 0-based.
    public var epoch: Int
    /// The layer's name.
    public var layer: String
    /// ‖g‖: the L2 norm of the gradients of the layer's trainable parameters taken together, as the
    /// optimizer applied them; `nil` for a layer without trainable parameters.
    public var gradientNorm: Float?
    /// ‖w‖: the L2 norm of those parameters before the batch's update.
    public var weightNorm: Float?
    /// ‖Δw‖/‖w‖: how far the batch's update moved the weights, relative to their size (`nil` when
    /// ‖w‖ = 0). For plain SGD it is lr·‖g‖/‖w‖.
    public var updateRatio: Float?
    /// For a ReLU-family layer (``RectifiedLayer``): the fraction of its units (last axis) whose
    /// output was never above zero in the batch; `nil` for other layers.
    public var deadFraction: Float?

    /// A record; see the properties.
    public init(step: Int, epoch: Int, layer: String, gradientNorm: Float?, weightNorm: Float?, updateRatio: Float?,
                deadFraction: Float?) {
        self.step = step
        self.epoch = epoch
        self.layer = layer
        self.gradientNorm = gradientNorm
        self.weightNorm = weightNorm
        self.updateRatio = updateRatio
        self.deadFraction = deadFraction
    }

    enum CodingKeys: String, CodingKey {
        case step, epoch, layer
        case gradientNorm = "gradient_norm"
        case weightNorm = "weight_norm"
        case updateRatio = "update_ratio"
        case deadFraction = "dead_fraction"
    }

    /// Writes every key, with `null` for a missing value (the synthesised encoder would leave it out).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step, forKey: .step)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(layer, forKey: .layer)
        try container.encode(gradientNorm, forKey: .gradientNorm)
        try container.encode(weightNorm, forKey: .weightNorm)
        try container.encode(updateRatio, forKey: .updateRatio)
        try container.encode(deadFraction, forKey: .deadFraction)
    }
}

extension GradientFlowRecord {
    /// The records as a JSON array, one record per line; infinite and NaN values as the strings
    /// `"inf"`, `"-inf"` and `"nan"`.
    static func json(_ records: [GradientFlowRecord]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let lines = try records.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        return "[\n" + lines.map { "  " + $0 }.joined(separator: ",\n") + (lines.isEmpty ? "]\n" : "\n]\n")
    }

    /// Reads a file ``GradientFlow`` wrote.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` when the file cannot be read,
    ///   ``SynapseError/invalidData(_:)`` naming it when it is not such a JSON array.
    public static func records(contentsOf path: String) throws -> [GradientFlowRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SynapseError.fileError("cannot read gradient-flow records '\(path)': no readable file there")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode([GradientFlowRecord].self, from: data)
        } catch {
            throw SynapseError.invalidData("'\(path)': expected a JSON array of gradient-flow records, found: \(error)")
        }
    }
}
