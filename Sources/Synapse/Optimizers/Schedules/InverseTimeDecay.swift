/// Keras's `InverseTimeDecay`: `initialLearningRate / (1 + decayRate · step / decaySteps)`, with
/// `step / decaySteps` rounded down to a whole number when `staircase` is set.
public struct InverseTimeDecay: LearningRateSchedule, Equatable, Sendable {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The number of steps that make one unit of decay.
    public let decaySteps: Int
    /// How fast the rate falls.
    public let decayRate: Float
    /// Whether the rate drops in whole steps rather than continuously.
    public let staircase: Bool

    /// An inverse-time decay.
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
        try ArgumentCheck.nonNegative(initialLearningRate, "initialLearningRate", in: "InverseTimeDecay")
        try ArgumentCheck.positive(decaySteps, "decaySteps", in: "InverseTimeDecay")
        try ArgumentCheck.nonNegative(decayRate, "decayRate", in: "InverseTimeDecay")
    }

    /// The rate after `step` updates.
    public func callAsFunction(_ step: Int) -> Float {
        var p = Double(step) / Double(decaySteps)
        if staircase { p.round(.down) }
        return Float(Double(initialLearningRate) / (1 + Double(decayRate) * p))
    }

    /// `initial_learning_rate`, `decay_steps`, `decay_rate`, `staircase`.
    public var configuration: [String: JSONValue] {
        ["initial_learning_rate": .number(Double(initialLearningRate)), "decay_steps": .number(Double(decaySteps)),
         "decay_rate": .number(Double(decayRate)), "staircase": .bool(staircase)]
    }
}
