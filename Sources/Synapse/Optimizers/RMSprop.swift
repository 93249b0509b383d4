/// RMSprop with Keras's update rule: `s ← ρ·s + (1 − ρ)·g²`, `Δ = lr·g / √(s + ε)` — ε inside the
/// square root — and `w ← w − Δ`. With `momentum` μ > 0, `p ← μ·p + Δ` and `w ← w − p`. Centred, it
/// also tracks `ḡ ← ρ·ḡ + (1 − ρ)·g` and divides by `√(s − ḡ² + ε)`, an estimate of the
/// gradient's variance. Defaults: lr 1e-3, ρ 0.9, momentum 0, ε 1e-7, not centred.
public final class RMSprop: Optimizer {
    /// `RMSprop`, the Keras class name, under which the optimizer is saved.
    public var name: String { "RMSprop" }
    /// The learning rate (constant or scheduled), weight decay and gradient clipping.
    public var options: OptimizerOptions
    /// The number of updates applied so far.
    public var iterations = 0
    /// The decay of the squared-gradient average, in [0, 1).
    public let rho: Float
    /// The momentum factor in [0, 1]; 0 for none.
    public let momentum: Float
    /// Added to the average inside the square root.
    public let epsilon: Float
    /// Whether to divide by the estimated variance instead of the second moment.
    public let centered: Bool
    private let slots: OptimizerSlots
    private let momentumSlot: Int?
    private let averageSlot: Int?
    /// 1 − ρ as Keras computes it (see `complement(_:)`).
    private let oneMinusRho: Float

    /// An RMSprop optimizer with a constant learning rate.
    ///
    /// - Parameters:
    ///   - weightDecay: decoupled weight decay, `w ← w − w·weightDecay·lr` before each update.
    ///   - clipNorm: clip each gradient to this L2 norm.
    ///   - clipValue: clip each gradient element to [−clipValue, clipValue].
    ///   - globalClipNorm: clip all gradients together to this L2 norm.
    ///
    /// Invalid values — the learning rate, ε or weight decay is negative, ρ is outside [0, 1), momentum outside
    /// [0, 1], a clipping bound is ≤ 0, or more than one clipping is set — are reported by ``validate()``,
    /// which every update runs, as a ``SynapseError/invalidArgument(_:)``.
    public convenience init(learningRate: Float = 1e-3, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7,
                            centered: Bool = false, weightDecay: Float? = nil, clipNorm: Float? = nil,
                            clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .constant(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  rho: rho, momentum: momentum, epsilon: epsilon, centered: centered)
    }

    /// An RMSprop optimizer whose learning rate follows `learningRate`, a schedule.
    public convenience init(learningRate: any LearningRateSchedule, rho: Float = 0.9, momentum: Float = 0,
                            epsilon: Float = 1e-7, centered: Bool = false, weightDecay: Float? = nil,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .schedule(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  rho: rho, momentum: momentum, epsilon: epsilon, centered: centered)
    }

    init(options: OptimizerOptions, rho: Float, momentum: Float, epsilon: Float, centered: Bool) {
        self.options = options
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        // Keras's slot names; the momentum and average slots exist only when used.
        slots = OptimizerSlots(["velocity"] + (momentum > 0 ? ["momentum"] : []) + (centered ? ["average_gradient"] : []))
        momentumSlot = slots.index(of: "momentum")
        averageSlot = slots.index(of: "average_gradient")
        oneMinusRho = complement(rho)
    }

    /// Checks the hyper-parameters and the shared options; ``Optimizer/apply(_:to:)`` calls it before
    /// every update.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    public func validate() throws {
        try options.validate(for: "RMSprop")
        try ArgumentCheck.fraction(rho, "rho", in: "RMSprop")
        try ArgumentCheck.fraction(momentum, "momentum", in: "RMSprop", includingOne: true)
        try ArgumentCheck.nonNegative(epsilon, "epsilon", in: "RMSprop")
    }

    /// `rho`, `momentum`, `epsilon`, `centered`.
    public var hyperParameters: [String: JSONValue] {
        ["rho": .number(Double(rho)), "momentum": .number(Double(momentum)), "epsilon": .number(Double(epsilon)),
         "centered": .bool(centered)]
    }

    /// The per-parameter slots, named `<slot>/<parameter path>`.
    public func stateTensors(for parameters: [Parameter]) -> [String: Tensor] {
        slots.exported(for: parameters)
    }

    /// Restores slots written by ``stateTensors(for:)``; slots not found start afresh.
    public func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {
        try slots.load(tensors, for: parameters)
    }

    /// Applies the update rule in the type's description to one parameter.
    public func update(_ parameter: Parameter, values w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                       count n: Int, learningRate lr: Float, step: Int) {
        let entry = slots.entry(for: parameter)
        let (s, p, a) = (entry[0], momentumSlot.map { entry[$0] }, averageSlot.map { entry[$0] })
        let (rho, c, mu, eps) = (rho, oneMinusRho, momentum, epsilon)
        do {
            OptimizerKernels.rmsprop(w, g, s, momentum: p, average: a, count: n, learningRate: lr, rho: rho, oneMinusRho: c,
                                     momentum: mu, epsilon: eps)
        }
    }
}

extension RMSprop: SlottedOptimizer {
    /// The velocities (and momenta, and average gradients, where used).
    var variableSlots: OptimizerSlots { slots }
}
