/// The kernels of a (grouped) convolution over channels-last samples, and of its adjoint (the
/// transposed convolution): im2col of a chunk of samples into scratch, then one GEMM per group with
/// M = rows × output positions, whose result is already channels-last. A layer runs the batch in
/// chunks of ``chunkRows`` samples (``forEachChunk(rows:_:)``), so that one chunk's patch matrix
/// stays in cache between the pack that writes it and the GEMMs that read it; the backward pass packs
/// each chunk again rather than keeping the whole batch's patches from the forward pass.
///
/// A convolution maps samples `[height.input, width.input, channels]` to
/// `[height.output, width.output, outputChannels]` with a kernel `[kh, kw, channels/groups,
/// outputChannels]` (Keras's layout), read as the matrix `[taps · channels/groups, outputChannels]`.
/// The patch matrix of group `g` (`rows · outputPositions × taps · channels/groups`) sits at offset
/// `g × rows · outputPositions · patchWidth` of the scratch buffer. A pointwise convolution (1×1,
/// stride 1, no padding) needs no patches: the input itself is the patch matrix, group `g` its columns
/// `g·channels/groups…` with leading dimension `channels`.
///
/// The four operations below are all a layer needs: a convolution runs ``product`` forward and
/// ``kernelGradient`` / ``inputGradient`` backward; a transposed convolution runs ``inputGradient``
/// forward and ``pack`` + ``product`` / ``kernelGradient`` backward.
struct ConvolutionKernels: Sendable {
    /// The window over the convolution's input.
    let geometry: WindowGeometry
    /// Channel groups (1 for an ordinary convolution).
    let groups: Int
    /// Channels of the convolution's output (its filters).
    let outputChannels: Int

    /// Samples per chunk, fixed when the kernels are made (the scratch is sized for it).
    let chunkRows: Int

    /// Kernels whose chunks suit `threads` threads (by default the current ``Parallel/threadCount``).
    init(geometry: WindowGeometry, groups: Int, outputChannels: Int, threads: Int = Parallel.threadCount) {
        precondition(groups >= 1 && geometry.channels % groups == 0 && outputChannels % groups == 0)
        self.geometry = geometry
        self.groups = groups
        self.outputChannels = outputChannels
        chunkRows = Self.chunkRows(geometry: geometry, outputChannels: outputChannels, pointwise: Self.isPointwise(geometry),
                                   threads: threads)
    }

    /// Input channels per group.
    var groupChannels: Int { geometry.channels / groups }
    /// Output channels per group.
    var groupFilters: Int { outputChannels / groups }
    /// Columns of one group's patch matrix: taps × input channels per group.
    var patchWidth: Int { geometry.taps * groupChannels }
    /// Values of one input sample.
    var inputCount: Int { geometry.inputCount }
    /// Values of one output sample.
    var outputCount: Int { geometry.outputPositions * outputChannels }

    /// A 1×1 window with stride 1 and no padding: the input is its own patch matrix.
    var isPointwise: Bool { Self.isPointwise(geometry) }

    /// Whether `geometry` is a 1×1 window with stride 1 and no padding.
    static func isPointwise(_ geometry: WindowGeometry) -> Bool {
        let h = geometry.height, w = geometry.width
        return h.window == 1 && w.window == 1 && h.stride == 1 && w.stride == 1 && h.padBefore == 0 && w.padBefore == 0
            && h.output == h.input && w.output == w.input
    }

    /// Floats of one sample's patch matrices (all groups).
    var samplePatchCount: Int { geometry.outputPositions * geometry.taps * geometry.channels }

    /// Bytes one chunk's patch matrix and output may take together per thread: about one core's L2
    /// cache (a GEMM on several threads spreads its chunk over their caches).
    static let chunkBytes = 1 << 20

    /// Samples per chunk: as many as keep their patch matrix and their output (which the GEMM
    /// writes, and whose gradient the backward pass reads) within ``chunkBytes`` per thread, at
    /// least one; unbounded for a pointwise convolution, which packs nothing.
    static func chunkRows(geometry: WindowGeometry, outputChannels: Int, pointwise: Bool, threads: Int) -> Int {
        guard !pointwise else { return Int.max }
        let sampleFloats = geometry.outputPositions * (geometry.taps * geometry.channels + outputChannels)
        return max(1, max(1, threads) * chunkBytes / (MemoryLayout<Float>.size * max(1, sampleFloats)))
    }

