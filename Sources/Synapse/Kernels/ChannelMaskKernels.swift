/// Channel masks (spatial dropout): one mask value per sample and channel, applied at every position.
enum ChannelMaskKernels {
    /// `out[n, p, c] (+)= x[n, p, c] · mask[n, c]` over `samples × positions × channels` values.
    static func multiply(_ x: UnsafePointer<Float>, mask: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                         samples: Int, positions: Int, channels: Int, accumulate: Bool) {
        Parallel.forEachChunk(count: samples, costPerElement: positions * channels) { range in
            for n in range {
                let m = mask + n * channels
                for p in 0..<positions {
                    let offset = (n * positions + p) * channels
                    let u = x + offset, v = out + offset
                    if accumulate {
                        for c in 0..<channels { v[c] += u[c] * m[c] }
                    } else {
                        for c in 0..<channels { v[c] = u[c] * m[c] }
                    }
                }
            }
        }
    }
}
