import Foundation

/// One layer the gradient-flow view measures: its trainable parameters taken together, and
/// whether its output is ReLU-family.
struct TrackedLayer {
    let layer: any Layer
    let parameters: [Parameter]
    let isRectified: Bool

    /// The layers of `model` with trainable values or a rectified output, each once, in the order
    /// of its calls (input to output).
    static func layers(of model: Model) -> [TrackedLayer] {
        var seen = Set<ObjectIdentifier>()
        return model.layerCalls.compactMap { call in
            guard seen.insert(ObjectIdentifier(call.layer)).inserted else { return nil }
            let parameters = call.layer.parameters.filter { $0.isTrainable && $0.count > 0 }
            let isRectified = (call.layer as? any RectifiedLayer)?.isRectified ?? false
            guard !parameters.isEmpty || isRectified else { return nil }
            return TrackedLayer(layer: call.layer, parameters: parameters, isRectified: isRectified)
        }
    }

    /// The current values of the parameters, one after the other.
    var weights: [Float] { parameters.flatMap(\.value.scalars) }

    /// The record of the batch that just ended, given the weights it started from.
    func measure(step: Int, epoch: Int, weightsBefore: [Float], training: TrainingContext) -> GradientFlowRecord {
        var gradientNorm: Float?, weightNorm: Float?, updateRatio: Float?
        if !parameters.isEmpty {
            let gradients = parameters.map { training.gradient(of: $0) }
            if gradients.allSatisfy({ $0 != nil }) {
                gradientNorm = TrackedLayer.norm(gradients.flatMap { $0!.scalars })
            }
            let w = TrackedLayer.norm(weightsBefore)
            weightNorm = w
            let after = weights
            var squares: Double = 0
            for (a, b) in zip(after, weightsBefore) { squares += Double(a - b) * Double(a - b) }
            updateRatio = w > 0 ? Float(squares.squareRoot() / Double(w)) : nil
        }
        let deadFraction = isRectified ? training.output(of: layer).map(TrackedLayer.deadFraction) : nil
        return GradientFlowRecord(step: step, epoch: epoch, layer: layer.name, gradientNorm: gradientNorm,
                                  weightNorm: weightNorm, updateRatio: updateRatio, deadFraction: deadFraction)
    }

    /// The L2 norm, accumulated in `Double` (the sum of squares gradient clipping uses).
    static func norm(_ values: [Float]) -> Float {
        values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return Float(OptimizerKernels.sumOfSquares(base, count: buffer.count).squareRoot())
        }
    }

    /// The fraction of units (positions along the last axis) never above zero anywhere in `output`.
    static func deadFraction(_ output: Tensor) -> Float {
        let units = output.shape.last ?? 1
        guard units > 0, output.count > 0 else { return 0 }
        var active = [Bool](repeating: false, count: units)
        output.withUnsafeBufferPointer { values in
            for (index, value) in values.enumerated() where value > 0 { active[index % units] = true }
        }
        return Float(active.filter { !$0 }.count) / Float(units)
    }
}

/// Whether a record's gradients vanish or explode (see ``GradientFlow``).
enum GradientFlowCondition {
    case vanishing
    case exploding

    /// `nil` when the gradient is within bounds or was not measured.
    init?(_ record: GradientFlowRecord, vanishingThreshold: Float, explodingThreshold: Float) {
        guard let g = record.gradientNorm else { return nil }
        let scale = max(record.weightNorm ?? 1, 1)
        if !g.isFinite || g > explodingThreshold * scale {
            self = .exploding
        } else if g < vanishingThreshold * scale {
            self = .vanishing
        } else {
            return nil
        }
    }
}

extension GradientFlowRecord {
    /// The record's values as TensorBoard-style measurements: `gradient_flow/<layer>/<key>`.
    var measurements: [TrainingMeasurement] {
        let values: [(String, Float?)] = [("gradient_norm", gradientNorm), ("weight_norm", weightNorm),
                                          ("update_ratio", updateRatio), ("dead_fraction", deadFraction)]
        return values.compactMap { key, value in
            value.map { TrainingMeasurement(tag: "gradient_flow/\(layer)/\(key)", step: step, value: $0) }
        }
    }
}
