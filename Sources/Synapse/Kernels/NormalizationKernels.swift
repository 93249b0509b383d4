/// Kernels of the normalization layers.
///
/// Batch normalization sees its input as `[outer, channels, inner]` (the channel axis in the middle;
/// `inner` = 1 for channels-last): the statistics of channel `c` run over every `outer` and `inner`
/// position. Layer normalization sees its input as `[rows, features]` and normalises each row.
///
/// Per-channel reductions are split into a fixed number of partitions of the outer rows (fixed when the
/// plan is made, so the result does not depend on the thread count); each partition writes its own
/// partial sums, which are then combined in order — no two threads write the same value. The mean
/// and variance come from one pass of sums shifted by a value of the channel (its first element),
/// which keeps the one-pass variance accurate when the mean is large against the spread.
enum NormalizationKernels {
    typealias Vector = VectorMath.Vector

    // MARK: Shared reductions over a contiguous run

    /// Σ(x − shift) and Σ(x − shift)² over `count` contiguous values.
    @inline(__always)
    static func shiftedSums(_ x: UnsafePointer<Float>, count: Int, shift: Float) -> (sum: Float, squares: Float) {
        let k = Vector(repeating: shift)
        var s = Vector(repeating: 0), q = Vector(repeating: 0)
        var i = 0
        while i + 16 <= count {
            let d = VectorMath.load(x + i) - k
            s += d
            q += d * d
            i += 16
        }
        var sum = s.sum(), squares = q.sum()
        while i < count {
            let d = x[i] - shift
            sum += d
            squares += d * d
            i += 1
        }
        return (sum, squares)
    }

