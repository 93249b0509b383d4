/// The kernels of ``Masking``: a position (a run of `width` values along the last axis) is kept where
/// some value differs from the mask value, and zeroed where all equal it.
enum MaskingKernels {
    /// `keep[p] = 1` where some value of position `p` differs from `maskValue`, else 0, for `positions` positions.
    static func keepFlags(_ x: UnsafePointer<Float>, positions: Int, width: Int, maskValue: Float,
                          into keep: UnsafeMutablePointer<Float>) {
        for p in 0..<positions {
            let row = x + p * width
            var differs = false
            for j in 0..<width where row[j] != maskValue {
                differs = true
                break
            }
            keep[p] = differs ? 1 : 0
        }
    }

    /// `out[p, :] = keep[p] · x[p, :]`, or `out += …` when accumulating (the backward pass with `x` = dy).
    static func apply(_ keep: UnsafePointer<Float>, to x: UnsafePointer<Float>, positions: Int, width: Int,
                      into out: UnsafeMutablePointer<Float>, accumulate: Bool) {
        for p in 0..<positions {
            let source = x + p * width, target = out + p * width
            if keep[p] != 0 {
                if accumulate { VectorMath.add(source, into: target, count: width) } else { target.update(from: source, count: width) }
            } else if !accumulate {
                target.update(repeating: 0, count: width)
            }
        }
    }
}
