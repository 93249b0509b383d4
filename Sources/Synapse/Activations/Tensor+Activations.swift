import Foundation

/// The activations beyond the core ops, each an elementwise op with its exact derivative.
extension Tensor {
    /// x for x > 0, `alpha`·x otherwise.
    public func leakyReLU(alpha: Float) -> Tensor {
        elementwise("leakyReLU", { $0 > 0 ? $0 : alpha * $0 }, derivative: { x, _ in x > 0 ? 1 : alpha })
    }

    /// x for x > 0, `alpha`·(eˣ − 1) otherwise.
    public func elu(alpha: Float) -> Tensor {
        elementwise("elu", { $0 > 0 ? $0 : alpha * (Foundation.exp($0) - 1) },
                    derivative: { x, y in x > 0 ? 1 : y + alpha })
    }

    /// x·Φ(x) with Φ the standard normal CDF: 0.5·x·(1 + erf(x/√2)).
    public func gelu() -> Tensor {
        elementwise("gelu", { 0.5 * $0 * (1 + Foundation.erf($0 * 0.707_106_77)) },
                    derivative: { x, _ in
                        0.5 * (1 + Foundation.erf(x * 0.707_106_77)) + x * 0.398_942_28 * Foundation.exp(-0.5 * x * x)
                    })
    }

    /// log(1 + eˣ), computed stably as max(x, 0) + log1p(e^−|x|).
    public func softplus() -> Tensor {
        elementwise("softplus", { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) },
                    derivative: { x, _ in 1 / (1 + Foundation.exp(-x)) })
    }

    /// x·sigmoid(x).
    public func swish() -> Tensor {
        elementwise("swish", { $0 / (1 + Foundation.exp(-$0)) },
                    derivative: { x, _ in
                        let s = 1 / (1 + Foundation.exp(-x))
                        return s * (1 + x * (1 - s))
                    })
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
