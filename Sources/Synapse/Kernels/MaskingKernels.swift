/// The kernels of ``Masking``: a position (a run of `width` values along the last axis) passes where
/// its flag (made by ``MaskRule/anyValueDiffers(from:)``) is 1, and is zeroed where it is 0.
enum MaskingKernels {
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
