/// Adagrad with Keras's update rule: `s ← s + g²`, `w ← w − lr·g / √(s + ε)` — the accumulator `s`
/// starting at `initialAccumulatorValue` and ε inside the square root. Defaults: lr 1e-3, initial
/// accumulator 0.1, ε 1e-7.
public final class Adagrad: Optimizer {
    /// `Adagrad`, the Keras class name, under which the optimizer is saved.
    public var name: String { "Adagrad" }
    /// The learning rate (constant or scheduled), weight decay and gradient clipping.
    public var options: OptimizerOptions
    /// The number of updates applied so far.
    public var iterations = 0
    /// The value the squared-gradient sums start at.
    public let initialAccumulatorValue: Float
    /// Added to the sum inside the square root.
    public let epsilon: Float
    private let accumulators: OptimizerSlots

    /// An Adagrad optimizer with a constant learning rate.
    ///
    /// - Parameters:
    ///   - weightDecay: decoupled weight decay, `w ← w − w·weightDecay·lr` before each update.
    ///   - clipNorm: clip each gradient to this L2 norm.
    ///   - clipValue: clip each gradient element to [−clipValue, clipValue].
    ///   - globalClipNorm: clip all gradients together to this L2 norm.
    ///
    /// Invalid values — the learning rate, the initial accumulator value, ε or weight decay is negative, a
    /// clipping bound is ≤ 0, or more than one clipping is set — are reported by ``validate()``, which every
    /// update runs, as a ``SynapseError/invalidArgument(_:)``.
    public convenience init(learningRate: Float = 1e-3, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
                            weightDecay: Float? = nil, clipNorm: Float? = nil, clipValue: Float? = nil,
                            globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .constant(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
    }

    /// An Adagrad optimizer whose learning rate follows `learningRate`, a schedule.
    public convenience init(learningRate: any LearningRateSchedule, initialAccumulatorValue: Float = 0.1,
                            epsilon: Float = 1e-7, weightDecay: Float? = nil, clipNorm: Float? = nil,
                            clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .schedule(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
    }

    init(options: OptimizerOptions, initialAccumulatorValue: Float, epsilon: Float) {
        self.options = options
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        accumulators = OptimizerSlots(["accumulator"], initialValues: [initialAccumulatorValue])
    }

    /// Checks the hyper-parameters and the shared options; ``Optimizer/apply(_:to:)`` calls it before
    /// every update.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    public func validate() throws {
        try options.validate(for: "Adagrad")
        try ArgumentCheck.nonNegative(initialAccumulatorValue, "initialAccumulatorValue", in: "Adagrad")
        try ArgumentCheck.nonNegative(epsilon, "epsilon", in: "Adagrad")
    }

    /// `initial_accumulator_value`, `epsilon`.
    public var hyperParameters: [String: JSONValue] {
        ["initial_accumulator_value": .number(Double(initialAccumulatorValue)), "epsilon": .number(Double(epsilon))]
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
        let s = accumulators.entry(for: parameter)[0]
        let eps = epsilon
        do {
            OptimizerKernels.adagrad(w, g, s, count: n, learningRate: lr, epsilon: eps)
        }
    }
}

extension Adagrad: SlottedOptimizer {
    /// The accumulators.
    var variableSlots: OptimizerSlots { accumulators }
}
