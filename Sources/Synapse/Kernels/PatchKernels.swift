/// im2col and its adjoint for channels-last samples: the patch matrix that turns a convolution into
/// one GEMM. For one sample `[height, width, channels]`, the patch matrix has one row per output
/// position (row-major over output rows and columns) and one column per (tap row, tap column,
/// channel) — the order of a Keras kernel `[kh, kw, in, out]` flattened to `[kh·kw·in, out]` — so
/// `patches · kernel` is the output, already channels-last.
enum PatchKernels {
    /// Writes the patch matrix of one sample `x` into `patches`
    /// (`outputPositions × taps·channelCount` values), taking channels
    /// `channelStart..<channelStart + channelCount` (one group of a grouped convolution); padded
    /// positions read as zero.
    static func pack(_ x: UnsafePointer<Float>, geometry g: WindowGeometry, channelStart: Int = 0, channelCount: Int? = nil,
                     into patches: UnsafeMutablePointer<Float>) {
        let width = channelCount ?? g.channels
        let h = g.height, w = g.width, channels = g.channels
        var out = patches
        for oy in 0..<h.output {
            for ox in 0..<w.output {
                for ty in 0..<h.window {
                    let y = h.position(output: oy, tap: ty)
                    let rowInside = y >= 0 && y < h.input
                    for tx in 0..<w.window {
                        let x0 = w.position(output: ox, tap: tx)
                        if rowInside && x0 >= 0 && x0 < w.input {
                            let source = x + (y * w.input + x0) * channels + channelStart
                            if width == 1 { out.pointee = source.pointee } else { out.update(from: source, count: width) }
                        } else {
                            out.update(repeating: 0, count: width)
                        }
                        out += width
                    }
                }
            }
        }
    }

    /// Adds a patch matrix (laid out as ``pack(_:geometry:channelStart:channelCount:into:)`` writes
    /// it) back onto one sample's input gradient `dx`: every patch value goes to the input position
    /// it was read from; padded positions are dropped. `dx` must hold the gradient so far (zeros to
    /// start).
    static func unpackAdding(_ patches: UnsafePointer<Float>, geometry g: WindowGeometry, channelStart: Int = 0, channelCount: Int? = nil,
                             into dx: UnsafeMutablePointer<Float>) {
        let width = channelCount ?? g.channels
        let h = g.height, w = g.width, channels = g.channels
        var source = patches
        for oy in 0..<h.output {
            for ox in 0..<w.output {
                for ty in 0..<h.window {
                    let y = h.position(output: oy, tap: ty)
                    let rowInside = y >= 0 && y < h.input
                    for tx in 0..<w.window {
                        let x0 = w.position(output: ox, tap: tx)
                        if rowInside && x0 >= 0 && x0 < w.input {
                            let target = dx + (y * w.input + x0) * channels + channelStart
                            for c in 0..<width { target[c] += source[c] }
                        }
                        source += width
                    }
                }
            }
        }
    }
}