    /// Runs `body` on consecutive ranges of at most ``chunkRows`` samples that cover `0..<rows`, in
    /// order (once, on an empty range, when `rows` is 0).
    func forEachChunk(rows: Int, _ body: (Range<Int>) -> Void) {
        let size = chunkRows
        var start = 0
        repeat {
            let end = start + min(size, rows - start)
            body(start..<end)
            start = end
        } while start < rows
    }

    /// Floats of patch scratch for one chunk of a batch of at most `batch` samples (0 for a
    /// pointwise convolution): the operations below take at most that many rows at a time.
    func patchScratchCount(batch: Int) -> Int {
        isPointwise ? 0 : min(batch, chunkRows) * samplePatchCount
    }

    /// Group `g`'s patch matrix for `rows` samples and its leading dimension: the packed scratch, or
    /// the input itself for a pointwise convolution.
    @inline(__always)
    private func patchMatrix(_ x: UnsafePointer<Float>, patches: UnsafeMutablePointer<Float>?, rows: Int, group g: Int)
        -> (UnsafePointer<Float>, Int) {
        if isPointwise { return (x + g * groupChannels, geometry.channels) }
        return (UnsafePointer(patches! + g * rows * geometry.outputPositions * patchWidth), patchWidth)
    }

    /// Packs the patch matrices of `rows` samples of `x` into `patches` (nothing for a pointwise
    /// convolution), samples split across cores.
    func pack(_ x: UnsafePointer<Float>, rows: Int, into patches: UnsafeMutablePointer<Float>?) {
        guard !isPointwise, let patches else { return }
        let g = geometry, groupBlock = rows * g.outputPositions * patchWidth, samplePatch = g.outputPositions * patchWidth
        let groups = self.groups, groupChannels = self.groupChannels, inputCount = self.inputCount
        Parallel.forEachChunk(count: rows, costPerElement: samplePatch * groups * 2) { range in
            for n in range {
                for group in 0..<groups {
                    Self.packSample(x + n * inputCount, geometry: g, channelStart: group * groupChannels, channelCount: groupChannels,
                                    into: patches + group * groupBlock + n * samplePatch)
                }
            }
        }
    }

