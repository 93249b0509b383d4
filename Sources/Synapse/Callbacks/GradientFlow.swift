import Foundation

/// The gradient-flow view: which layer stopped learning, and where the gradients blew up.
///
/// Every `every` batches (the batches whose global count, 1-based over the `fit`, is 1, 1 + N,
/// 1 + 2N, …) it measures, for each layer with trainable parameters (all of them taken together):
///
/// - the gradient norm ‖g‖, the gradient the optimizer applied in that batch;
/// - the weight norm ‖w‖ before the batch's update;
/// - the update ratio ‖Δw‖/‖w‖ of that batch (about 1e-3 is healthy; lr·‖g‖/‖w‖ for plain SGD);
/// - for a ReLU-family layer (``RectifiedLayer``: `Dense(…, activation: .relu)`, ``ReLU``,
///   ``LeakyReLU``, …) the fraction of its units (last axis) that were never above zero in the batch.
///
/// A layer's gradients **vanish** when ‖g‖ < `vanishingThreshold` × max(‖w‖, 1) and **explode** when
/// ‖g‖ > `explodingThreshold` × max(‖w‖, 1) or ‖g‖ is not finite: relative to the weights, with the
/// weights' norm counted as at least 1 so that a layer with tiny (or zero) weights is judged on the
/// absolute norm. The first time a layer crosses either line the callback writes a warning naming it
/// (once per layer and condition).
///
/// At every epoch's end and when training ends it writes the records as JSON (``GradientFlowRecord``)
/// to `jsonPath` and a heat map to `svgPath`: the layers from input (top) to output (bottom), the
/// recorded steps left to right, each cell coloured by log₁₀ ‖g‖, vanishing and exploding cells
/// marked, and a second panel for the update ratio. Both are written atomically.
///
/// Used with the `TensorBoard` callback (in either order), the same numbers appear there as
/// scalars `gradient_flow/<layer>/gradient_norm`, `…/weight_norm`, `…/update_ratio` and
/// `…/dead_fraction` at the recorded steps, through ``TrainingContext/measurements``.
///
/// ```swift
/// let flow = try GradientFlow(every: 10, jsonPath: "flow.json", svgPath: "flow.svg")
/// try model.fit(x, y, epochs: 5, callbacks: [flow])
/// print(flow.vanishingLayers)   // ["dense", "dense_1"]
/// ```
public final class GradientFlow: Callback {
    /// `true`: under a ``DistributionStrategy`` only the chief runs it (it writes files and warnings;
    /// the gradients it reads are the whole batch's, the same on every rank).
    public var runsOnChiefOnly: Bool { true }

    /// Measure every this many batches.
    public let every: Int
    /// Below this ‖g‖ / max(‖w‖, 1) a layer's gradients vanish.
    public let vanishingThreshold: Float
    /// Above this ‖g‖ / max(‖w‖, 1) a layer's gradients explode.
    public let explodingThreshold: Float
    /// Where the JSON records go (`nil`: not written).
    public let jsonPath: String?
    /// Where the SVG chart goes (`nil`: not written).
    public let svgPath: String?
    /// Whether warnings are written.
    public let warn: Bool
    private let write: (String) -> Void

    /// Every measurement of the current (or last) `fit`, in order: by step, then by layer from input
    /// to output.
    public private(set) var records: [GradientFlowRecord] = []
    /// The layers whose gradients vanished at least once, in the order first seen.
    public private(set) var vanishingLayers: [String] = []
    /// The layers whose gradients exploded at least once, in the order first seen.
    public private(set) var explodingLayers: [String] = []

    private var step = 0
    private var epoch = 0
    /// The tracked layers' weights before the batch being recorded (`nil` between recorded batches).
    private var snapshot: [[Float]]?
    private var tracked: [TrackedLayer] = []

