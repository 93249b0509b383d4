import Foundation

/// Keras's `CosineDecay`, with optional linear warm-up.
///
/// Without warm-up the rate follows half a cosine from `initialLearningRate` down to
/// `alpha · initialLearningRate` over `decaySteps` steps, then stays there:
/// `initial · ((1 − alpha) · ½(1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha)`.
///
/// With a `warmupTarget`, the rate first rises linearly from `initialLearningRate` to `warmupTarget`
/// over `warmupSteps` steps, then decays from `warmupTarget` as above.
///
/// ```swift
/// let rate = CosineDecay(initialLearningRate: 0, decaySteps: 1000, warmupTarget: 0.1, warmupSteps: 100)
/// ```
public struct CosineDecay: LearningRateSchedule, Equatable, Sendable {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The length of the cosine decay, in steps (after the warm-up).
    public let decaySteps: Int
    /// The floor of the decay, as a fraction of the rate it decays from.
    public let alpha: Float
    /// The rate reached at the end of the warm-up; `nil` for no warm-up.
    public let warmupTarget: Float?
    /// The length of the warm-up, in steps (used only with a `warmupTarget`).
    public let warmupSteps: Int

    /// A cosine decay with Keras's defaults: decays to 0, no warm-up.
    public init(initialLearningRate: Float, decaySteps: Int, alpha: Float = 0,
                warmupTarget: Float? = nil, warmupSteps: Int = 0) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.alpha = alpha
        self.warmupTarget = warmupTarget
        self.warmupSteps = warmupSteps
    }

    /// Checks the hyper-parameters (optimizers do so before every update).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if a rate is negative or not finite, `alpha` is
    ///   outside [0, 1], `decaySteps` ≤ 0 or `warmupSteps` < 0.
    public func validate() throws {
        try ArgumentCheck.nonNegative(initialLearningRate, "initialLearningRate", in: "CosineDecay")
        try ArgumentCheck.positive(decaySteps, "decaySteps", in: "CosineDecay")
        try ArgumentCheck.fraction(alpha, "alpha", in: "CosineDecay", includingOne: true)
        if let warmupTarget { try ArgumentCheck.nonNegative(warmupTarget, "warmupTarget", in: "CosineDecay") }
        guard warmupSteps >= 0 else {
            throw SynapseError.invalidArgument("CosineDecay: warmupSteps must be ≥ 0, found \(warmupSteps)")
        }
    }

    /// The rate after `step` updates.
    public func callAsFunction(_ step: Int) -> Float {
        let (initial, decay) = (Double(initialLearningRate), Double(decaySteps))
        guard let warmupTarget else {
            return Float(decayed(Swift.min(Double(step), decay), from: initial))
        }
        let (target, warmup) = (Double(warmupTarget), Double(warmupSteps))
        let s = Swift.min(Double(step), decay + warmup)
        if s < warmup {
            return Float((target - initial) * (s / warmup) + initial)
        }
        return Float(decayed(s - warmup, from: target))
    }

    private func decayed(_ step: Double, from rate: Double) -> Double {
        let cosine = 0.5 * (1 + Foundation.cos(Double.pi * step / Double(decaySteps)))
        let a = Double(alpha)
        return rate * ((1 - a) * cosine + a)
    }

    /// `initial_learning_rate`, `decay_steps`, `alpha`, `warmup_target` (null without warm-up),
    /// `warmup_steps`.
    public var configuration: [String: JSONValue] {
        ["initial_learning_rate": .number(Double(initialLearningRate)), "decay_steps": .number(Double(decaySteps)),
         "alpha": .number(Double(alpha)), "warmup_target": warmupTarget.map { .number(Double($0)) } ?? .null,
         "warmup_steps": .number(Double(warmupSteps))]
    }
}
