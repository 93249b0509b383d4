import Foundation

/// The activations beyond the core ops, each an elementwise op with its exact derivative.
extension Tensor {
    /// x for x > 0, `alpha`·x otherwise.
    public func leakyReLU(alpha: Float) -> Tensor { elementwise(.leakyReLU(alpha: alpha)) }

    /// x for x > 0, `alpha`·(eˣ − 1) otherwise.
    public func elu(alpha: Float) -> Tensor { elementwise(.elu(alpha: alpha)) }

    /// x·Φ(x) with Φ the standard normal CDF: 0.5·x·(1 + erf(x/√2)); with `approximate`, Keras's
    /// tanh form 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    public func gelu(approximate: Bool = false) -> Tensor { elementwise(.gelu(approximate: approximate)) }

    /// log(1 + eˣ), computed stably as max(x, 0) + log1p(e^−|x|).
    public func softplus() -> Tensor { elementwise(.softplus) }

    /// x·sigmoid(x).
    public func swish() -> Tensor { elementwise(.swish) }

    /// `activation` applied value by value, recording its exact derivative.
    private func elementwise(_ activation: Activation) -> Tensor {
        elementwise(activation.name, activation.scalarValue, derivative: activation.scalarDerivative)
    }

    /// An elementwise op given its function and its derivative `(x, y) -> dy/dx`.
    func elementwise(_ name: String, _ function: (Float) -> Float,
                     derivative: @escaping (Float, Float) -> Float) -> Tensor {
        var result = mapValues(function)
        if isRecording {
            let x = detached, y = result
            result.record(name, inputs: [self]) { g in
                let slope = x.zipValues(y, derivative)
                return [g.zipValues(slope, *)]
            }
        }
        return result
    }
}
