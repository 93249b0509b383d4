/// The direct depthwise convolution of channels-last samples, shared by ``DepthwiseConv2D`` and
/// ``SeparableConv2D``: every input channel `c` has its own `depthMultiplier` filters, and output
/// channel `c × depthMultiplier + m` is
///
///     y[p, c·dm + m] = Σ_t x[position(p, t), c] · k[t, c·dm + m]  (+ bias[c·dm + m])
///
/// over the taps `t` of the window (the kernel `[kh, kw, channels, dm]` flattened to
/// `[taps, channels·dm]`). For each output position and tap the innermost loop runs over contiguous
/// channels, so it vectorises; padded taps are skipped. With a depth multiplier above 1, each sample
/// is first spread to `channels·dm` values (channel `c` repeated for its filters), so that the same
/// one-filter-per-channel loops serve (a short inner loop over `m` does not vectorise: measured 5×
/// slower on 64×32×32×16, dm 2). Samples are split across cores.
enum DepthwiseKernels {
    /// `Float`s of workspace one part (a chunk of samples run by one thread) uses: its partial kernel
    /// gradient, and — with a depth multiplier above 1 — a sample's input spread to
    /// `channels × depthMultiplier` values (each channel repeated for its filters) and its gradient.
    static func workspacePerPart(geometry g: WindowGeometry, depthMultiplier dm: Int) -> Int {
        g.taps * g.channels * dm + (dm > 1 ? 2 * g.inputCount * dm : 0)
    }

    /// `Float`s of step scratch (``LayerKernels/stepScratch``) that hold the workspaces of
    /// `partialCount` parts.
    static func workspaceCount(geometry g: WindowGeometry, depthMultiplier dm: Int, partialCount: Int) -> Int {
        partialCount * workspacePerPart(geometry: g, depthMultiplier: dm)
    }

    /// `spread[i·dm + m] = x[i]`: a sample whose channel `c` is repeated for each of its `dm`
    /// filters, so that every loop below runs over `channels × dm` contiguous values.
    private static func spread(_ x: UnsafePointer<Float>, count n: Int, depthMultiplier dm: Int, into spread: UnsafeMutablePointer<Float>) {
        for i in 0..<n {
            let v = x[i], target = spread + i * dm
            for m in 0..<dm { target[m] = v }
        }
    }

    /// `dx[i] (+)= Σ_m spread[i·dm + m]`: the adjoint of ``spread(_:count:depthMultiplier:into:)``.
    private static func fold(_ spread: UnsafePointer<Float>, count n: Int, depthMultiplier dm: Int,
                             into dx: UnsafeMutablePointer<Float>, accumulate: Bool) {
        for i in 0..<n {
            let source = spread + i * dm
            var sum: Float = 0
            for m in 0..<dm { sum += source[m] }
            dx[i] = accumulate ? dx[i] + sum : sum
        }
    }

    /// The geometry of spread samples: as `g`, with `channels × dm` channels.
    private static func spreadGeometry(_ g: WindowGeometry, _ dm: Int) -> WindowGeometry {
        dm == 1 ? g : WindowGeometry(height: g.height, width: g.width, channels: g.channels * dm)
    }

    /// One sample's output `[positions, channels]` with one filter per channel:
    /// `y[p, c] = Σ_t x[position(p, t), c] · k[t, c] (+ bias[c])`, the innermost loop over contiguous
    /// channels.
    static func forwardSample(_ x: UnsafePointer<Float>, kernel k: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              geometry g: WindowGeometry, into y: UnsafeMutablePointer<Float>) {
        let h = g.height, w = g.width, channels = g.channels
        var out = y
        for oy in 0..<h.output {
            for ox in 0..<w.output {
                if let bias { out.update(from: bias, count: channels) } else { out.update(repeating: 0, count: channels) }
                for ty in 0..<h.window {
                    let iy = h.position(output: oy, tap: ty)
                    guard iy >= 0 && iy < h.input else { continue }
                    for tx in 0..<w.window {
                        let ix = w.position(output: ox, tap: tx)
                        guard ix >= 0 && ix < w.input else { continue }
                        let source = x + (iy * w.input + ix) * channels, taps = k + (ty * w.window + tx) * channels
                        for c in 0..<channels { out[c] += source[c] * taps[c] }
                    }
                }
                out += channels
            }
        }
    }

