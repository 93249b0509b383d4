import Foundation

/// Adam with Keras's update rule: `m ← β1·m + (1 − β1)·g`, `v ← β2·v + (1 − β2)·g²`,
/// `w ← w − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε)` — the bias correction folded into the rate and
/// ε added to the uncorrected √v. With `amsgrad`, `v̂ ← max(v̂, v)` takes the place of `v` in the
/// denominator. Defaults: lr 1e-3, β1 0.9, β2 0.999, ε 1e-7, no AMSGrad.
///
/// ```swift
/// let optimizer = Adam(learningRate: 3e-4, amsgrad: true, clipNorm: 1)
/// ```
public class Adam: Optimizer {
    /// `Adam`, the Keras class name, under which the optimizer is saved.
    public var name: String { "Adam" }
    /// The learning rate (constant or scheduled), weight decay and gradient clipping.
    public var options: OptimizerOptions
    /// The number of updates applied so far.
    public var iterations = 0
    /// The decay of the first-moment average.
    public let beta1: Float
    /// The decay of the second-moment average.
    public let beta2: Float
    /// Added to √v in the denominator.
    public let epsilon: Float
    /// Whether to divide by the largest second moment seen so far (AMSGrad).
    public let amsgrad: Bool
    private let moments: OptimizerSlots
    /// 1 − β1 and 1 − β2 as Keras computes them (see `complement(_:)`).
    private let oneMinusBetas: (Float, Float)

    /// An Adam optimizer with a constant learning rate.
    ///
    /// - Parameters:
    ///   - weightDecay: decoupled weight decay, `w ← w − w·weightDecay·lr` before each update (see
    ///     also ``AdamW``).
    ///   - clipNorm: clip each gradient to this L2 norm.
    ///   - clipValue: clip each gradient element to [−clipValue, clipValue].
    ///   - globalClipNorm: clip all gradients together to this L2 norm.
    ///
    /// Invalid values — the learning rate, ε or weight decay is negative, β1 or β2 is outside [0, 1), a
    /// clipping bound is ≤ 0, or more than one clipping is set — are reported by ``validate()``, which every
    /// update runs, as a ``SynapseError/invalidArgument(_:)``.
    public convenience init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                            amsgrad: Bool = false, weightDecay: Float? = nil, clipNorm: Float? = nil,
                            clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.init(name: "Adam",
                  options: OptimizerOptions(learningRate: .constant(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
    }

    /// An Adam optimizer whose learning rate follows `learningRate`, a schedule.
    public convenience init(learningRate: any LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-7, amsgrad: Bool = false, weightDecay: Float? = nil,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.init(name: "Adam",
                  options: OptimizerOptions(learningRate: .schedule(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
    }

    /// Stores the hyper-parameters; `name` tells Adam from AdamW.
    init(name: String, options: OptimizerOptions, beta1: Float, beta2: Float, epsilon: Float, amsgrad: Bool) {
        self.options = options
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        oneMinusBetas = (complement(beta1), complement(beta2))
        // Saved as "m" and "v" (files keep loading); Keras calls them "momentum" and "velocity".
        moments = OptimizerSlots(amsgrad ? ["m", "v", "velocity_hat"] : ["m", "v"],
                                 kerasNames: amsgrad ? ["momentum", "velocity", "velocity_hat"] : ["momentum", "velocity"])
    }

    /// Checks the hyper-parameters and the shared options; ``Optimizer/apply(_:to:)`` calls it before
    /// every update.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    public func validate() throws {
        try options.validate(for: name)
        try ArgumentCheck.fraction(beta1, "beta1", in: name)
        try ArgumentCheck.fraction(beta2, "beta2", in: name)
        try ArgumentCheck.nonNegative(epsilon, "epsilon", in: name)
    }

    /// `beta_1`, `beta_2`, `epsilon`, `amsgrad`.
    public var hyperParameters: [String: JSONValue] {
        ["beta_1": .number(Double(beta1)), "beta_2": .number(Double(beta2)), "epsilon": .number(Double(epsilon)),
         "amsgrad": .bool(amsgrad)]
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
        let t = Double(step)
        let correctedRate = Float(Double(lr) * (1 - Foundation.pow(Double(beta2), t)).squareRoot() / (1 - Foundation.pow(Double(beta1), t)))
        let ((c1, c2), eps) = (oneMinusBetas, epsilon)
        let slots = moments.entry(for: parameter)
        let (m, v, vMax) = (slots[0], slots[1], amsgrad ? slots[2] : nil)
        do {
            OptimizerKernels.adam(w, g, m, v, maximum: vMax, count: n, correctedRate: correctedRate,
                                  oneMinusBeta1: c1, oneMinusBeta2: c2, epsilon: eps)
        }
    }
}

extension Adam: SlottedOptimizer {
    /// The first and second moments (and their running maximum with AMSGrad).
    var variableSlots: OptimizerSlots { moments }
}
