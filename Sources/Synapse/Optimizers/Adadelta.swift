/// Adadelta with Keras's update rule: `s ← ρ·s + (1 − ρ)·g²`, `Δ = −√(d + ε)·g / √(s + ε)`,
/// `d ← ρ·d + (1 − ρ)·Δ²`, `w ← w + lr·Δ`. Keras keeps a learning rate (Zeiler's paper has none;
/// lr 1 recovers it). Defaults: lr 1e-3, ρ 0.95, ε 1e-7.
public final class Adadelta: Optimizer {
    /// `Adadelta`, the Keras class name, under which the optimizer is saved.
    public var name: String { "Adadelta" }
    /// The learning rate (constant or scheduled), weight decay and gradient clipping.
    public var options: OptimizerOptions
    /// The number of updates applied so far.
    public var iterations = 0
    /// The decay of both running averages, in [0, 1).
    public let rho: Float
    /// Added inside both square roots.
    public let epsilon: Float
    private let accumulators = OptimizerSlots(["accumulated_grad", "accumulated_delta_var"])
    /// 1 − ρ as Keras computes it (see `complement(_:)`).
    private let oneMinusRho: Float

    /// An Adadelta optimizer with a constant learning rate.
    ///
    /// - Parameters:
    ///   - weightDecay: decoupled weight decay, `w ← w − w·weightDecay·lr` before each update.
    ///   - clipNorm: clip each gradient to this L2 norm.
    ///   - clipValue: clip each gradient element to [−clipValue, clipValue].
    ///   - globalClipNorm: clip all gradients together to this L2 norm.
    ///
    /// Invalid values — the learning rate, ε or weight decay is negative, ρ is outside [0, 1), a clipping bound
    /// is ≤ 0, or more than one clipping is set — are reported by ``validate()``, which every update runs, as a
    /// ``SynapseError/invalidArgument(_:)``.
    public convenience init(learningRate: Float = 1e-3, rho: Float = 0.95, epsilon: Float = 1e-7,
                            weightDecay: Float? = nil, clipNorm: Float? = nil, clipValue: Float? = nil,
                            globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .constant(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  rho: rho, epsilon: epsilon)
    }

    /// An Adadelta optimizer whose learning rate follows `learningRate`, a schedule.
    public convenience init(learningRate: any LearningRateSchedule, rho: Float = 0.95, epsilon: Float = 1e-7,
                            weightDecay: Float? = nil, clipNorm: Float? = nil, clipValue: Float? = nil,
                            globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .schedule(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  rho: rho, epsilon: epsilon)
    }

    init(options: OptimizerOptions, rho: Float, epsilon: Float) {
        self.options = options
        self.rho = rho
        self.epsilon = epsilon
        oneMinusRho = complement(rho)
    }

    /// Checks the hyper-parameters and the shared options; ``Optimizer/apply(_:to:)`` calls it before
    /// every update.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    public func validate() throws {
        try options.validate(for: "Adadelta")
        try ArgumentCheck.fraction(rho, "rho", in: "Adadelta")
        try ArgumentCheck.nonNegative(epsilon, "epsilon", in: "Adadelta")
    }

    /// `rho`, `epsilon`.
    public var hyperParameters: [String: JSONValue] {
        ["rho": .number(Double(rho)), "epsilon": .number(Double(epsilon))]
    }

    /// The per-parameter slots, named `<slot>/<parameter path>`.
    public func stateTensors(for parameters: [Parameter]) -> [String: Tensor] {
        accumulators.exported(for: parameters)
    }

    /// Restores slots written by ``stateTensors(for:)``; slots not found start afresh.
    public func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {
        try accumulators.load(tensors, for: parameters)
    }

    /// Applies the update rule in the type's description to one parameter.
    public func update(_ parameter: Parameter, values w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                       count n: Int, learningRate lr: Float, step: Int) {
        let entry = accumulators.entry(for: parameter)
        let (s, d) = (entry[0], entry[1])
        let (rho, c, eps) = (rho, oneMinusRho, epsilon)
        do {
            OptimizerKernels.adadelta(w, g, s, d, count: n, learningRate: lr, rho: rho, oneMinusRho: c, epsilon: eps)
        }
    }
}

extension Adadelta: SlottedOptimizer {
    /// The accumulated gradients and updates.
    var variableSlots: OptimizerSlots { accumulators }
}
