/// Softmax and log-softmax along one axis, numerically stable (the maximum is subtracted first)
/// and vectorised with ``VectorMath/exp(_:)``.
enum SoftmaxKernels {
    /// softmax(x) along `axis`, or log-softmax when `log` is true.
    static func forward(_ x: Tensor, axis: Int, log: Bool) -> Tensor {
        let (outer, n, inner) = Shape.split(x.shape, at: axis)
        return Tensor.build(shape: x.shape) { out in
            guard n > 0 else { return }
            x.withUnsafeBufferPointer { px in
                let p = px.baseAddress!, o = out.baseAddress!
                if inner == 1 {
                    Parallel.forEachChunk(count: outer, costPerElement: n * 8) { rows in
                        for r in rows { row(p + r * n, o + r * n, n: n, log: log) }
                    }
                } else {
                    for r in 0..<outer { strided(p + r * n * inner, o + r * n * inner, n: n, inner: inner, log: log) }
                }
            }
        }
    }

    /// One contiguous row of `n` values: softmax (or log-softmax) of `x` into `y`.
    @inline(__always)
    static func row(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, log: Bool) {
        let m = VectorMath.max(x, count: n)
        VectorMath.map(x, y, count: n) { VectorMath.exp($0 - m) }
        let s = VectorMath.sum(y, count: n)
        if log {
            let shift = m + Float.log(s)
            for i in 0..<n { y[i] = x[i] - shift }
        } else {
            let scale = 1 / s
            for i in 0..<n { y[i] *= scale }
        }
    }

    /// One `[n, inner]` block reduced along `n` (an axis that is not the last).
    private static func strided(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, inner: Int, log: Bool) {
        var m = [Float](repeating: -.infinity, count: inner)
        var s = [Float](repeating: 0, count: inner)
        for k in 0..<n { for j in 0..<inner { m[j] = Swift.max(m[j], x[k * inner + j]) } }
        for k in 0..<n {
            for j in 0..<inner {
                let e = Foundation.exp(x[k * inner + j] - m[j])
                y[k * inner + j] = e
                s[j] += e
            }
        }
        for k in 0..<n {
            for j in 0..<inner {
                y[k * inner + j] = log ? x[k * inner + j] - m[j] - Foundation.log(s[j]) : y[k * inner + j] / s[j]
            }
        }
    }
}

import Foundation

extension Float {
    @inline(__always) static func log(_ x: Float) -> Float { Foundation.log(x) }
}
