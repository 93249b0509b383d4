/// The direct depthwise convolution of channels-last samples, shared by ``DepthwiseConv2D`` and
/// ``SeparableConv2D``: every input channel `c` has its own `depthMultiplier` filters, and output
/// channel `c × depthMultiplier + m` is
///
///     y[p, c·dm + m] = Σ_t x[position(p, t), c] · k[t, c·dm + m]  (+ bias[c·dm + m])
///
/// over the taps `t` of the window (the kernel `[kh, kw, channels, dm]` flattened to
/// `[taps, channels·dm]`). For each output position and tap the innermost loop runs over contiguous
/// channels, so it vectorises; padded taps are skipped. Samples are split across cores.
enum DepthwiseKernels {
    /// `y[p, j] (+)= Σ_c x[c] · k[c·dm + m]` for one tap: the innermost loop of the forward pass.
    @inline(__always)
    private static func multiplyAdd(_ x: UnsafePointer<Float>, _ k: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                                    channels: Int, depthMultiplier dm: Int) {
        if dm == 1 {
            for c in 0..<channels { y[c] += x[c] * k[c] }
        } else {
            for c in 0..<channels {
                let v = x[c], kc = k + c * dm, yc = y + c * dm
                for m in 0..<dm { yc[m] += v * kc[m] }
            }
        }
    }

    /// The output `[positions, channels·dm]` of one sample `x` `[height, width, channels]`.
    static func forwardSample(_ x: UnsafePointer<Float>, kernel k: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              geometry g: WindowGeometry, depthMultiplier dm: Int, into y: UnsafeMutablePointer<Float>) {
        let h = g.height, w = g.width, channels = g.channels, width = channels * dm
        var out = y
        for oy in 0..<h.output {
            for ox in 0..<w.output {
                if let bias { out.update(from: bias, count: width) } else { out.update(repeating: 0, count: width) }
                for ty in 0..<h.window {
                    let iy = h.position(output: oy, tap: ty)
                    guard iy >= 0 && iy < h.input else { continue }
                    for tx in 0..<w.window {
                        let ix = w.position(output: ox, tap: tx)
                        guard ix >= 0 && ix < w.input else { continue }
                        multiplyAdd(x + (iy * w.input + ix) * channels, k + (ty * w.window + tx) * width, into: out,
                                    channels: channels, depthMultiplier: dm)
                    }
                }
                out += width
            }
        }
    }

    /// One sample's backward pass, from the output gradient `dy` `[positions, channels·dm]`: adds
    /// `dx[position(p, t), c] += Σ_m dy[p, c·dm + m] · k[t, c·dm + m]` when `dx` is given, and
    /// `dk[t, c·dm + m] += Σ_p x[position(p, t), c] · dy[p, c·dm + m]` when `dk` is given.
    static func backwardSample(_ x: UnsafePointer<Float>, kernel k: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>,
                               geometry g: WindowGeometry, depthMultiplier dm: Int,
                               inputGradient dx: UnsafeMutablePointer<Float>?, kernelGradient dk: UnsafeMutablePointer<Float>?) {
        let h = g.height, w = g.width, channels = g.channels, width = channels * dm
        var gradient = dy
        for oy in 0..<h.output {
            for ox in 0..<w.output {
                for ty in 0..<h.window {
                    let iy = h.position(output: oy, tap: ty)
                    guard iy >= 0 && iy < h.input else { continue }
                    for tx in 0..<w.window {
                        let ix = w.position(output: ox, tap: tx)
                        guard ix >= 0 && ix < w.input else { continue }
                        let offset = (iy * w.input + ix) * channels, tap = (ty * w.window + tx) * width
                        if let dk {
                            let source = x + offset, target = dk + tap
                            if dm == 1 {
                                for c in 0..<channels { target[c] += source[c] * gradient[c] }
                            } else {
                                for c in 0..<channels {
                                    let v = source[c], tc = target + c * dm, gc = gradient + c * dm
                                    for m in 0..<dm { tc[m] += v * gc[m] }
                                }
                            }
                        }
                        if let dx {
                            let target = dx + offset, kt = k + tap
                            if dm == 1 {
                                for c in 0..<channels { target[c] += gradient[c] * kt[c] }
                            } else {
                                for c in 0..<channels {
                                    let kc = kt + c * dm, gc = gradient + c * dm
                                    var sum: Float = 0
                                    for m in 0..<dm { sum += gc[m] * kc[m] }
                                    target[c] += sum
                                }
                            }
                        }
                    }
                }
                gradient += width
            }
        }
    }

