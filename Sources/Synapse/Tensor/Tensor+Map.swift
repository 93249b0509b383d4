extension Tensor {
    /// A new tensor of the same shape with `transform` applied to every value (not recorded).
    @inline(__always)
    func mapValues(_ transform: (Float) -> Float) -> Tensor {
        Tensor.build(shape: shape) { out in
            withUnsafeBufferPointer { src in
                let s = src.baseAddress!, o = out.baseAddress!
                for i in 0..<src.count { o[i] = transform(s[i]) }
            }
        }
    }

    /// A new tensor combining `self` and `other` (same shape) value by value (not recorded).
    @inline(__always)
    func zipValues(_ other: Tensor, _ combine: (Float, Float) -> Float) -> Tensor {
        precondition(shape == other.shape, "internal: zipValues on \(shape) and \(other.shape)")
        return Tensor.build(shape: shape) { out in
            withUnsafeBufferPointer { a in
                other.withUnsafeBufferPointer { b in
                    let x = a.baseAddress!, y = b.baseAddress!, o = out.baseAddress!
                    for i in 0..<a.count { o[i] = combine(x[i], y[i]) }
                }
            }
        }
    }

    /// A new tensor with a sixteen-lane vector function applied to every value (not recorded).
    @inline(__always)
    func mapVectors(costPerElement: Int = 1, _ transform: (SIMD16<Float>) -> SIMD16<Float>) -> Tensor {
        Tensor.build(shape: shape) { out in
            withUnsafeBufferPointer { src in
                let s = src.baseAddress!, o = out.baseAddress!
                Parallel.forEachChunk(count: (src.count + 15) / 16, costPerElement: 16 * costPerElement) { blocks in
                    let start = blocks.lowerBound * 16
                    let end = Swift.min(blocks.upperBound * 16, src.count)
                    VectorMath.map(s + start, o + start, count: end - start, transform)
                }
            }
        }
    }
}
