/// Kernels of the reshaping layers: plain copies (Flatten, Reshape) and position maps (padding,
/// cropping, upsampling), where each output position of a channels-last sample copies all channels
/// of one input position, or is zero.
enum ReshapingKernels {
    /// `dx = dy` (or `dx += dy` when `accumulate`) over `count` values.
    static func copyBack(_ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, count: Int, accumulate: Bool) {
        if accumulate { VectorMath.add(dy, into: dx, count: count) } else { dx.update(from: dy, count: count) }
    }

    /// For `rows` samples: output position `p` of each sample gets the `channels` values of input
    /// position `sources[p]`, or zeros where it is −1.
    static func gatherPositions(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, sources: UnsafePointer<Int32>,
                                outputPositions: Int, inputPositions: Int, channels: Int) {
        Parallel.forEachChunk(count: rows, costPerElement: outputPositions * channels) { samples in
            for n in samples {
                let xs = x + n * inputPositions * channels
                var out = y + n * outputPositions * channels
                for p in 0..<outputPositions {
                    let source = Int(sources[p])
                    if source < 0 { out.update(repeating: 0, count: channels) } else { out.update(from: xs + source * channels, count: channels) }
                    out += channels
                }
            }
        }
    }

    /// The adjoint of ``gatherPositions(_:_:rows:sources:outputPositions:inputPositions:channels:)``:
    /// each output position's gradient is added onto the input position it copied (input positions
    /// copied several times — upsampling — gather several); `dx` is overwritten unless `accumulate`.
    static func scatterPositions(_ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, accumulate: Bool, rows: Int,
                                 sources: UnsafePointer<Int32>, outputPositions: Int, inputPositions: Int, channels: Int) {
        Parallel.forEachChunk(count: rows, costPerElement: (outputPositions + inputPositions) * channels) { samples in
            for n in samples {
                let dxs = dx + n * inputPositions * channels
                if !accumulate { dxs.update(repeating: 0, count: inputPositions * channels) }
                let dys = dy + n * outputPositions * channels
                for p in 0..<outputPositions {
                    let source = Int(sources[p])
                    guard source >= 0 else { continue }
                    let target = dxs + source * channels, upstream = dys + p * channels
                    for c in 0..<channels { target[c] += upstream[c] }
                }
            }
        }
    }
}

extension ReshapingKernels {
    /// For `rows` samples: output position `p` of each sample gets the sum over its `taps` of
    /// `weights[p·taps + k]` × the channels of input position `sources[p·taps + k]` (none where −1).
    static func weightedGather(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, sources: UnsafePointer<Int32>,
                               weights: UnsafePointer<Float>, taps: Int, outputPositions: Int, inputPositions: Int, channels: Int) {
        Parallel.forEachChunk(count: rows, costPerElement: outputPositions * taps * channels * 2) { samples in
            for n in samples {
                let xs = x + n * inputPositions * channels, ys = y + n * outputPositions * channels
                for p in 0..<outputPositions {
                    let out = ys + p * channels
                    out.update(repeating: 0, count: channels)
                    for k in (p * taps)..<((p + 1) * taps) where sources[k] >= 0 {
                        let source = xs + Int(sources[k]) * channels, weight = weights[k]
                        for c in 0..<channels { out[c] += weight * source[c] }
                    }
                }
            }
        }
    }

    /// The adjoint of ``weightedGather(_:_:rows:sources:weights:taps:outputPositions:inputPositions:channels:)``;
    /// `dx` is overwritten unless `accumulate`.
    static func weightedScatter(_ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, accumulate: Bool, rows: Int,
                                sources: UnsafePointer<Int32>, weights: UnsafePointer<Float>, taps: Int, outputPositions: Int,
                                inputPositions: Int, channels: Int) {
        Parallel.forEachChunk(count: rows, costPerElement: (outputPositions * taps * 2 + inputPositions) * channels) { samples in
            for n in samples {
                let dxs = dx + n * inputPositions * channels, dys = dy + n * outputPositions * channels
                if !accumulate { dxs.update(repeating: 0, count: inputPositions * channels) }
                for p in 0..<outputPositions {
                    let upstream = dys + p * channels
                    for k in (p * taps)..<((p + 1) * taps) where sources[k] >= 0 {
                        let target = dxs + Int(sources[k]) * channels, weight = weights[k]
                        for c in 0..<channels { target[c] += weight * upstream[c] }
                    }
                }
            }
        }
    }

    /// The kernels of a layer that only changes the shape (Flatten, Reshape): the values are copied
    /// forward, and the gradient copied (or added) back.
    static func copyKernels(sampleCount: Int) -> LayerKernels {
        LayerKernels(
            forward: { b in b.outputs[0].update(from: b.inputs[0], count: b.rows * sampleCount) },
            backward: { b in
                guard let dx = b.inputGradients[0] else { return }
                copyBack(b.outputGradients[0], into: dx, count: b.rows * sampleCount, accumulate: b.accumulatesInputGradient[0])
            })
    }
}
