/// Stochastic gradient descent with Keras's semantics.
///
/// Without momentum: `w ← w − lr·g`. With momentum: `v ← momentum·v − lr·g`, then `w ← w + v`, or with
/// Nesterov `w ← w + momentum·v − lr·g`. Defaults: lr 0.01, momentum 0, nesterov false.
///
/// ```swift
/// let optimizer = SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)
/// ```
public final class SGD: Optimizer {
    /// `SGD`, the Keras class name, under which the optimizer is saved.
    public var name: String { "SGD" }
    /// The learning rate (constant or scheduled), weight decay and gradient clipping.
    public var options: OptimizerOptions
    /// The number of updates applied so far.
    public var iterations = 0
    /// The momentum factor in [0, 1].
    public let momentum: Float
    /// Whether to use Nesterov momentum.
    public let nesterov: Bool
    private let velocities = OptimizerSlots(["momentum"])

    /// An SGD optimizer with a constant learning rate.
    ///
    /// - Parameters:
    ///   - weightDecay: decoupled weight decay, `w ← w − w·weightDecay·lr` before each update.
    ///   - clipNorm: clip each gradient to this L2 norm.
    ///   - clipValue: clip each gradient element to [−clipValue, clipValue].
    ///   - globalClipNorm: clip all gradients together to this L2 norm.
    ///
    /// Invalid values — the learning rate or weight decay is negative, momentum is outside [0, 1], a clipping
    /// bound is ≤ 0, or more than one clipping is set — are reported by ``validate()``, which every update
    /// runs, as a ``SynapseError/invalidArgument(_:)``.
    public convenience init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                            weightDecay: Float? = nil, clipNorm: Float? = nil, clipValue: Float? = nil,
                            globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .constant(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  momentum: momentum, nesterov: nesterov)
    }

    /// An SGD optimizer whose learning rate follows `learningRate`, a schedule.
    public convenience init(learningRate: any LearningRateSchedule, momentum: Float = 0, nesterov: Bool = false,
                            weightDecay: Float? = nil, clipNorm: Float? = nil, clipValue: Float? = nil,
                            globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .schedule(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  momentum: momentum, nesterov: nesterov)
    }

    init(options: OptimizerOptions, momentum: Float, nesterov: Bool) {
        self.options = options
        self.momentum = momentum
        self.nesterov = nesterov
    }

    /// Checks the hyper-parameters and the shared options; ``Optimizer/apply(_:to:)`` calls it before
    /// every update.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    public func validate() throws {
        try options.validate(for: "SGD")
        try ArgumentCheck.fraction(momentum, "momentum", in: "SGD", includingOne: true)
    }

    /// `momentum`, `nesterov`.
    public var hyperParameters: [String: JSONValue] {
        ["momentum": .number(Double(momentum)), "nesterov": .bool(nesterov)]
    }

    /// The per-parameter slots, named `<slot>/<parameter path>`.
    public func stateTensors(for parameters: [Parameter]) -> [String: Tensor] {
        velocities.exported(for: parameters)
    }

    /// Restores slots written by ``stateTensors(for:)``; slots not found start afresh.
    public func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {
        try velocities.load(tensors, for: parameters)
    }

    /// Applies the update rule in the type's description to one parameter.
    public func update(_ parameter: Parameter, values w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                       count n: Int, learningRate lr: Float, step: Int) {
        guard momentum != 0 else {
            do { OptimizerKernels.sgd(w, g, count: n, learningRate: lr) }
            return
        }
        let (mu, nesterov) = (momentum, self.nesterov)
        let v = velocities.entry(for: parameter)[0]
        do {
            OptimizerKernels.momentum(w, g, v, count: n, learningRate: lr, momentum: mu, nesterov: nesterov)
        }
    }
}

extension SGD: SlottedOptimizer {
    /// The momenta, which exist only when `momentum` is not 0 (as in Keras).
    var variableSlots: OptimizerSlots { momentum != 0 ? velocities : OptimizerSlots([]) }
}
