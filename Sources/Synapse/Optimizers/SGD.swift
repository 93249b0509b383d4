/// Stochastic gradient descent with Keras's semantics.
///
/// Without momentum: `w ← w − lr·g`. With momentum: `v ← momentum·v − lr·g`, then `w ← w + v`, or with
/// Nesterov `w ← w + momentum·v − lr·g`. Defaults: lr 0.01, momentum 0, nesterov false.
public final class SGD: Optimizer {
    public var name: String { "SGD" }
    public var learningRate: Float
    public var iterations = 0
    /// The momentum factor in [0, 1].
    public let momentum: Float
    /// Whether to use Nesterov momentum.
    public let nesterov: Bool
    private var velocities = OptimizerSlots()

    /// An SGD optimizer.
    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public var configuration: [String: Double] {
        ["learning_rate": Double(learningRate), "momentum": Double(momentum), "nesterov": nesterov ? 1 : 0]
    }

    public func stateTensors(for parameters: [Parameter]) -> [String: Tensor] {
        velocities.exported(as: "momentum", for: parameters)
    }

    public func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {
        try velocities.load(tensors, as: "momentum", for: parameters)
    }

    public func update(_ parameter: Parameter, gradient: Tensor, learningRate lr: Float, step: Int) {
        guard momentum != 0 else {
            parameter.updateInPlace(with: gradient) { w, g, n in OptimizerKernels.sgd(w, g, count: n, learningRate: lr) }
            return
        }
        let (mu, nesterov) = (momentum, self.nesterov)
        velocities.withSlot(for: parameter) { v in
            parameter.updateInPlace(with: gradient) { w, g, n in
                OptimizerKernels.momentum(w, g, v, count: n, learningRate: lr, momentum: mu, nesterov: nesterov)
            }
        }
    }
}