    /// `y = patches(x) · kernel` (or `y += …` when `accumulate`) for `rows` samples, once
    /// ``pack(_:rows:into:)`` has run on `x`: one GEMM per group, written channels-last.
    func product(_ x: UnsafePointer<Float>, patches: UnsafeMutablePointer<Float>?, kernel: UnsafePointer<Float>, rows: Int,
                 into y: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        let m = rows * geometry.outputPositions
        for g in 0..<groups {
            let (a, lda) = patchMatrix(x, patches: patches, rows: rows, group: g)
            BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: groupFilters, k: patchWidth, alpha: 1, a: a, lda: lda,
                       b: kernel + g * groupFilters, ldb: outputChannels, beta: accumulate ? 1 : 0,
                       c: y + g * groupFilters, ldc: outputChannels)
        }
    }

    /// `dKernel = patches(x)ᵀ · dy` (or `+=` when `accumulate`), once ``pack(_:rows:into:)`` has run
    /// on `x`: one transposed GEMM per group over every output position of the batch.
    func kernelGradient(_ x: UnsafePointer<Float>, patches: UnsafeMutablePointer<Float>?, outputGradient dy: UnsafePointer<Float>,
                        rows: Int, into dKernel: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let m = rows * geometry.outputPositions
        for g in 0..<groups {
            let (a, lda) = patchMatrix(x, patches: patches, rows: rows, group: g)
            BLAS.sgemm(transposeA: true, transposeB: false, m: patchWidth, n: groupFilters, k: m, alpha: 1, a: a, lda: lda,
                       b: dy + g * groupFilters, ldb: outputChannels, beta: accumulate ? 1 : 0,
                       c: dKernel + g * groupFilters, ldc: outputChannels)
        }
    }

    /// `dx = unpack(dy · kernelᵀ)` (or `dx += …` when `accumulate`): the gradient with respect to the
    /// convolution's input, which is also a transposed convolution's forward pass. `patches` (the
    /// scratch of ``patchScratchCount(batch:)``, for at most ``chunkRows`` rows) receives the patch
    /// gradients, which are then added back onto the input positions they came from, samples split
    /// across cores.
    func inputGradient(_ dy: UnsafePointer<Float>, kernel: UnsafePointer<Float>, rows: Int, patches: UnsafeMutablePointer<Float>?,
                       into dx: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let m = rows * geometry.outputPositions
        if isPointwise {
            for g in 0..<groups {
                BLAS.sgemm(transposeA: false, transposeB: true, m: m, n: groupChannels, k: groupFilters, alpha: 1,
                           a: dy + g * groupFilters, lda: outputChannels, b: kernel + g * groupFilters, ldb: outputChannels,
                           beta: accumulate ? 1 : 0, c: dx + g * groupChannels, ldc: geometry.channels)
            }
            return
        }
        guard let patches else { return }
        let groupBlock = m * patchWidth
        for g in 0..<groups {
            BLAS.sgemm(transposeA: false, transposeB: true, m: m, n: patchWidth, k: groupFilters, alpha: 1,
                       a: dy + g * groupFilters, lda: outputChannels, b: kernel + g * groupFilters, ldb: outputChannels,
                       beta: 0, c: patches + g * groupBlock, ldc: patchWidth)
        }
        let geometry = self.geometry, groups = self.groups, groupChannels = self.groupChannels, inputCount = self.inputCount
        let samplePatch = geometry.outputPositions * patchWidth
        Parallel.forEachChunk(count: rows, costPerElement: samplePatch * groups * 2) { range in
            for n in range {
                let target = dx + n * inputCount
                if !accumulate { target.update(repeating: 0, count: inputCount) }
                for group in 0..<groups {
                    Self.unpackSampleAdding(patches + group * groupBlock + n * samplePatch, geometry: geometry,
                                            channelStart: group * groupChannels, channelCount: groupChannels, into: target)
                }
            }
        }
    }

    /// Bias and activation on `rows` samples of the pre-activation `z`, writing `a` (which may be `z`
    /// itself when the activation's derivative needs only its output).
    static func biasActivation(_ z: UnsafeMutablePointer<Float>, _ a: UnsafeMutablePointer<Float>, count: Int, channels: Int,
                               bias: UnsafePointer<Float>?, activation: Activation) {
        let positions = count / channels
        if activation == .linear {
            if let bias { DenseKernels.addBias(z, rows: positions, columns: channels, bias: bias) }
            return
        }
        if activation == .relu, let bias, channels >= 16 {
            // One pass instead of two: a = max(z + bias, 0), z keeping the sum.
            for r in 0..<positions {
                let zr = z + r * channels, ar = a + r * channels
                var j = 0
                while j + 16 <= channels {
                    let v = VectorMath.load(zr + j) + VectorMath.load(bias + j)
                    VectorMath.store(v, zr + j)
                    VectorMath.store(v.replacing(with: 0, where: v .< 0), ar + j)
                    j += 16
                }
                while j < channels {
                    let v = zr[j] + bias[j]
                    zr[j] = v
                    ar[j] = v < 0 ? 0 : v
                    j += 1
                }
            }
            return
        }
        DenseKernels.biasActivationForward(z, a, rows: positions, columns: channels, bias: bias, activation: activation)
    }

    /// The ReLU derivative applied to `dz` in place (zero where the output `a` is not positive)
    /// and the bias gradient (its column sums) in the same pass, for `columns` a multiple of 16;
    /// the sums are added in the order of ``DenseKernels/columnSums(_:rows:columns:into:accumulate:)``.
    static func reluBackwardWithBiasGradient(_ dz: UnsafeMutablePointer<Float>, output a: UnsafePointer<Float>, rows: Int, columns: Int,
                                             biasGradient db: UnsafeMutablePointer<Float>, accumulate: Bool) {
        precondition(columns % 16 == 0)
        if !accumulate { db.update(repeating: 0, count: columns) }
        for r in 0..<rows {
            let g = dz + r * columns, y = a + r * columns
            var j = 0
            while j < columns {
                let v = VectorMath.load(g + j).replacing(with: 0, where: VectorMath.load(y + j) .<= 0)
                VectorMath.store(v, g + j)
                VectorMath.store(VectorMath.load(db + j) + v, db + j)
                j += 16
            }
        }
    }

    /// Whether the derivative of `activation` is a function of its output alone, so that the
    /// pre-activation values need not be kept (`relu`, `sigmoid`, `tanh`, `softmax`, `linear`).
    static func derivativeNeedsOnlyOutput(_ activation: Activation) -> Bool {
        switch activation {
        case .linear, .relu, .sigmoid, .tanh, .softmax: return true
        case .leakyReLU, .elu, .gelu, .softplus, .swish: return false
        }
    }

    // MARK: im2col of one sample

    /// Writes the patch matrix of one sample `x` (`[height, width, channels]`) into `patches`: one
    /// row per output position (row-major over output rows and columns), one column per (tap row, tap
    /// column, channel) — the order of a Keras kernel `[kh, kw, in, out]` read as `[kh·kw·in, out]` —
    /// taking channels `channelStart..<channelStart + width` (one group); padded positions read as
    /// zero. With dilation 1 along the width and all channels taken, the taps of one window row read
    /// one contiguous run of `kernelWidth × channels` values, copied in one loop (for W3's first layer,
    /// 3 values instead of 3 separate taps of one value each).
    static func packSample(_ x: UnsafePointer<Float>, geometry g: WindowGeometry, channelStart: Int, channelCount width: Int,
                           into patches: UnsafeMutablePointer<Float>) {
        let h = g.height, w = g.width, channels = g.channels
        let run = w.window * width
        let contiguous = w.dilation == 1 && width == channels
        var out = patches
        for oy in 0..<h.output {
            for ox in 0..<w.output {
                let first = w.position(output: ox, tap: 0)
                let inside = first >= 0 && w.position(output: ox, tap: w.window - 1) < w.input
                for ty in 0..<h.window {
                    let y = h.position(output: oy, tap: ty)
                    if y < 0 || y >= h.input {
                        for i in 0..<run { out[i] = 0 }
                    } else if contiguous && inside {
                        let source = x + (y * w.input + first) * channels
                        for i in 0..<run { out[i] = source[i] }
                    } else {
                        let row = x + y * w.input * channels + channelStart
                        for tx in 0..<w.window {
                            let column = first + tx * w.dilation
                            let target = out + tx * width
                            if column >= 0 && column < w.input {
                                let source = row + column * channels
                                for c in 0..<width { target[c] = source[c] }
                            } else {
                                for c in 0..<width { target[c] = 0 }
                            }
                        }
                    }
                    out += run
                }
            }
        }
    }

    /// The adjoint of ``packSample(_:geometry:channelStart:channelCount:into:)``: adds every patch
    /// value back onto the input position it was read from (padded positions are dropped), in
    /// contiguous runs of `kernelWidth × channels` values where ``packSample`` copies them. `dx` must
    /// hold the gradient so far (zeros to start).
    static func unpackSampleAdding(_ patches: UnsafePointer<Float>, geometry g: WindowGeometry, channelStart: Int,
                                   channelCount width: Int, into dx: UnsafeMutablePointer<Float>) {
        let h = g.height, w = g.width, channels = g.channels
        let run = w.window * width
        let contiguous = w.dilation == 1 && width == channels
        var source = patches
        for oy in 0..<h.output {
            for ox in 0..<w.output {
                let first = w.position(output: ox, tap: 0)
                let inside = first >= 0 && w.position(output: ox, tap: w.window - 1) < w.input
                for ty in 0..<h.window {
                    let y = h.position(output: oy, tap: ty)
                    if y >= 0 && y < h.input {
                        if contiguous && inside {
                            let target = dx + (y * w.input + first) * channels
                            for i in 0..<run { target[i] += source[i] }
                        } else {
                            let row = dx + y * w.input * channels + channelStart
                            for tx in 0..<w.window {
                                let column = first + tx * w.dilation
                                guard column >= 0 && column < w.input else { continue }
                                let target = row + column * channels, values = source + tx * width
                                for c in 0..<width { target[c] += values[c] }
                            }
                        }
                    }
                    source += run
                }
            }
        }
    }
}