    /// Σg and Σg·(x − mean) over `count` contiguous values, where g = dy, or dy ⊙ gamma when `gamma`
    /// is given (one gamma per value).
    @inline(__always)
    static func gradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int, mean: Float,
                             gamma: UnsafePointer<Float>?) -> (sum: Float, dot: Float) {
        let m = Vector(repeating: mean)
        var s = Vector(repeating: 0), t = Vector(repeating: 0)
        var i = 0
        if let gamma {
            while i + 16 <= count {
                let g = VectorMath.load(dy + i) * VectorMath.load(gamma + i)
                s += g
                t += g * (VectorMath.load(x + i) - m)
                i += 16
            }
        } else {
            while i + 16 <= count {
                let g = VectorMath.load(dy + i)
                s += g
                t += g * (VectorMath.load(x + i) - m)
                i += 16
            }
        }
        var sum = s.sum(), dot = t.sum()
        while i < count {
            let g = dy[i] * (gamma?[i] ?? 1)
            sum += g
            dot += g * (x[i] - mean)
            i += 1
        }
        return (sum, dot)
    }

    /// The mean, the biased variance and 1 / √(variance + ε) of `count` values from their shifted sums.
    @inline(__always)
    static func moments(sum: Float, squares: Float, count: Int, shift: Float, epsilon: Float)
        -> (mean: Float, variance: Float, inverseDeviation: Float) {
        let n = Float(count)
        let d = sum / n
        let variance = Swift.max(squares / n - d * d, 0)
        return (shift + d, variance, 1 / (variance + epsilon).squareRoot())
    }

    /// How many partitions the per-channel reductions of a plan use (fixed per plan).
    static var partitionCount: Int { Swift.max(1, Swift.min(Parallel.threadCount, 8)) }

    /// The rows `[rows × p / partitions, rows × (p + 1) / partitions)` of partition `p`.
    @inline(__always)
    static func partition(_ p: Int, of partitions: Int, rows: Int) -> Range<Int> {
        (rows * p / partitions)..<(rows * (p + 1) / partitions)
    }

    // MARK: Batch normalization

    /// The shape `[outer, channels, inner]` of a batch normalization's input in one run.
    struct ChannelLayout {
        var outer: Int
        let channels: Int
        let inner: Int
        var count: Int { outer * channels * inner }
    }

    /// Scratch of a batch normalization: per channel the mean, 1/σ, the scale `a` and shift `b` of
    /// `y = a·x + b`, and the shift of the sums; then `partitions × 2 × channels` partial sums.
    struct BatchScratch {
        let mean, inverseDeviation, scale, shift, reference, partials: UnsafeMutablePointer<Float>
        init(_ stats: UnsafeMutablePointer<Float>, partials: UnsafeMutablePointer<Float>, channels c: Int) {
            mean = stats
            inverseDeviation = stats + c
            scale = stats + 2 * c
            shift = stats + 3 * c
            reference = stats + 4 * c
            self.partials = partials
        }
        /// Floats of the two buffers for `channels` and `partitions`.
        static func sizes(channels: Int, partitions: Int) -> (stats: Int, partials: Int) { (5 * channels, 2 * partitions * channels) }
    }

    /// Training forward, pass 1: the batch mean and biased variance of each channel (one fused pass
    /// of shifted sums), 1/σ, and the moving statistics moved by `1 − momentum` towards them.
    static func batchStatistics(_ x: UnsafePointer<Float>, _ l: ChannelLayout, scratch s: BatchScratch, partitions: Int,
                                epsilon: Float, momentum: Float, movingMean: UnsafeMutablePointer<Float>,
                                movingVariance: UnsafeMutablePointer<Float>) {
        let c = l.channels, inner = l.inner, outer = l.outer
        for k in 0..<c { s.reference[k] = x[k * inner] }
        let reference = UnsafePointer(s.reference)
        Parallel.forEachChunk(count: partitions, costPerElement: Swift.max(1, 3 * l.count / partitions)) { range in
            for p in range {
                let sums = s.partials + 2 * c * p, squares = sums + c
                sums.update(repeating: 0, count: 2 * c)
                for o in partition(p, of: partitions, rows: outer) {
                    let row = x + o * c * inner
                    if inner == 1 {
                        for k in 0..<c {
                            let d = row[k] - reference[k]
                            sums[k] += d
                            squares[k] += d * d
                        }
                    } else {
                        for k in 0..<c {
                            let (a, b) = shiftedSums(row + k * inner, count: inner, shift: reference[k])
                            sums[k] += a
                            squares[k] += b
                        }
                    }
                }
            }
        }
        let n = outer * inner
        for k in 0..<c {
            var sum: Float = 0, squares: Float = 0
            for p in 0..<partitions {
                sum += s.partials[2 * c * p + k]
                squares += s.partials[2 * c * p + c + k]
            }
            let m = moments(sum: sum, squares: squares, count: n, shift: reference[k], epsilon: epsilon)
            s.mean[k] = m.mean
            s.inverseDeviation[k] = m.inverseDeviation
            movingMean[k] = movingMean[k] * momentum + m.mean * (1 - momentum)
            movingVariance[k] = movingVariance[k] * momentum + m.variance * (1 - momentum)
        }
    }

    /// Inference: the mean and 1/σ from the moving statistics.
    static func movingStatistics(scratch s: BatchScratch, channels: Int, epsilon: Float,
                                 movingMean: UnsafePointer<Float>, movingVariance: UnsafePointer<Float>) {
        for k in 0..<channels {
            s.mean[k] = movingMean[k]
            s.inverseDeviation[k] = 1 / (movingVariance[k] + epsilon).squareRoot()
        }
    }

    /// `y = γ·(x − mean)/σ + β` as one scale-and-shift pass `y = a·x + b` per channel, with `a` and
    /// `b` kept in scratch (for backward).
    static func batchNormalize(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ l: ChannelLayout, scratch s: BatchScratch,
                               gamma: UnsafePointer<Float>?, beta: UnsafePointer<Float>?) {
        let c = l.channels, inner = l.inner
        for k in 0..<c {
            let a = (gamma?[k] ?? 1) * s.inverseDeviation[k]
            s.scale[k] = a
            s.shift[k] = (beta?[k] ?? 0) - s.mean[k] * a
        }
        let scale = UnsafePointer(s.scale), shift = UnsafePointer(s.shift)
        Parallel.forEachChunk(count: l.outer, costPerElement: 2 * c * inner) { range in
            for o in range {
                let source = x + o * c * inner, target = y + o * c * inner
                if inner == 1 {
                    for k in 0..<c { target[k] = source[k] * scale[k] + shift[k] }
                } else {
                    for k in 0..<c {
                        let a = scale[k], b = shift[k]
                        let u = source + k * inner, v = target + k * inner
                        for i in 0..<inner { v[i] = u[i] * a + b }
                    }
                }
            }
        }
    }

    /// Backward of batch normalization in one fused pass of reductions (Σdy and Σdy·x̂ per channel,
    /// over partitions) and one pass writing
    /// `dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂))` with the batch's statistics, or `dx = γ/σ · dy`
    /// with the moving ones (`batchStatistics == false`). `dγ = Σdy·x̂`, `dβ = Σdy` where asked for.
    static func batchNormalizeBackward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ l: ChannelLayout, scratch s: BatchScratch,
                                       partitions: Int, batchStatistics: Bool,
                                       dx: UnsafeMutablePointer<Float>?, accumulatesInput: Bool,
                                       dGamma: UnsafeMutablePointer<Float>?, dBeta: UnsafeMutablePointer<Float>?, accumulatesParameters: Bool) {
        let c = l.channels, inner = l.inner, outer = l.outer
        let needsSums = batchStatistics || dGamma != nil || dBeta != nil
        let mean = UnsafePointer(s.mean)
        // Per channel, after combining: Σdy in partials[0..<c], Σdy·x̂ in partials[c..<2c].
        if needsSums {
            Parallel.forEachChunk(count: partitions, costPerElement: Swift.max(1, 3 * l.count / partitions)) { range in
                for p in range {
                    let sums = s.partials + 2 * c * p, dots = sums + c
                    sums.update(repeating: 0, count: 2 * c)
                    for o in partition(p, of: partitions, rows: outer) {
                        let offset = o * c * inner
                        if inner == 1 {
                            for k in 0..<c {
                                let g = dy[offset + k]
                                sums[k] += g
                                dots[k] += g * (x[offset + k] - mean[k])
                            }
                        } else {
                            for k in 0..<c {
                                let (a, b) = gradientSums(dy + offset + k * inner, x + offset + k * inner, count: inner,
                                                          mean: mean[k], gamma: nil)
                                sums[k] += a
                                dots[k] += b
                            }
                        }
                    }
                }
            }
            for k in 0..<c {
                var sum = s.partials[k], dot = s.partials[c + k]
                for p in 1..<Swift.max(partitions, 1) {
                    sum += s.partials[2 * c * p + k]
                    dot += s.partials[2 * c * p + c + k]
                }
                dot *= s.inverseDeviation[k]
                s.partials[k] = sum
                s.partials[c + k] = dot
                if let dBeta { dBeta[k] = (accumulatesParameters ? dBeta[k] : 0) + sum }
                if let dGamma { dGamma[k] = (accumulatesParameters ? dGamma[k] : 0) + dot }
            }
        }
        guard let dx else { return }
        // dx = a·dy − u·(x − mean) − a·Σdy/n, with a = γ/σ and u = a·(1/σ)·Σdy·x̂/n (zero with moving statistics).
        let n = Float(outer * inner)
        for k in 0..<c {
            let a = s.scale[k]
            // The slope u goes into `reference` and the constant term over Σdy (neither is read again).
            s.reference[k] = batchStatistics ? a * s.inverseDeviation[k] * s.partials[c + k] / n : 0
            s.partials[k] = batchStatistics ? a * s.partials[k] / n : 0
        }
        let scale = UnsafePointer(s.scale), slope = UnsafePointer(s.reference), constant = UnsafePointer(s.partials)
        Parallel.forEachChunk(count: outer, costPerElement: 4 * c * inner) { range in
            for o in range {
                let offset = o * c * inner
                let g = dy + offset, u = x + offset, v = dx + offset
                if inner == 1 {
                    if accumulatesInput {
                        for k in 0..<c { v[k] += scale[k] * g[k] - slope[k] * (u[k] - mean[k]) - constant[k] }
                    } else {
                        for k in 0..<c { v[k] = scale[k] * g[k] - slope[k] * (u[k] - mean[k]) - constant[k] }
                    }
                } else {
                    for k in 0..<c {
                        let a = scale[k], b = slope[k], m = mean[k], z = constant[k]
                        let gk = g + k * inner, uk = u + k * inner, vk = v + k * inner
                        if accumulatesInput {
                            for i in 0..<inner { vk[i] += a * gk[i] - b * (uk[i] - m) - z }
                        } else {
                            for i in 0..<inner { vk[i] = a * gk[i] - b * (uk[i] - m) - z }
                        }
                    }
                }
            }
        }
    }

    // MARK: Layer normalization

    /// Layer normalization forward over `rows` rows of `features` values: each row's mean and 1/σ
    /// (one pass of shifted sums, kept in `statistics`, two per row) and `y = γ ⊙ x̂ + β`.
    static func layerNormalize(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, features: Int, epsilon: Float,
                               gamma: UnsafePointer<Float>?, beta: UnsafePointer<Float>?, statistics: UnsafeMutablePointer<Float>) {
        Parallel.forEachChunk(count: rows, costPerElement: 4 * features) { range in
            for r in range {
                let u = x + r * features, v = y + r * features
                let (sum, squares) = shiftedSums(u, count: features, shift: u[0])
                let m = moments(sum: sum, squares: squares, count: features, shift: u[0], epsilon: epsilon)
                statistics[2 * r] = m.mean
                statistics[2 * r + 1] = m.inverseDeviation
                let mean = m.mean, inverse = m.inverseDeviation
                switch (gamma, beta) {
                case let (g?, b?): for i in 0..<features { v[i] = (u[i] - mean) * inverse * g[i] + b[i] }
                case let (g?, nil): for i in 0..<features { v[i] = (u[i] - mean) * inverse * g[i] }
                case let (nil, b?): for i in 0..<features { v[i] = (u[i] - mean) * inverse + b[i] }
                case (nil, nil): for i in 0..<features { v[i] = (u[i] - mean) * inverse }
                }
            }
        }
    }

    /// Layer normalization backward, one fused pass per row: with g = γ ⊙ dy,
    /// `dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂))`; `dγ = Σ_rows dy·x̂` and `dβ = Σ_rows dy` are summed per
    /// partition of the rows into `partials` (`partitions × 2 × features`) and then combined.
    static func layerNormalizeBackward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, rows: Int, features: Int,
                                       gamma: UnsafePointer<Float>?, statistics: UnsafePointer<Float>,
                                       partials: UnsafeMutablePointer<Float>, partitions: Int,
                                       dx: UnsafeMutablePointer<Float>?, accumulatesInput: Bool,
                                       dGamma: UnsafeMutablePointer<Float>?, dBeta: UnsafeMutablePointer<Float>?, accumulatesParameters: Bool) {
        let needsParameters = dGamma != nil || dBeta != nil
        let n = Float(features)
        Parallel.forEachChunk(count: partitions, costPerElement: Swift.max(1, 6 * rows * features / partitions)) { range in
            for p in range {
                let sums = partials + 2 * features * p, dots = sums + features
                if needsParameters { sums.update(repeating: 0, count: 2 * features) }
                for r in partition(p, of: partitions, rows: rows) {
                    let u = x + r * features, g = dy + r * features
                    let mean = statistics[2 * r], inverse = statistics[2 * r + 1]
                    if needsParameters {
                        for i in 0..<features {
                            sums[i] += g[i]
                            dots[i] += g[i] * (u[i] - mean) * inverse
                        }
                    }
                    guard let dx else { continue }
                    let (sum, dot) = gradientSums(g, u, count: features, mean: mean, gamma: gamma)
                    // dx = inverse·g·γ − inverse·Σg/n − (x − mean)·inverse³·Σg(x − mean)/n
                    let c0 = inverse * sum / n, c1 = inverse * inverse * inverse * dot / n
                    let v = dx + r * features
                    switch (gamma, accumulatesInput) {
                    case let (w?, false): for i in 0..<features { v[i] = inverse * g[i] * w[i] - c0 - (u[i] - mean) * c1 }
                    case let (w?, true): for i in 0..<features { v[i] += inverse * g[i] * w[i] - c0 - (u[i] - mean) * c1 }
                    case (nil, false): for i in 0..<features { v[i] = inverse * g[i] - c0 - (u[i] - mean) * c1 }
                    case (nil, true): for i in 0..<features { v[i] += inverse * g[i] - c0 - (u[i] - mean) * c1 }
                    }
                }
            }
        }
        guard needsParameters else { return }
        for i in 0..<features {
            var sum: Float = 0, dot: Float = 0
            for p in 0..<partitions {
                sum += partials[2 * features * p + i]
                dot += partials[2 * features * p + features + i]
            }
            if let dBeta { dBeta[i] = (accumulatesParameters ? dBeta[i] : 0) + sum }
            if let dGamma { dGamma[i] = (accumulatesParameters ? dGamma[i] : 0) + dot }
        }
    }
}