    /// The outputs of `rows` samples, split over the batch across cores.
    static func forward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?, rows: Int,
                        geometry g: WindowGeometry, depthMultiplier dm: Int, into y: UnsafeMutablePointer<Float>) {
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels * dm
        Parallel.forEachChunk(count: rows, costPerElement: outputCount * g.taps) { range in
            for n in range {
                forwardSample(x + n * inputCount, kernel: kernel, bias: bias, geometry: g, depthMultiplier: dm, into: y + n * outputCount)
            }
        }
    }

    /// How many `Float`s of scratch ``backward(_:kernel:outputGradient:rows:geometry:depthMultiplier:inputGradient:accumulatesInputGradient:kernelGradient:accumulatesKernelGradient:partials:partialCount:)``
    /// needs per sample of a batch of `capacity` rows, for `partialCount` per-thread partial kernel
    /// gradients.
    static func partialScratch(geometry g: WindowGeometry, depthMultiplier dm: Int, partialCount: Int, capacity: Int) -> Int {
        let total = partialCount * g.taps * g.channels * dm
        return max(1, (total + capacity - 1) / max(1, capacity))
    }

    /// The backward pass of `rows` samples, split over the batch across cores: writes (or, when
    /// `accumulatesInputGradient`, adds) the input gradient where `dx` is given, and writes (or adds)
    /// the kernel gradient where `dk` is given. Each chunk of samples sums its kernel gradient into
    /// its own partial in `partials` (room for `partialCount` kernels), and the partials are added
    /// up after, so that threads never write the same values.
    static func backward(_ x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                         geometry g: WindowGeometry, depthMultiplier dm: Int,
                         inputGradient dx: UnsafeMutablePointer<Float>?, accumulatesInputGradient: Bool,
                         kernelGradient dk: UnsafeMutablePointer<Float>?, accumulatesKernelGradient: Bool,
                         partials: UnsafeMutablePointer<Float>, partialCount: Int) {
        guard dx != nil || dk != nil else { return }
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels * dm
        let kernelCount = g.taps * g.channels * dm
        let parts = max(1, min(partialCount, Parallel.threadCount, rows))
        if dk != nil { partials.update(repeating: 0, count: parts * kernelCount) }
        if rows > 0 {
            let cost = (rows + parts - 1) / parts * outputCount * g.taps * (dk != nil && dx != nil ? 2 : 1)
            Parallel.forEachChunk(count: parts, costPerElement: cost) { range in
                for part in range {
                    let partial = dk == nil ? nil : partials + part * kernelCount
                    for n in (rows * part / parts)..<(rows * (part + 1) / parts) {
                        let sampleGradient = dx.map { $0 + n * inputCount }
                        if let sampleGradient, !accumulatesInputGradient { sampleGradient.update(repeating: 0, count: inputCount) }
                        backwardSample(x + n * inputCount, kernel: kernel, outputGradient: dy + n * outputCount, geometry: g,
                                       depthMultiplier: dm, inputGradient: sampleGradient, kernelGradient: partial)
                    }
                }
            }
        }
        if let dk {
            if accumulatesKernelGradient {
                VectorMath.add(partials, into: dk, count: kernelCount)
            } else {
                dk.update(from: partials, count: kernelCount)
            }
            for part in 1..<parts { VectorMath.add(partials + part * kernelCount, into: dk, count: kernelCount) }
        }
    }

    /// The kernels of a depthwise layer (``DepthwiseConv1D``, ``DepthwiseConv2D``): parameters
    /// `[kernel, bias?]`; the depthwise product with its bias, then `activation` (pre-activation
    /// values kept in scratch when it is not linear); backward, the activation derivative in place,
    /// the bias gradient as column sums, then ``backward(_:kernel:outputGradient:rows:geometry:depthMultiplier:inputGradient:accumulatesInputGradient:kernelGradient:accumulatesKernelGradient:partials:partialCount:)``.
    static func layerKernels(geometry: WindowGeometry, depthMultiplier dm: Int, hasBias: Bool, activation: Activation,
                             call: KernelCall) -> LayerKernels {
        let width = geometry.channels * dm
        let positions = geometry.outputPositions
        let keepsPreActivation = activation != .linear
        let partialCount = Parallel.threadCount
        var scratch: [Int] = []
        if keepsPreActivation { scratch.append(positions * width) }
        let partialIndex = scratch.count
        if call.isTraining {
            scratch.append(DepthwiseKernels.partialScratch(geometry: geometry, depthMultiplier: dm, partialCount: partialCount,
                                                           capacity: call.batchCapacity))
        }
        return LayerKernels(
            scratch: scratch,
            forward: { b in
                let z = keepsPreActivation ? b.scratch[0] : b.outputs[0]
                DepthwiseKernels.forward(b.inputs[0], kernel: b.parameters[0], bias: hasBias ? UnsafePointer(b.parameters[1]) : nil,
                                         rows: b.rows, geometry: geometry, depthMultiplier: dm, into: z)
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
                DepthwiseKernels.backward(b.inputs[0], kernel: b.parameters[0], outputGradient: dz, rows: b.rows, geometry: geometry,
                                          depthMultiplier: dm, inputGradient: b.inputGradients[0],
                                          accumulatesInputGradient: b.accumulatesInputGradient[0],
                                          kernelGradient: b.parameterGradients[0], accumulatesKernelGradient: b.accumulatesParameterGradients,
                                          partials: b.scratch[partialIndex], partialCount: partialCount)
            })
    }
}
