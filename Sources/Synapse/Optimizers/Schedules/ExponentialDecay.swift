import Foundation

/// Keras's `ExponentialDecay`: `initialLearningRate · decayRate^(step / decaySteps)`, with the
/// exponent rounded down to a whole number when `staircase` is set (the rate then drops every
/// `decaySteps` steps).
///
/// ```swift
/// let optimizer = SGD(learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96))
/// ```
public struct ExponentialDecay: LearningRateSchedule, Equatable, Sendable {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The number of steps over which the rate is multiplied by `decayRate`.
    public let decaySteps: Int
    /// The factor applied every `decaySteps` steps.
    public let decayRate: Float
    /// Whether the rate drops in whole steps rather than continuously.
    public let staircase: Bool

    /// An exponential decay.
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
    }

    /// Checks the hyper-parameters (optimizers do so before every update).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if a rate is negative or not finite, or `decaySteps`
    ///   ≤ 0.
    public func validate() throws {
        try ArgumentCheck.nonNegative(initialLearningRate, "initialLearningRate", in: "ExponentialDecay")
        try ArgumentCheck.positive(decaySteps, "decaySteps", in: "ExponentialDecay")
        try ArgumentCheck.nonNegative(decayRate, "decayRate", in: "ExponentialDecay")
    }

    /// The rate after `step` updates.
    public func callAsFunction(_ step: Int) -> Float {
        var p = Double(step) / Double(decaySteps)
        if staircase { p.round(.down) }
        return Float(Double(initialLearningRate) * Foundation.pow(Double(decayRate), p))
    }

    /// `initial_learning_rate`, `decay_steps`, `decay_rate`, `staircase`.
    public var configuration: [String: JSONValue] {
        ["initial_learning_rate": .number(Double(initialLearningRate)), "decay_steps": .number(Double(decaySteps)),
         "decay_rate": .number(Double(decayRate)), "staircase": .bool(staircase)]
    }
}
