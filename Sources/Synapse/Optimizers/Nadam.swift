import Foundation

/// Nadam — Adam with Nesterov momentum — in Keras 3's momentum-cache formulation (Dozat, 2016).
///
/// With the momentum schedule `μₜ = β1·(1 − ½·0.96ᵗ)` and its running product `Πₜ = μ₁⋯μₜ`:
/// `m ← m + (g − m)(1 − β1)`, `v ← v + (g² − v)(1 − β2)`,
/// `m̂ = μₜ₊₁·m / (1 − Πₜ·μₜ₊₁) + (1 − μₜ)·g / (1 − Πₜ)`, `v̂ = v / (1 − β2ᵗ)`,
/// `w ← w − lr·m̂ / (√v̂ + ε)`. Defaults: lr 1e-3, β1 0.9, β2 0.999, ε 1e-7.
///
/// Keras keeps `Πₜ` as a variable; here it follows from ``Optimizer/iterations``, so a saved and
/// reloaded Nadam continues exactly.
public final class Nadam: Optimizer {
    /// `Nadam`, the Keras class name, under which the optimizer is saved.
    public var name: String { "Nadam" }
    /// The learning rate (constant or scheduled), weight decay and gradient clipping.
    public var options: OptimizerOptions
    /// The number of updates applied so far.
    public var iterations = 0
    /// The decay of the first-moment average, in [0, 1).
    public let beta1: Float
    /// The decay of the second-moment average, in [0, 1).
    public let beta2: Float
    /// Added to √v̂ in the denominator.
    public let epsilon: Float
    private let moments = OptimizerSlots(["momentum", "velocity"])
    /// `Πₜ` for the last step asked for.
    private var cachedProduct: (step: Int, value: Double) = (0, 1)

    /// A Nadam optimizer with a constant learning rate.
    ///
    /// - Parameters:
    ///   - weightDecay: decoupled weight decay, `w ← w − w·weightDecay·lr` before each update.
    ///   - clipNorm: clip each gradient to this L2 norm.
    ///   - clipValue: clip each gradient element to [−clipValue, clipValue].
    ///   - globalClipNorm: clip all gradients together to this L2 norm.
    ///
    /// Invalid values — the learning rate, ε or weight decay is negative, β1 or β2 is outside [0, 1), a
    /// clipping bound is ≤ 0, or more than one clipping is set — are reported by ``validate()``, which every
    /// update runs, as a ``SynapseError/invalidArgument(_:)``.
    public convenience init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                            weightDecay: Float? = nil, clipNorm: Float? = nil, clipValue: Float? = nil,
                            globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .constant(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    /// A Nadam optimizer whose learning rate follows `learningRate`, a schedule.
    public convenience init(learningRate: any LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-7, weightDecay: Float? = nil, clipNorm: Float? = nil,
                            clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .schedule(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    init(options: OptimizerOptions, beta1: Float, beta2: Float, epsilon: Float) {
        self.options = options
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Checks the hyper-parameters and the shared options; ``Optimizer/apply(_:to:)`` calls it before
    /// every update.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    public func validate() throws {
        try options.validate(for: "Nadam")
        try ArgumentCheck.fraction(beta1, "beta1", in: "Nadam")
        try ArgumentCheck.fraction(beta2, "beta2", in: "Nadam")
        try ArgumentCheck.nonNegative(epsilon, "epsilon", in: "Nadam")
    }

    /// `beta_1`, `beta_2`, `epsilon`.
    public var hyperParameters: [String: JSONValue] {
        ["beta_1": .number(Double(beta1)), "beta_2": .number(Double(beta2)), "epsilon": .number(Double(epsilon))]
    }

    /// The per-parameter slots, named `<slot>/<parameter path>`.
    public func stateTensors(for parameters: [Parameter]) -> [String: Tensor] {
        moments.exported(for: parameters)
    }

    /// Restores slots written by ``stateTensors(for:)``; slots not found start afresh.
    public func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {
        try moments.load(tensors, for: parameters)
    }

    /// The momentum schedule `μₜ = β1·(1 − ½·0.96ᵗ)`.
    private func momentumCache(_ t: Int) -> Double {
        Double(beta1) * (1 - 0.5 * Foundation.pow(0.96, Double(t)))
    }

    /// `Πₜ = μ₁⋯μₜ`, continued from the last step asked for (each update asks for the same `t` once
    /// per parameter, then for `t + 1`).
    private func momentumProduct(_ t: Int) -> Double {
        if t < cachedProduct.step { cachedProduct = (0, 1) }
        while cachedProduct.step < t {
            cachedProduct.step += 1
            cachedProduct.value *= momentumCache(cachedProduct.step)
        }
        return cachedProduct.value
    }

    /// Applies the update rule in the type's description to one parameter.
    public func update(_ parameter: Parameter, values w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                       count n: Int, learningRate lr: Float, step: Int) {
        let (now, next) = (momentumCache(step), momentumCache(step + 1))
        let product = momentumProduct(step)
        let momentumWeight = Float(next / (1 - product * next))
        let gradientWeight = Float((1 - now) / (1 - product))
        let correction = Float(1 - Foundation.pow(Double(beta2), Double(step)))
        let entry = moments.entry(for: parameter)
        let (m, v) = (entry[0], entry[1])
        // Keras's Nadam works with float32 copies of β1 and β2, so 1 − β is taken in Float here.
        let (c1, c2, eps) = (1 - beta1, 1 - beta2, epsilon)
        do {
            OptimizerKernels.nadam(w, g, m, v, count: n, learningRate: lr, momentumWeight: momentumWeight, gradientWeight: gradientWeight,
                                   secondMomentCorrection: correction, oneMinusBeta1: c1, oneMinusBeta2: c2, epsilon: eps)
        }
    }
}

extension Nadam: SlottedOptimizer {
    /// The first and second moments.
    var variableSlots: OptimizerSlots { moments }
}