    /// Creates the view.
    ///
    /// - Parameters:
    ///   - every: measure every this many batches (≥ 1); the first batch is always measured.
    ///   - vanishingThreshold: the relative gradient norm below which gradients vanish (> 0).
    ///   - explodingThreshold: the relative gradient norm above which they explode (above
    ///     `vanishingThreshold`).
    ///   - jsonPath: where the records are written as JSON, if anywhere.
    ///   - svgPath: where the heat map is written as SVG, if anywhere.
    ///   - warn: whether to write a warning the first time a layer's gradients vanish or explode.
    ///   - write: where warnings go; standard output by default.
    /// - Throws: ``SynapseError/invalidArgument(_:)`` for `every` below 1, or thresholds that are not
    ///   finite, positive and in order.
    public init(every: Int = 10, vanishingThreshold: Float = 1e-7, explodingThreshold: Float = 100,
                jsonPath: String? = nil, svgPath: String? = nil, warn: Bool = true,
                write: @escaping (String) -> Void = writeToStandardOutput) throws {
        guard every >= 1 else {
            throw SynapseError.invalidArgument("GradientFlow: every must be ≥ 1 batch, found \(every)")
        }
        guard vanishingThreshold > 0, vanishingThreshold.isFinite, explodingThreshold.isFinite,
              explodingThreshold > vanishingThreshold else {
            throw SynapseError.invalidArgument("GradientFlow: expected finite thresholds with 0 < vanishingThreshold < explodingThreshold, found \(vanishingThreshold) and \(explodingThreshold)")
        }
        self.every = every
        self.vanishingThreshold = vanishingThreshold
        self.explodingThreshold = explodingThreshold
        self.jsonPath = jsonPath
        self.svgPath = svgPath
        self.warn = warn
        self.write = write
    }

    /// Starts a new set of records for the model's layers.
    public func trainingWillBegin(_ training: TrainingContext) {
        records = []
        vanishingLayers = []
        explodingLayers = []
        step = 0
        snapshot = nil
        tracked = TrackedLayer.layers(of: training.model)
    }

    /// Notes the epoch.
    public func epochWillBegin(_ epoch: Int, training: TrainingContext) {
        self.epoch = epoch
    }

    /// Counts the batch and, when it is to be measured, keeps the weights it starts from.
    public func batchWillBegin(_ batch: Int, training: TrainingContext) {
        step += 1
        // A Sequential without an Input knows its layers' calls only once it has seen data.
        if tracked.isEmpty { tracked = TrackedLayer.layers(of: training.model) }
        snapshot = (step - 1) % every == 0 ? tracked.map(\.weights) : nil
    }

    /// Measures a recorded batch, warns, and hands the numbers to ``TrainingContext/measurements``.
    public func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {
        guard let before = snapshot else { return }
        snapshot = nil
        var measurements: [TrainingMeasurement] = []
        for (layer, weights) in zip(tracked, before) {
            let record = layer.measure(step: step, epoch: epoch, weightsBefore: weights, training: training)
            records.append(record)
            judge(record)
            measurements += record.measurements
        }
        training.record(measurements)
    }

    /// Writes the files so far.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming a file that cannot be written.
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) throws {
        try writeFiles()
    }

    /// Writes the files.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming a file that cannot be written.
    public func trainingDidEnd(_ training: TrainingContext) throws {
        try writeFiles()
    }

    /// The chart of ``records`` as an SVG document (what `svgPath` receives).
    public func chartSVG() -> String {
        GradientFlowChart(records: records, vanishingThreshold: vanishingThreshold,
                          explodingThreshold: explodingThreshold).svg()
    }

    private func writeFiles() throws {
        if let jsonPath { try AtomicFileWriter.write(try GradientFlowRecord.json(records), to: jsonPath) }
        if let svgPath { try AtomicFileWriter.write(chartSVG(), to: svgPath) }
    }

    /// Flags the record's layer the first time its gradients vanish or explode.
    private func judge(_ record: GradientFlowRecord) {
        switch GradientFlowCondition(record, vanishingThreshold: vanishingThreshold, explodingThreshold: explodingThreshold) {
        case .vanishing? where !vanishingLayers.contains(record.layer):
            vanishingLayers.append(record.layer)
            report(record, "vanish", limit: "below \(describeRate(vanishingThreshold))")
        case .exploding? where !explodingLayers.contains(record.layer):
            explodingLayers.append(record.layer)
            report(record, "explode", limit: "above \(describeRate(explodingThreshold))")
        default:
            break
        }
    }

    private func report(_ record: GradientFlowRecord, _ verb: String, limit: String) {
        guard warn else { return }
        let g = record.gradientNorm.map { String(format: "%.3g", Double($0)) } ?? "?"
        let w = record.weightNorm.map { String(format: "%.3g", Double($0)) } ?? "?"
        write("GradientFlow: the gradients of layer '\(record.layer)' \(verb) at step \(record.step) (epoch \(record.epoch + 1)): "
              + "‖g‖ = \(g), ‖w‖ = \(w), ‖g‖/max(‖w‖, 1) \(limit)\n")
    }
}
