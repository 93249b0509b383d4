import Foundation

/// The elementwise activations defined value by value, with their exact derivatives. The tensor ops
/// (`Tensor.gelu()`, …) and the fused dense-stack kernels both use these definitions.
extension Activation {
    /// The activation of one value (for the elementwise-defined cases: leaky ReLU, ELU, GELU, softplus,
    /// swish; the others have vectorised kernels and are returned unchanged here).
    func scalarValue(_ x: Float) -> Float {
        switch self {
        case .leakyReLU(let alpha): return x > 0 ? x : alpha * x
        case .elu(let alpha): return x > 0 ? x : alpha * (Foundation.exp(x) - 1)
        case .gelu(approximate: false): return 0.5 * x * (1 + Foundation.erf(x * 0.707_106_77))
        case .gelu(approximate: true): return 0.5 * x * (1 + Foundation.tanh(Self.geluTanhArgument(x)))
        case .softplus: return Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
        case .swish: return x / (1 + Foundation.exp(-x))
        case .linear, .relu, .sigmoid, .softmax, .tanh: return x
        }
    }

    /// The derivative at `x`, given the output `y` = activation(x) (for the same cases as
    /// ``scalarValue(_:)``).
    func scalarDerivative(_ x: Float, _ y: Float) -> Float {
        switch self {
        case .leakyReLU(let alpha): return x > 0 ? 1 : alpha
        case .elu(let alpha): return x > 0 ? 1 : y + alpha
        case .gelu(approximate: false):
            return 0.5 * (1 + Foundation.erf(x * 0.707_106_77)) + x * 0.398_942_28 * Foundation.exp(-0.5 * x * x)
        case .gelu(approximate: true):
            let t = Foundation.tanh(Self.geluTanhArgument(x))
            let slope: Float = 0.797_884_56 * (1 + 3 * 0.044_715 * x * x)
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * slope
        case .softplus: return 1 / (1 + Foundation.exp(-x))
        case .swish:
            let s = 1 / (1 + Foundation.exp(-x))
            return s * (1 + x * (1 - s))
        case .linear, .relu, .sigmoid, .softmax, .tanh: return 1
        }
    }

    /// √(2/π)·(x + 0.044715·x³), the argument of tanh in the approximate GELU.
    private static func geluTanhArgument(_ x: Float) -> Float {
        0.797_884_56 * (x + 0.044_715 * x * x * x)
    }
}
