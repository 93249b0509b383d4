import Foundation

/// Keras's `PolynomialDecay`: from `initialLearningRate` to `endLearningRate` over `decaySteps` steps,
/// `(initial − end) · (1 − step / decaySteps)^power + end`, then constant at `endLearningRate`.
/// With `cycle`, the decay restarts from the top with `decaySteps` stretched to the next multiple of
/// itself above the step, instead of staying at the end.
public struct PolynomialDecay: LearningRateSchedule, Equatable, Sendable {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The number of steps to reach `endLearningRate`.
    public let decaySteps: Int
    /// The rate at the end of the decay.
    public let endLearningRate: Float
    /// The exponent of the polynomial (1: linear).
    public let power: Float
    /// Whether to restart the decay after `decaySteps`.
    public let cycle: Bool

    /// A polynomial decay with Keras's defaults: end rate 1e-4, linear, no cycling.
    public init(initialLearningRate: Float, decaySteps: Int, endLearningRate: Float = 1e-4,
                power: Float = 1, cycle: Bool = false) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.endLearningRate = endLearningRate
        self.power = power
        self.cycle = cycle
    }

    /// Checks the hyper-parameters (optimizers do so before every update).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if a rate or `power` is negative or not finite, or
    ///   `decaySteps` ≤ 0.
    public func validate() throws {
        try ArgumentCheck.nonNegative(initialLearningRate, "initialLearningRate", in: "PolynomialDecay")
        try ArgumentCheck.positive(decaySteps, "decaySteps", in: "PolynomialDecay")
        try ArgumentCheck.nonNegative(endLearningRate, "endLearningRate", in: "PolynomialDecay")
        try ArgumentCheck.nonNegative(power, "power", in: "PolynomialDecay")
    }

    /// The rate after `step` updates.
    public func callAsFunction(_ step: Int) -> Float {
        var s = Double(step)
        var steps = Double(decaySteps)
        if cycle {
            steps *= step == 0 ? 1 : (s / steps).rounded(.up)
        } else {
            s = Swift.min(s, steps)
        }
        let (initial, end) = (Double(initialLearningRate), Double(endLearningRate))
        return Float((initial - end) * Foundation.pow(1 - s / steps, Double(power)) + end)
    }

    /// `initial_learning_rate`, `decay_steps`, `end_learning_rate`, `power`, `cycle`.
    public var configuration: [String: JSONValue] {
        ["initial_learning_rate": .number(Double(initialLearningRate)), "decay_steps": .number(Double(decaySteps)),
         "end_learning_rate": .number(Double(endLearningRate)), "power": .number(Double(power)), "cycle": .bool(cycle)]
    }
}
