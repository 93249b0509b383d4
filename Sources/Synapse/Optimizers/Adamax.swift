import Foundation

/// Adamax, Adam's infinity-norm variant, with Keras's update rule: `m ← m + (g − m)(1 − β1)`,
/// `u ← max(β2·u, |g|)`, `w ← w − lr·m / ((1 − β1ᵗ)(u + ε))`. Defaults: lr 1e-3, β1 0.9, β2 0.999,
/// ε 1e-7.
public final class Adamax: Optimizer {
    /// `Adamax`, the Keras class name, under which the optimizer is saved.
    public var name: String { "Adamax" }
    /// The learning rate (constant or scheduled), weight decay and gradient clipping.
    public var options: OptimizerOptions
    /// The number of updates applied so far.
    public var iterations = 0
    /// The decay of the first-moment average, in [0, 1).
    public let beta1: Float
    /// The decay of the infinity norm, in [0, 1).
    public let beta2: Float
    /// Added to the norm in the denominator.
    public let epsilon: Float
    private let moments = OptimizerSlots(["momentum", "norm"], kerasListNames: ["m", "u"])
    /// 1 − β1 as Keras computes it (see `complement(_:)`).
    private let oneMinusBeta1: Float

    /// An Adamax optimizer with a constant learning rate.
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

    /// An Adamax optimizer whose learning rate follows `learningRate`, a schedule.
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
        oneMinusBeta1 = complement(beta1)
    }

    /// Checks the hyper-parameters and the shared options; ``Optimizer/apply(_:to:)`` calls it before
    /// every update.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    public func validate() throws {
        try options.validate(for: "Adamax")
        try ArgumentCheck.fraction(beta1, "beta1", in: "Adamax")
        try ArgumentCheck.fraction(beta2, "beta2", in: "Adamax")
        try ArgumentCheck.nonNegative(epsilon, "epsilon", in: "Adamax")
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

    /// Applies the update rule in the type's description to one parameter.
    public func update(_ parameter: Parameter, values w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                       count n: Int, learningRate lr: Float, step: Int) {
        let bias = Float(1 - Foundation.pow(Double(beta1), Double(step)))
        let entry = moments.entry(for: parameter)
        let (m, u) = (entry[0], entry[1])
        let (c1, b2, eps) = (oneMinusBeta1, beta2, epsilon)
        do {
            OptimizerKernels.adamax(w, g, m, u, count: n, learningRate: lr, biasCorrection: bias,
                                    oneMinusBeta1: c1, beta2: b2, epsilon: eps)
        }
    }
}

extension Adamax: SlottedOptimizer {
    /// The first moments and the infinity norms, Keras's lists `m` and `u`.
    var variableSlots: OptimizerSlots { moments }
}
