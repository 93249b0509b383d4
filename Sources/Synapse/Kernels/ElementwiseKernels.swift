/// Elementwise passes over buffers that layer kernels share: products, sums, and writing or adding
/// a gradient (a value used twice collects the sum of its gradients).
extension VectorMath {
    /// `out = a ⊙ b`, or `out += a ⊙ b` when accumulating.
    static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                         count n: Int, accumulate: Bool = false) {
        var i = 0
        if accumulate {
            while i + 16 <= n { store(load(out + i) + load(a + i) * load(b + i), out + i); i += 16 }
            while i < n { out[i] += a[i] * b[i]; i += 1 }
        } else {
            while i + 16 <= n { store(load(a + i) * load(b + i), out + i); i += 16 }
            while i < n { out[i] = a[i] * b[i]; i += 1 }
        }
    }

    /// `out += x`.
    static func add(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int) {
        var i = 0
        while i + 16 <= n { store(load(out + i) + load(x + i), out + i); i += 16 }
        while i < n { out[i] += x[i]; i += 1 }
    }

    /// `out = scale·x`, or `out += scale·x` when accumulating (a gradient written or added).
    static func write(_ x: UnsafePointer<Float>, scaledBy scale: Float = 1, into out: UnsafeMutablePointer<Float>,
                      count n: Int, accumulate: Bool) {
        var i = 0
        switch (accumulate, scale == 1) {
        case (false, true):
            out.update(from: x, count: n)
        case (false, false):
            while i + 16 <= n { store(load(x + i) * scale, out + i); i += 16 }
            while i < n { out[i] = x[i] * scale; i += 1 }
        case (true, true):
            add(x, into: out, count: n)
        case (true, false):
            while i + 16 <= n { store(load(out + i) + load(x + i) * scale, out + i); i += 16 }
            while i < n { out[i] += x[i] * scale; i += 1 }
        }
    }
}
