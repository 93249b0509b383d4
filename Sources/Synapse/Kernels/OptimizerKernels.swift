/// Parameter updates as single vectorised passes over the weights, gradients and optimizer slots.
/// Sixteen lanes at a time with explicit SIMD (the scalar forms do not vectorise: `sqrt` and `/`
/// sit on one long dependency chain per element), the tail element by element.
enum OptimizerKernels {
    typealias Vector = SIMD16<Float>

    /// `w ← w − lr·g`.
    static func sgd(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, count n: Int, learningRate lr: Float) {
        var i = 0
        while i + 16 <= n {
            VectorMath.store(VectorMath.load(w + i) - lr * VectorMath.load(g + i), w + i)
            i += 16
        }
        while i < n { w[i] -= lr * g[i]; i += 1 }
    }

    /// Keras momentum: `v ← μ·v − lr·g`, then `w ← w + v` (or `w ← w + μ·v − lr·g` with Nesterov).
    static func momentum(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                         count n: Int, learningRate lr: Float, momentum mu: Float, nesterov: Bool) {
        var i = 0
        while i + 16 <= n {
            let gi = VectorMath.load(g + i)
            let vi = mu * VectorMath.load(v + i) - lr * gi
            VectorMath.store(vi, v + i)
            let step = nesterov ? mu * vi - lr * gi : vi
            VectorMath.store(VectorMath.load(w + i) + step, w + i)
            i += 16
        }
        while i < n {
            v[i] = mu * v[i] - lr * g[i]
            w[i] += nesterov ? mu * v[i] - lr * g[i] : v[i]
            i += 1
        }
    }

    /// Keras Adam: `m ← β1·m + (1 − β1)·g`, `v ← β2·v + (1 − β2)·g²`, `w ← w − α·m / (√v + ε)`, with the
    /// bias correction already folded into `α`. Eight lanes at a time: with sixteen the loop spills
    /// registers on the baseline target.
    static func adam(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
                     _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>, count n: Int,
                     correctedRate alpha: Float, beta1 b1: Float, beta2 b2: Float, epsilon eps: Float) {
        typealias V8 = SIMD8<Float>
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> V8 { UnsafeRawPointer(p).loadUnaligned(as: V8.self) }
        @inline(__always) func store(_ x: V8, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: x, as: V8.self) }
        var i = 0
        while i + 8 <= n {
            let gi = load(g + i)
            let mi = b1 * load(m + i) + (1 - b1) * gi
            let vi = b2 * load(v + i) + (1 - b2) * (gi * gi)
            store(mi, m + i)
            store(vi, v + i)
            store(load(w + i) - alpha * mi / (VectorMath.sqrt(vi) + eps), w + i)
            i += 8
        }
        while i < n {
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            w[i] -= alpha * m[i] / (v[i].squareRoot() + eps)
            i += 1
        }
    }
}
