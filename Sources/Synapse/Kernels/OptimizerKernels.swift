import CSynapseKernels

/// Parameter updates as single vectorised passes over the weights, gradients and optimizer slots.
/// Weight decay, SGD (plain, momentum, Nesterov) and Adam/AdamW (with or without AMSGrad) call the C
/// kernels of `CSynapseKernels`, which on x86-64 Linux run the AVX-512 or AVX2 version of the loop
/// when the CPU has it (a release build otherwise targets SSE2 only) and use the correctly rounded
/// square root. The others are Swift: sixteen lanes at a time with explicit SIMD (the scalar forms do
/// not vectorise: `sqrt` and `/` sit on one long dependency chain per element), the tail element by
/// element with the same arithmetic. The formulas follow Keras 3's `update_step`s operation for
/// operation, so that results agree with Keras to float rounding; the `oneMinus…` factors come from
/// the caller because Keras computes some of them in double precision (see ``Optimizer``'s
/// `complement(_:)`). Options that change the formula (Nesterov, AMSGrad, centred RMSprop, momentum)
/// are loop-invariant flags. The buffers of one call never overlap.
enum OptimizerKernels {
    typealias Vector = SIMD16<Float>

    @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> Vector { VectorMath.load(p) }
    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> Vector { VectorMath.load(UnsafePointer(p)) }
    @inline(__always) private static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) { VectorMath.store(v, p) }
    /// Lane-wise maximum and minimum as compare-and-blend: the standard library's `pointwiseMax` and
    /// `pointwiseMin` go lane by lane here (AMSGrad ran 4.7× slower with them, 1.07× Adam's time without).
    @inline(__always) private static func maximum(_ a: Vector, _ b: Vector) -> Vector { a.replacing(with: b, where: a .< b) }
    @inline(__always) private static func minimum(_ a: Vector, _ b: Vector) -> Vector { a.replacing(with: b, where: b .< a) }

    // MARK: Shared steps: weight decay and gradient clipping

    /// Keras's decoupled weight decay: `w ← w − w·factor`, with `factor` = weight decay × learning rate.
    static func decay(_ w: UnsafeMutablePointer<Float>, count n: Int, factor: Float) {
        inChunks(n) { i, k in synapse_decay(w + i, k, factor) }
    }

    /// Runs `body(start, count)` over `0..<n`, split across cores when the pass is large enough to
    /// pay for waking them (a model's whole parameter block, for large layers).
    @inline(__always)
    private static func inChunks(_ n: Int, _ body: (Int, Int) -> Void) {
        Parallel.forEachChunk(count: n, costPerElement: 2) { range in body(range.lowerBound, range.count) }
    }

    /// Σ x², in `Float` with sixteen-lane accumulators, falling back to `Double` if that overflows.
    static func sumOfSquares(_ x: UnsafePointer<Float>, count n: Int) -> Double {
        var acc0 = Vector(repeating: 0), acc1 = Vector(repeating: 0)
        var i = 0
        while i + 32 <= n {
            let a = load(x + i), b = load(x + i + 16)
            acc0 += a * a
            acc1 += b * b
            i += 32
        }
        while i + 16 <= n {
            let a = load(x + i)
            acc0 += a * a
            i += 16
        }
        var total = (acc0 + acc1).sum()
        while i < n { total += x[i] * x[i]; i += 1 }
        if total.isFinite { return Double(total) }
        var exact = 0.0
        for j in 0..<n { exact += Double(x[j]) * Double(x[j]) }
        return exact
    }

    /// `out ← x·scale`.
    static func scale(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int, by s: Float) {
        var i = 0
        while i + 16 <= n {
            store(load(x + i) * s, out + i)
            i += 16
        }
        while i < n { out[i] = x[i] * s; i += 1 }
    }

    /// `out ← min(max(x, −limit), limit)`.
    static func clamp(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int, limit: Float) {
        let low = Vector(repeating: -limit), high = Vector(repeating: limit)
        var i = 0
        while i + 16 <= n {
            store(minimum(maximum(load(x + i), low), high), out + i)
            i += 16
        }
        while i < n { out[i] = Swift.min(Swift.max(x[i], -limit), limit); i += 1 }
    }

    // MARK: SGD

    /// `w ← w − lr·g`.
    static func sgd(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, count n: Int, learningRate lr: Float) {
        inChunks(n) { i, k in synapse_sgd(w + i, g + i, k, lr) }
    }

    /// Keras momentum: `v ← μ·v − lr·g`, then `w ← w + v` (or `w ← w + μ·v − lr·g` with Nesterov).
    static func momentum(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                         count n: Int, learningRate lr: Float, momentum mu: Float, nesterov: Bool) {
        inChunks(n) { i, k in synapse_momentum(w + i, g + i, v + i, k, lr, mu, nesterov) }
    }

    // MARK: Adam family

    /// Keras Adam: `m ← m + (g − m)(1 − β1)`, `v ← v + (g² − v)(1 − β2)`, with AMSGrad
    /// `v̂ ← max(v̂, v)` used in place of `v`, then `w ← w − m·α / (√v + ε)` — the bias correction
    /// already folded into `α`; √ is the correctly rounded square root.
    static func adam(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
                     _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                     maximum vMax: UnsafeMutablePointer<Float>?, count n: Int,
                     correctedRate alpha: Float, oneMinusBeta1 c1: Float, oneMinusBeta2 c2: Float, epsilon eps: Float) {
        inChunks(n) { i, k in synapse_adam(w + i, g + i, m + i, v + i, vMax.map { $0 + i }, k, alpha, c1, c2, eps) }
    }

    /// Keras Adamax: `m ← m + (g − m)(1 − β1)`, `u ← max(β2·u, |g|)`,
    /// `w ← w − lr·m / ((1 − β1ᵗ)(u + ε))`.
    static func adamax(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
                       _ m: UnsafeMutablePointer<Float>, _ u: UnsafeMutablePointer<Float>, count n: Int,
                       learningRate lr: Float, biasCorrection bias: Float,
                       oneMinusBeta1 c1: Float, beta2 b2: Float, epsilon eps: Float) {
        var i = 0
        while i + 16 <= n {
            let gi = load(g + i)
            var mi = load(m + i)
            mi += (gi - mi) * c1
            let magnitude = gi.replacing(with: -gi, where: gi .< 0)
            let ui = maximum(b2 * load(u + i), magnitude)
            store(mi, m + i)
            store(ui, u + i)
            store(load(w + i) - lr * mi / (bias * (ui + eps)), w + i)
            i += 16
        }
        while i < n {
            m[i] += (g[i] - m[i]) * c1
            u[i] = Swift.max(b2 * u[i], Swift.abs(g[i]))
            w[i] -= lr * m[i] / (bias * (u[i] + eps))
            i += 1
        }
    }

    /// Keras Nadam: `m ← m + (g − m)(1 − β1)`, `v ← v + (g² − v)(1 − β2)`,
    /// `m̂ = momentumWeight·m + gradientWeight·g`, `v̂ = v / (1 − β2ᵗ)`, `w ← w − m̂·lr / (√v̂ + ε)`;
    /// the weights carry the momentum-cache products (see ``Nadam``).
    static func nadam(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
                      _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>, count n: Int,
                      learningRate lr: Float, momentumWeight a: Float, gradientWeight b: Float,
                      secondMomentCorrection c: Float, oneMinusBeta1 c1: Float, oneMinusBeta2 c2: Float, epsilon eps: Float) {
        var i = 0
        while i + 16 <= n {
            let gi = load(g + i)
            var mi = load(m + i)
            mi += (gi - mi) * c1
            var vi = load(v + i)
            vi += (gi * gi - vi) * c2
            store(mi, m + i)
            store(vi, v + i)
            let mHat = a * mi + b * gi
            let vHat = vi / c
            store(load(w + i) - mHat * lr / (VectorMath.sqrt(vHat) + eps), w + i)
            i += 16
        }
        while i < n {
            m[i] += (g[i] - m[i]) * c1
            v[i] += (g[i] * g[i] - v[i]) * c2
            let mHat = a * m[i] + b * g[i]
            w[i] -= mHat * lr / ((v[i] / c).squareRoot() + eps)
            i += 1
        }
    }

    // MARK: Accumulator family

    /// Keras RMSprop: `s ← ρ·s + (1 − ρ)·g²`; centred, also `ḡ ← ρ·ḡ + (1 − ρ)·g` and the denominator
    /// `s − ḡ² + ε`, else `s + ε`; `Δ = lr·g / √denominator`; with momentum `p ← μ·p + Δ`, `w ← w − p`,
    /// else `w ← w − Δ`.
    static func rmsprop(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: UnsafeMutablePointer<Float>,
                        momentum p: UnsafeMutablePointer<Float>?, average a: UnsafeMutablePointer<Float>?,
                        count n: Int, learningRate lr: Float, rho: Float, oneMinusRho c: Float,
                        momentum mu: Float, epsilon eps: Float) {
        let (centered, hasMomentum) = (a != nil, p != nil)
        let (pp, ap) = (p ?? s, a ?? s)
        var i = 0
        while i + 16 <= n {
            let gi = load(g + i)
            let si = rho * load(s + i) + c * (gi * gi)
            store(si, s + i)
            var denominator = si + eps
            if centered {
                let ai = rho * load(ap + i) + c * gi
                store(ai, ap + i)
                denominator = si - ai * ai + eps
            }
            var step = lr * gi / VectorMath.sqrt(denominator)
            if hasMomentum {
                step = mu * load(pp + i) + step
                store(step, pp + i)
            }
            store(load(w + i) - step, w + i)
            i += 16
        }
        while i < n {
            s[i] = rho * s[i] + c * (g[i] * g[i])
            var denominator = s[i] + eps
            if centered {
                ap[i] = rho * ap[i] + c * g[i]
                denominator = s[i] - ap[i] * ap[i] + eps
            }
            var step = lr * g[i] / denominator.squareRoot()
            if hasMomentum {
                step = mu * pp[i] + step
                pp[i] = step
            }
            w[i] -= step
            i += 1
        }
    }

    /// Keras Adagrad: `s ← s + g²`, `w ← w − lr·g / √(s + ε)`.
    static func adagrad(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: UnsafeMutablePointer<Float>,
                        count n: Int, learningRate lr: Float, epsilon eps: Float) {
        var i = 0
        while i + 16 <= n {
            let gi = load(g + i)
            let si = load(s + i) + gi * gi
            store(si, s + i)
            store(load(w + i) - lr * gi / VectorMath.sqrt(si + eps), w + i)
            i += 16
        }
        while i < n {
            s[i] += g[i] * g[i]
            w[i] -= lr * g[i] / (s[i] + eps).squareRoot()
            i += 1
        }
    }

    /// Keras Adadelta: `s ← ρ·s + (1 − ρ)·g²`, `Δ = −√(d + ε)·g / √(s + ε)`,
    /// `d ← ρ·d + (1 − ρ)·Δ²`, `w ← w + lr·Δ`.
    static func adadelta(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
                         _ s: UnsafeMutablePointer<Float>, _ d: UnsafeMutablePointer<Float>, count n: Int,
                         learningRate lr: Float, rho: Float, oneMinusRho c: Float, epsilon eps: Float) {
        var i = 0
        while i + 16 <= n {
            let gi = load(g + i)
            let si = rho * load(s + i) + c * (gi * gi)
            let di = load(d + i)
            let delta = -(VectorMath.sqrt(di + eps) * gi) / VectorMath.sqrt(si + eps)
            store(si, s + i)
            store(rho * di + c * (delta * delta), d + i)
            store(load(w + i) + lr * delta, w + i)
            i += 16
        }
        while i < n {
            s[i] = rho * s[i] + c * (g[i] * g[i])
            let delta = -((d[i] + eps).squareRoot() * g[i]) / (s[i] + eps).squareRoot()
            d[i] = rho * d[i] + c * (delta * delta)
            w[i] += lr * delta
            i += 1
        }
    }
}
