import Foundation

/// The original framework's decaying SGD: plain SGD whose learning rate, once `decayAfter` epochs
/// have passed, is multiplied by e^(−`decayRate`) at the start of every epoch:
/// `rate(epoch) = initialRate · e^(−decayRate · max(0, epoch − decayAfter + 1))` for 0-based epochs.
public final class DecaySGD: Optimizer {
    public var name: String { "DecaySGD" }
    public var learningRate: Float
    public var iterations = 0
    /// The rate of the first epochs.
    public let initialRate: Float
    /// The number of epochs trained at `initialRate`.
    public let decayAfter: Int
    /// The exponent of the per-epoch decay factor e^(−decayRate).
    public let decayRate: Float
    private let sgd: SGD

    /// A decaying SGD optimizer.
    public init(initialRate: Float = 0.1, decayAfter: Int = 5, decayRate: Float = 0.1) {
        self.initialRate = initialRate
        self.decayAfter = decayAfter
        self.decayRate = decayRate
        self.learningRate = initialRate
        self.sgd = SGD(learningRate: initialRate)
    }

    /// The learning rate used during `epoch` (0-based).
    public func rate(forEpoch epoch: Int) -> Float {
        initialRate * Foundation.exp(-decayRate * Float(Swift.max(0, epoch - decayAfter + 1)))
    }

    public func epochWillBegin(_ epoch: Int) {
        learningRate = rate(forEpoch: epoch)
    }

    public var configuration: [String: Double] {
        ["initial_rate": Double(initialRate), "decay_after": Double(decayAfter), "decay_rate": Double(decayRate)]
    }

    public func stateTensors(for parameters: [Parameter]) -> [String: Tensor] { [:] }

    public func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {}

    public func update(_ parameter: Parameter, gradient: Tensor, learningRate: Float, step: Int) {
        sgd.update(parameter, gradient: gradient, learningRate: learningRate, step: step)
    }
}
