import Foundation

/// Keras's `CosineDecayRestarts` (SGDR, Loshchilov & Hutter 2017): cosine decays from
/// `initialLearningRate` to `alpha · initialLearningRate`, restarted again and again. The first
/// period lasts `firstDecaySteps`; each next period is `tMul` times longer and starts `mMul` times
/// lower.
public struct CosineDecayRestarts: LearningRateSchedule, Equatable, Sendable {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The length of the first period, in steps.
    public let firstDecaySteps: Int
    /// The factor by which each period is longer than the one before.
    public let tMul: Float
    /// The factor by which each period starts lower than the one before.
    public let mMul: Float
    /// The floor of each decay, as a fraction of `initialLearningRate`.
    public let alpha: Float

    /// A cosine decay with restarts, with Keras's defaults: periods doubling, restarts at full rate,
    /// decays to 0.
    public init(initialLearningRate: Float, firstDecaySteps: Int, tMul: Float = 2, mMul: Float = 1, alpha: Float = 0) {
        self.initialLearningRate = initialLearningRate
        self.firstDecaySteps = firstDecaySteps
        self.tMul = tMul
        self.mMul = mMul
        self.alpha = alpha
    }

    /// Checks the hyper-parameters (optimizers do so before every update).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if `initialLearningRate` or `mMul` is negative or not
    ///   finite, `tMul` ≤ 0, `alpha` outside [0, 1], or `firstDecaySteps` ≤ 0.
    public func validate() throws {
        try ArgumentCheck.nonNegative(initialLearningRate, "initialLearningRate", in: "CosineDecayRestarts")
        try ArgumentCheck.positive(firstDecaySteps, "firstDecaySteps", in: "CosineDecayRestarts")
        try ArgumentCheck.positive(tMul, "tMul", in: "CosineDecayRestarts")
        try ArgumentCheck.nonNegative(mMul, "mMul", in: "CosineDecayRestarts")
        try ArgumentCheck.fraction(alpha, "alpha", in: "CosineDecayRestarts", includingOne: true)
    }

    /// The rate after `step` updates.
    public func callAsFunction(_ step: Int) -> Float {
        let (restart, fraction) = position(at: Double(step) / Double(firstDecaySteps))
        let cosine = 0.5 * Foundation.pow(Double(mMul), restart) * (1 + Foundation.cos(Double.pi * fraction))
        let a = Double(alpha)
        // With tMul < 1 the periods shrink and run out after 1/(1 − tMul) first periods: the floor.
        let factor = cosine.isNaN ? a : (1 - a) * cosine + a
        return Float(Double(initialLearningRate) * factor)
    }

    /// The index of the period that `completed` first periods' worth of steps falls in, and how far
    /// through that period it is (in [0, 1)).
    private func position(at completed: Double) -> (restart: Double, fraction: Double) {
        let t = Double(tMul)
        if t == 1 {
            let restart = completed.rounded(.down)
            return (restart, completed - restart)
        }
        // Periods 0…i−1 last (1 − tⁱ)/(1 − t) first periods in all; i is the largest with that ≤ completed.
        func start(_ i: Double) -> Double { (1 - Foundation.pow(t, i)) / (1 - t) }
        var restart = (Foundation.log(1 - completed * (1 - t)) / Foundation.log(t)).rounded(.down)
        // The logarithm can land a hair off a whole number at a restart; settle on the exact period.
        if start(restart + 1) <= completed { restart += 1 }
        if restart > 0, start(restart) > completed { restart -= 1 }
        return (restart, (completed - start(restart)) / Foundation.pow(t, restart))
    }

    /// `initial_learning_rate`, `first_decay_steps`, `t_mul`, `m_mul`, `alpha`.
    public var configuration: [String: JSONValue] {
        ["initial_learning_rate": .number(Double(initialLearningRate)), "first_decay_steps": .number(Double(firstDecaySteps)),
         "t_mul": .number(Double(tMul)), "m_mul": .number(Double(mMul)), "alpha": .number(Double(alpha))]
    }
}
