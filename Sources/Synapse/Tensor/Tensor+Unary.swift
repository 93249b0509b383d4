import Foundation

/// Elementwise functions, each differentiable.
extension Tensor {
    /// e^x, elementwise.
    public func exp() -> Tensor {
        var result = mapVectors(costPerElement: 8) { VectorMath.exp($0) }
        if isRecording {
            let y = result
            result.record("exp", inputs: [self]) { g in [g.zipValues(y, *)] }
        }
        return result
    }

    /// The natural logarithm, elementwise (−∞ at 0, NaN below).
    public func log() -> Tensor {
        var result = mapValues { Foundation.log($0) }
        if isRecording {
            let x = detached
            result.record("log", inputs: [self]) { g in [g.zipValues(x, /)] }
        }
        return result
    }

    /// The square root, elementwise.
    public func sqrt() -> Tensor {
        var result = mapValues { $0.squareRoot() }
        if isRecording {
            let y = result
            result.record("sqrt", inputs: [self]) { g in [g.zipValues(y) { gi, yi in gi * 0.5 / yi }] }
        }
        return result
    }

    /// Each value raised to `exponent`.
    public func pow(_ exponent: Float) -> Tensor {
        var result: Tensor
        switch exponent {
        case 2: result = mapValues { $0 * $0 }
        case 1: result = detached
        case 0.5: result = mapValues { $0.squareRoot() }
        default: result = mapValues { Foundation.pow($0, exponent) }
        }
        if isRecording {
            let x = detached
            result.record("pow", inputs: [self]) { g in
                [g.zipValues(x) { gi, xi in
                    exponent == 2 ? gi * 2 * xi : gi * exponent * Foundation.pow(xi, exponent - 1)
                }]
            }
        }
        return result
    }

    /// The absolute value, elementwise (gradient 0 at 0).
    public func abs() -> Tensor {
        var result = mapValues { Swift.abs($0) }
        if isRecording {
            let x = detached
            result.record("abs", inputs: [self]) { g in [g.zipValues(x) { gi, xi in xi > 0 ? gi : (xi < 0 ? -gi : 0) }] }
        }
        return result
    }

    /// Values limited to [`min`, `max`]; the gradient is zero where a value was clipped.
    public func clipped(min low: Float, max high: Float) throws -> Tensor {
        guard low <= high else {
            throw SynapseError.invalidArgument("clipped(min:max:): min (\(low)) must not exceed max (\(high))")
        }
        var result = mapValues { Swift.min(Swift.max($0, low), high) }
        if isRecording {
            let x = detached
            result.record("clip", inputs: [self]) { g in [g.zipValues(x) { gi, xi in xi >= low && xi <= high ? gi : 0 }] }
        }
        return result
    }

    /// The hyperbolic tangent, elementwise.
    public func tanh() -> Tensor {
        var result = mapVectors(costPerElement: 10) { VectorMath.tanh($0) }
        if isRecording {
            let y = result
            result.record("tanh", inputs: [self]) { g in [g.zipValues(y) { gi, yi in gi * (1 - yi * yi) }] }
        }
        return result
    }

    /// The logistic sigmoid 1 / (1 + e^−x), elementwise.
    public func sigmoid() -> Tensor {
        var result = mapVectors(costPerElement: 10) { VectorMath.sigmoid($0) }
        if isRecording {
            let y = result
            result.record("sigmoid", inputs: [self]) { g in [g.zipValues(y) { gi, yi in gi * yi * (1 - yi) }] }
        }
        return result
    }

    /// max(x, 0), elementwise (gradient 0 at 0).
    public func relu() -> Tensor {
        var result = mapVectors { $0.replacing(with: 0, where: $0 .< 0) }
        if isRecording {
            let x = detached
            result.record("relu", inputs: [self]) { g in [Kernels.reluBackward(gradient: g, input: x)] }
        }
        return result
    }
}

/// Backward kernels shared by ops and fused layers.
enum Kernels {
    /// `gradient` where `input > 0`, else 0: a vector select, no branches.
    static func reluBackward(gradient: Tensor, input: Tensor) -> Tensor {
        Tensor.build(shape: gradient.shape) { out in
            gradient.withUnsafeBufferPointer { pg in
                input.withUnsafeBufferPointer { px in
                    let g = pg.baseAddress!, x = px.baseAddress!, o = out.baseAddress!
                    let n = out.count
                    var i = 0
                    while i + 16 <= n {
                        let v = VectorMath.load(g + i)
                        VectorMath.store(v.replacing(with: 0, where: VectorMath.load(x + i) .<= 0), o + i)
                        i += 16
                    }
                    while i < n {
                        o[i] = x[i] > 0 ? g[i] : 0
                        i += 1
                    }
                }
            }
        }
    }
}
