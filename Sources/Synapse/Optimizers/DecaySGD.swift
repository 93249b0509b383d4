import Foundation

/// The original framework's decaying SGD: plain SGD whose learning rate, once `decayAfter` epochs
/// have passed, is multiplied by e^(−`decayRate`) at the start of every epoch:
/// `rate(epoch) = initialRate · e^(−decayRate · max(0, epoch − decayAfter + 1))` for 0-based epochs.
///
/// It has no Keras twin; for step-based decay in Keras's style use ``SGD`` with a schedule such as
/// ``ExponentialDecay``. The shared options (weight decay, clipping) apply as for every optimizer.
public final class DecaySGD: Optimizer {
    /// `DecaySGD`, the Keras class name, under which the optimizer is saved.
    public var name: String { "DecaySGD" }
    /// The learning rate (constant or scheduled), weight decay and gradient clipping.
    public var options: OptimizerOptions
    /// The number of updates applied so far.
    public var iterations = 0
    /// The rate of the first epochs.
    public let initialRate: Float
    /// The number of epochs trained at `initialRate`.
    public let decayAfter: Int
    /// The exponent of the per-epoch decay factor e^(−decayRate).
    public let decayRate: Float

    /// A decaying SGD optimizer.
    ///
    /// - Parameters:
    ///   - weightDecay: decoupled weight decay, `w ← w − w·weightDecay·lr` before each update.
    ///   - clipNorm: clip each gradient to this L2 norm.
    ///   - clipValue: clip each gradient element to [−clipValue, clipValue].
    ///   - globalClipNorm: clip all gradients together to this L2 norm.
    ///
    /// Invalid values — `initialRate`, `decayRate` or `decayAfter` is negative (or not finite), or an option is
    /// invalid — are reported by ``validate()``, which every update runs, as a
    /// ``SynapseError/invalidArgument(_:)``.
    public convenience init(initialRate: Float = 0.1, decayAfter: Int = 5, decayRate: Float = 0.1,
                            weightDecay: Float? = nil, clipNorm: Float? = nil, clipValue: Float? = nil,
                            globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .constant(initialRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  initialRate: initialRate, decayAfter: decayAfter, decayRate: decayRate)
    }

    init(options: OptimizerOptions, initialRate: Float, decayAfter: Int, decayRate: Float) {
        self.options = options
        self.initialRate = initialRate
        self.decayAfter = decayAfter
        self.decayRate = decayRate
    }

    /// The learning rate used during `epoch` (0-based).
    public func rate(forEpoch epoch: Int) -> Float {
        initialRate * Foundation.exp(-decayRate * Float(Swift.max(0, epoch - decayAfter + 1)))
    }

    /// Sets the learning rate to ``rate(forEpoch:)``.
    public func epochWillBegin(_ epoch: Int) {
        learningRate = rate(forEpoch: epoch)
    }

    /// Checks the hyper-parameters and the shared options; ``Optimizer/apply(_:to:)`` calls it before
    /// every update.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    public func validate() throws {
        try options.validate(for: "DecaySGD")
        try ArgumentCheck.nonNegative(initialRate, "initialRate", in: "DecaySGD")
        try ArgumentCheck.nonNegative(decayRate, "decayRate", in: "DecaySGD")
        guard decayAfter >= 0 else {
            throw SynapseError.invalidArgument("DecaySGD: decayAfter must be ≥ 0, found \(decayAfter)")
        }
    }

    /// `initial_rate`, `decay_after`, `decay_rate`.
    public var hyperParameters: [String: JSONValue] {
        ["initial_rate": .number(Double(initialRate)), "decay_after": .number(Double(decayAfter)),
         "decay_rate": .number(Double(decayRate))]
    }

    /// The per-parameter slots, named `<slot>/<parameter path>`.
    public func stateTensors(for parameters: [Parameter]) -> [String: Tensor] { [:] }

    /// Restores slots written by ``stateTensors(for:)``; slots not found start afresh.
    public func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {}

    /// Applies the update rule in the type's description to one parameter.
    public func update(_ parameter: Parameter, values w: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                       count n: Int, learningRate lr: Float, step: Int) {
        do { OptimizerKernels.sgd(w, g, count: n, learningRate: lr) }
    }
}

extension DecaySGD: SlottedOptimizer {
    /// None: the rule keeps no state.
    var variableSlots: OptimizerSlots { OptimizerSlots([]) }
}
