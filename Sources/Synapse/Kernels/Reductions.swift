/// Reductions along one axis. Every kernel views the tensor as `[outer, n, inner]` around the axis
/// and returns the reduced tensor with the axis kept as size 1.
enum Reductions {
    /// The sum along `axis`.
    static func sum(_ x: Tensor, axis: Int) -> Tensor {
        let (outer, n, inner) = Shape.split(x.shape, at: axis)
        var shape = x.shape
        shape[axis] = 1
        return Tensor.build(shape: shape) { out in
            x.withUnsafeBufferPointer { px in
                let p = px.baseAddress!, o = out.baseAddress!
                if inner == 1 {
                    for r in 0..<outer { o[r] = VectorMath.sum(p + r * n, count: n) }
                    return
                }
                for r in 0..<outer {
                    let dst = o + r * inner
                    let block = p + r * n * inner
                    for j in 0..<inner { dst[j] = n > 0 ? block[j] : 0 }
                    if n > 1 {
                        for k in 1..<n {
                            let row = block + k * inner
                            for j in 0..<inner { dst[j] += row[j] }
                        }
                    }
                }
            }
        }
    }

    /// The sum of all values.
    static func sumAll(_ x: Tensor) -> Float {
        x.withUnsafeBufferPointer { VectorMath.sum($0.baseAddress!, count: $0.count) }
    }

    /// The largest (or smallest) value along `axis` and, per output element, the index along `axis`
    /// where it was first found.
    static func extreme(_ x: Tensor, axis: Int, largest: Bool) -> (values: Tensor, indices: [Int32]) {
        let (outer, n, inner) = Shape.split(x.shape, at: axis)
        var shape = x.shape
        shape[axis] = 1
        var indices = [Int32](repeating: 0, count: outer * inner)
        let values = Tensor.build(shape: shape) { out in
            x.withUnsafeBufferPointer { px in
                indices.withUnsafeMutableBufferPointer { idx in
                    let p = px.baseAddress!
                    for r in 0..<outer {
                        for j in 0..<inner {
                            let base = p + r * n * inner + j
                            var best = base[0], bestIndex = 0
                            for k in 1..<max(n, 1) {
                                let v = base[k * inner]
                                if largest ? (v > best) : (v < best) { best = v; bestIndex = k }
                            }
                            out[r * inner + j] = best
                            idx[r * inner + j] = Int32(bestIndex)
                        }
                    }
                }
            }
        }
        return (values, indices)
    }
}
