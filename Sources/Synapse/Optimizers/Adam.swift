import Foundation

/// Adam with Keras's update rule: `m ← β1·m + (1 − β1)·g`, `v ← β2·v + (1 − β2)·g²`,
/// `w ← w − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε)` — the bias correction folded into the rate and
/// ε added to the uncorrected √v. Defaults: lr 1e-3, β1 0.9, β2 0.999, ε 1e-7.
public final class Adam: Optimizer {
    public var name: String { "Adam" }
    public var learningRate: Float
    public var iterations = 0
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    private var firstMoments = OptimizerSlots()
    private var secondMoments = OptimizerSlots()

    /// An Adam optimizer.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public var configuration: [String: Double] {
        ["learning_rate": Double(learningRate), "beta_1": Double(beta1), "beta_2": Double(beta2), "epsilon": Double(epsilon)]
    }

    public func stateTensors(for parameters: [Parameter]) -> [String: Tensor] {
        firstMoments.exported(as: "m", for: parameters).merging(secondMoments.exported(as: "v", for: parameters)) { a, _ in a }
    }

    public func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {
        try firstMoments.load(tensors, as: "m", for: parameters)
        try secondMoments.load(tensors, as: "v", for: parameters)
    }

    public func update(_ parameter: Parameter, gradient: Tensor, learningRate lr: Float, step: Int) {
        let t = Double(step)
        let correctedRate = Float(Double(lr) * (1 - Foundation.pow(Double(beta2), t)).squareRoot() / (1 - Foundation.pow(Double(beta1), t)))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        firstMoments.withSlot(for: parameter) { m in
            secondMoments.withSlot(for: parameter) { v in
                parameter.updateInPlace(with: gradient) { w, g, n in
                    OptimizerKernels.adam(w, g, m, v, count: n, correctedRate: correctedRate, beta1: b1, beta2: b2, epsilon: eps)
                }
            }
        }
    }
}