    /// One sample's backward pass with one filter per channel, from the output gradient `dy`: adds
    /// `dx[position(p, t), c] += dy[p, c] · k[t, c]` when `dx` is given and
    /// `dk[t, c] += x[position(p, t), c] · dy[p, c]` when `dk` is given.
    static func backwardSample(_ x: UnsafePointer<Float>, kernel k: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>,
                               geometry g: WindowGeometry, inputGradient dx: UnsafeMutablePointer<Float>?,
                               kernelGradient dk: UnsafeMutablePointer<Float>?) {
        let h = g.height, w = g.width, channels = g.channels
        var gradient = dy
        for oy in 0..<h.output {
            for ox in 0..<w.output {
                for ty in 0..<h.window {
                    let iy = h.position(output: oy, tap: ty)
                    guard iy >= 0 && iy < h.input else { continue }
                    for tx in 0..<w.window {
                        let ix = w.position(output: ox, tap: tx)
                        guard ix >= 0 && ix < w.input else { continue }
                        let offset = (iy * w.input + ix) * channels, tap = (ty * w.window + tx) * channels
                        if let dk {
                            let source = x + offset, target = dk + tap
                            for c in 0..<channels { target[c] += source[c] * gradient[c] }
                        }
                        if let dx {
                            let target = dx + offset, taps = k + tap
                            for c in 0..<channels { target[c] += gradient[c] * taps[c] }
                        }
                    }
                }
                gradient += channels
            }
        }
    }

