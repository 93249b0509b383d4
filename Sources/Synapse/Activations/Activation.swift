/// The activation functions a layer can apply to its output.
///
/// The original four (`relu`, `linear`, `sigmoid`, `softmax`) and the usual Keras additions. Softmax
/// acts along the last axis; its backward pass is the exact vector–Jacobian product.
public enum Activation: Equatable, Sendable, CustomStringConvertible {
    case linear
    case relu
    case sigmoid
    case softmax
    case tanh
    /// x for x > 0, `alpha`·x otherwise (Keras's default alpha is 0.3 for the layer, 0.2 for the op).
    case leakyReLU(alpha: Float)
    /// x for x > 0, `alpha`·(eˣ − 1) otherwise.
    case elu(alpha: Float)
    /// x·Φ(x): the exact (erf) form when `approximate` is false (Keras's default), else the tanh
    /// approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    case gelu(approximate: Bool)
    /// log(1 + eˣ).
    case softplus
    /// x·sigmoid(x) (also called SiLU).
    case swish

    /// `leakyReLU` with alpha 0.2, as `keras.activations.leaky_relu`.
    public static var leakyReLU: Activation { .leakyReLU(alpha: 0.2) }
    /// `elu` with alpha 1.
    public static var elu: Activation { .elu(alpha: 1) }
    /// The exact GELU, as `keras.activations.gelu` with its default `approximate=False`.
    public static var gelu: Activation { .gelu(approximate: false) }

    /// Applies the activation to `x`, differentiably.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        switch self {
        case .linear: return x
        case .relu: return x.relu()
        case .sigmoid: return x.sigmoid()
        case .softmax: return try x.softmax(alongAxis: -1)
        case .tanh: return x.tanh()
        case .leakyReLU(let alpha): return x.leakyReLU(alpha: alpha)
        case .elu(let alpha): return x.elu(alpha: alpha)
        case .gelu(let approximate): return x.gelu(approximate: approximate)
        case .softplus: return x.softplus()
        case .swish: return x.swish()
        }
    }

    /// The Keras name (`relu`, `leaky_relu`, …), used in configurations and summaries.
    public var name: String {
        switch self {
        case .linear: return "linear"
        case .relu: return "relu"
        case .sigmoid: return "sigmoid"
        case .softmax: return "softmax"
        case .tanh: return "tanh"
        case .leakyReLU: return "leaky_relu"
        case .elu: return "elu"
        case .gelu: return "gelu"
        case .softplus: return "softplus"
        case .swish: return "swish"
        }
    }

    public var description: String {
        switch self {
        case .leakyReLU(let alpha): return "leaky_relu(alpha: \(alpha))"
        case .elu(let alpha): return "elu(alpha: \(alpha))"
        case .gelu(approximate: true): return "gelu(approximate: true)"
        default: return name
        }
    }
}
