/// What ``SpatialDropout1D`` and ``SpatialDropout2D`` share: dropout of whole channels per sample
/// (noise shape `[N, 1, …, 1, C]`), with ``Dropout``'s masks (`1 / (1 − rate)` where a channel is
/// kept, 0 where it is dropped), drawn `[N, C]` at a time in the same order by the tape and the kernels.
final class ChannelDropout {
    /// Draws the masks and keeps the rate and seed (and their configuration).
    let masks: Dropout
    /// The rank of one sample: 2 (`[steps, channels]`) or 3 (`[height, width, channels]`).
    let sampleRank: Int

    init(_ masks: Dropout, sampleRank: Int) {
        self.masks = masks
        self.sampleRank = sampleRank
    }

    func build(_ layer: String, inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard masks.rate >= 0 && masks.rate < 1 else {
            throw SynapseError.invalidArgument("\(layer): rate must be in [0, 1), found \(masks.rate)")
        }
        try check(layer, sample: inputShape)
        return try masks.build(inputShape: inputShape, generator: &generator)
    }

    func check(_ layer: String, sample: [Int]) throws {
        guard sample.count == sampleRank else {
            throw SynapseError.shapeMismatch("\(layer): expected inputs of rank \(sampleRank + 1) (samples \(sampleRank == 2 ? "[steps, channels]" : "[height, width, channels]")), found sample shape \(sample)")
        }
    }

    func forward(_ layer: String, _ input: Tensor, training: Bool) throws -> Tensor {
        try check(layer, sample: Array(input.shape.dropFirst()))
        guard training, masks.rate > 0 else { return input }
        let channels = input.shape[input.rank - 1]
        var mask = try Tensor.zeros([input.shape[0]] + [Int](repeating: 1, count: sampleRank - 1) + [channels])
        mask.withUnsafeMutableBufferPointer { masks.fillMask($0.baseAddress!, count: $0.count) }
        return try input * mask
    }

    func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let sample = call.inputShapes[0]
        let channels = sample.last ?? 1
        let positions = Shape.count(of: Array(sample.dropLast()))
        let n = positions * channels
        let active = call.isTraining && masks.rate > 0
        return LayerKernels(
            scratch: active ? [channels] : [],
            forward: { [masks] b in
                guard active else { return b.outputs[0].update(from: b.inputs[0], count: b.rows * n) }
                masks.fillMask(b.scratch[0], count: b.rows * channels)
                ChannelMaskKernels.multiply(b.inputs[0], mask: b.scratch[0], into: b.outputs[0], samples: b.rows,
                                            positions: positions, channels: channels, accumulate: false)
            },
            backward: { b in
                guard let dx = b.inputGradients[0] else { return }
                let dy = UnsafePointer(b.outputGradients[0])
                if active {
                    ChannelMaskKernels.multiply(dy, mask: b.scratch[0], into: dx, samples: b.rows, positions: positions,
                                                channels: channels, accumulate: b.accumulatesInputGradient[0])
                } else if b.accumulatesInputGradient[0] {
                    VectorMath.add(dy, into: dx, count: b.rows * n)
                } else {
                    dx.update(from: dy, count: b.rows * n)
                }
            })
    }
}