    /// The outputs `[positions, channels·dm]` of `rows` samples `[height, width, channels]`, split
    /// over the batch across cores (each part of the batch with its own region of `workspace`, room
    /// for `partialCount` parts of ``workspacePerPart(geometry:depthMultiplier:)``).
    static func forward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?, rows: Int,
                        geometry g: WindowGeometry, depthMultiplier dm: Int, into y: UnsafeMutablePointer<Float>,
                        workspace: UnsafeMutablePointer<Float>, partialCount: Int) {
        guard rows > 0 else { return }
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels * dm
        let perPart = workspacePerPart(geometry: g, depthMultiplier: dm), kernelCount = g.taps * g.channels * dm
        let wide = spreadGeometry(g, dm)
        let parts = max(1, min(partialCount, Parallel.threadCount, rows))
        Parallel.forEachChunk(count: parts, costPerElement: (rows + parts - 1) / parts * outputCount * g.taps) { range in
            for part in range {
                let spreadInput = workspace + part * perPart + kernelCount
                for n in (rows * part / parts)..<(rows * (part + 1) / parts) {
                    var source = x + n * inputCount
                    if dm > 1 {
                        spread(source, count: inputCount, depthMultiplier: dm, into: spreadInput)
                        source = UnsafePointer(spreadInput)
                    }
                    forwardSample(source, kernel: kernel, bias: bias, geometry: wide, into: y + n * outputCount)
                }
            }
        }
    }

    /// The backward pass of `rows` samples, split over the batch across cores: writes (or, when
    /// `accumulatesInputGradient`, adds) the input gradient where `dx` is given, and writes (or adds)
    /// the kernel gradient where `dk` is given. Each part of the batch sums its kernel gradient into
    /// its own partial in `workspace`, and the partials are added up after, so that threads never
    /// write the same values.
    static func backward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                         geometry g: WindowGeometry, depthMultiplier dm: Int,
                         inputGradient dx: UnsafeMutablePointer<Float>?, accumulatesInputGradient: Bool,
                         kernelGradient dk: UnsafeMutablePointer<Float>?, accumulatesKernelGradient: Bool,
                         workspace: UnsafeMutablePointer<Float>, partialCount: Int) {
        guard dx != nil || dk != nil else { return }
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels * dm
        let perPart = workspacePerPart(geometry: g, depthMultiplier: dm), kernelCount = g.taps * g.channels * dm
        let wide = spreadGeometry(g, dm)
        let parts = max(1, min(partialCount, Parallel.threadCount, rows))
        if dk != nil {
            for part in 0..<parts { (workspace + part * perPart).update(repeating: 0, count: kernelCount) }
        }
        if rows > 0 {
            let cost = (rows + parts - 1) / parts * outputCount * g.taps * (dk != nil && dx != nil ? 2 : 1)
            Parallel.forEachChunk(count: parts, costPerElement: cost) { range in
                for part in range {
                    let base = workspace + part * perPart
                    let partial = dk == nil ? nil : base
                    let spreadInput = base + kernelCount, spreadGradient = spreadInput + inputCount * dm
                    for n in (rows * part / parts)..<(rows * (part + 1) / parts) {
                        var source = x + n * inputCount
                        var target = dx.map { $0 + n * inputCount }
                        if dm > 1 {
                            spread(source, count: inputCount, depthMultiplier: dm, into: spreadInput)
                            source = UnsafePointer(spreadInput)
                            if target != nil {
                                spreadGradient.update(repeating: 0, count: inputCount * dm)
                                target = spreadGradient
                            }
                        } else if let target, !accumulatesInputGradient {
                            target.update(repeating: 0, count: inputCount)
                        }
                        backwardSample(source, kernel: kernel, outputGradient: dy + n * outputCount, geometry: wide,
                                       inputGradient: target, kernelGradient: partial)
                        if dm > 1, let dx {
                            fold(spreadGradient, count: inputCount, depthMultiplier: dm, into: dx + n * inputCount,
                                 accumulate: accumulatesInputGradient)
                        }
                    }
                }
            }
        }
        if let dk {
            if accumulatesKernelGradient {
                VectorMath.add(workspace, into: dk, count: kernelCount)
            } else {
                dk.update(from: workspace, count: kernelCount)
            }
            for part in 1..<parts { VectorMath.add(workspace + part * perPart, into: dk, count: kernelCount) }
        }
    }

    /// The kernels of a depthwise layer (``DepthwiseConv1D``, ``DepthwiseConv2D``): parameters
    /// `[kernel, bias?]`; the depthwise product with its bias, then `activation` (pre-activation
    /// values kept in scratch when it is not linear); backward, the activation derivative in place,
    /// the bias gradient as column sums, then the depthwise backward pass.
    static func layerKernels(geometry: WindowGeometry, depthMultiplier dm: Int, hasBias: Bool, activation: Activation,
                             call: KernelCall) -> LayerKernels {
        let width = geometry.channels * dm
        let positions = geometry.outputPositions
        let keepsPreActivation = activation != .linear
        let partialCount = Parallel.threadCount
        // Per sample: the pre-activation values, when kept; per step: the workspace.
        let scratch = keepsPreActivation ? [positions * width] : []
        let workspaceIndex = scratch.count
        return LayerKernels(
            scratch: scratch,
            stepScratch: [workspaceCount(geometry: geometry, depthMultiplier: dm, partialCount: partialCount)],
            forward: { b in
                let z = keepsPreActivation ? b.scratch[0] : b.outputs[0]
                forward(b.inputs[0], kernel: b.parameters[0], bias: hasBias ? UnsafePointer(b.parameters[1]) : nil, rows: b.rows,
                        geometry: geometry, depthMultiplier: dm, into: z, workspace: b.scratch[workspaceIndex], partialCount: partialCount)
                if keepsPreActivation {
                    DenseKernels.biasActivationForward(z, b.outputs[0], rows: b.rows * positions, columns: width, bias: nil, activation: activation)
                }
            },
            backward: { b in
                let dz = b.outputGradients[0]
                if keepsPreActivation {
                    DenseKernels.activationBackward(dz, z: b.scratch[0], a: b.outputs[0], rows: b.rows * positions, columns: width,
                                                    activation: activation)
                }
                if hasBias, let db = b.parameterGradients[1] {
                    DenseKernels.columnSums(dz, rows: b.rows * positions, columns: width, into: db, accumulate: b.accumulatesParameterGradients)
                }
                backward(b.inputs[0], kernel: b.parameters[0], outputGradient: dz, rows: b.rows, geometry: geometry, depthMultiplier: dm,
                         inputGradient: b.inputGradients[0], accumulatesInputGradient: b.accumulatesInputGradient[0],
                         kernelGradient: b.parameterGradients[0], accumulatesKernelGradient: b.accumulatesParameterGradients,
                         workspace: b.scratch[workspaceIndex], partialCount: partialCount)
            })
    }
}
