/// Where each output position of a padding, cropping or upsampling layer reads: one input position
/// (all its channels) or nothing (zeros) — or, for a bilinear upsampling, a weighted sum of a few
/// input positions. Samples are channels-last, `[steps, channels]` (one row high) or
/// `[height, width, channels]`. The same map gives the tape forward (gathers by flat index) and the
/// kernels (gathers of channel rows, and their adjoint).
struct PositionMap {
    /// The shape of one output sample.
    let outputShape: [Int]
    let inputPositions: Int
    let channels: Int
    /// Input positions read per output position.
    let taps: Int
    /// For each output position (row-major) and tap, its input position, or −1.
    let sources: [Int32]
    /// The weight of each source (as `sources`); `nil` when every output copies its one source.
    let weights: [Float]?

    /// The map from a sample of `sample` shape (`spatialRank` spatial axes, then channels) to one of
    /// `outputSpatial` positions per axis, where output (row, column) reads `source(row, column)`
    /// — an input (row, column), or `nil` for zeros. A 1-D sample is one row high (row 0).
    init(sample: [Int], spatialRank: Int, outputSpatial: [Int], layer: String, source: (Int, Int) -> (Int, Int)?) throws {
        try self.init(sample: sample, spatialRank: spatialRank, outputSpatial: outputSpatial, taps: 1, weighted: false, layer: layer) { row, column, _ in
            source(row, column).map { ($0.0, $0.1, 1) }
        }
    }

    /// The map where output (row, column) is the sum over `taps` of `weight × input (y, x)` for
    /// `(y, x, weight) = source(row, column, tap)` (nothing for `nil`).
    init(sample: [Int], spatialRank: Int, outputSpatial: [Int], taps: Int, weighted: Bool, layer: String,
         source: (Int, Int, Int) -> (Int, Int, Float)?) throws {
        try SpatialShape.check(sample, rank: spatialRank + 1, layer: layer)
        guard outputSpatial.count == spatialRank, outputSpatial.allSatisfy({ $0 >= 1 }) else {
            throw SynapseError.shapeMismatch("\(layer): a sample of shape \(sample) would give an output with spatial sizes \(outputSpatial); each must be ≥ 1")
        }
        let channels = sample[spatialRank]
        outputShape = outputSpatial + [channels]
        let inputCount = try SpatialShape.checkedCount(sample, layer: layer)
        let outputCount = try SpatialShape.checkedCount(outputShape, layer: layer)
        guard outputCount / channels <= SpatialShape.sampleLimit / taps else {
            throw SynapseError.invalidArgument("\(layer): samples of shape \(outputShape) are too large")
        }
        let (inHeight, inWidth) = spatialRank == 1 ? (1, sample[0]) : (sample[0], sample[1])
        let (outHeight, outWidth) = spatialRank == 1 ? (1, outputSpatial[0]) : (outputSpatial[0], outputSpatial[1])
        var sources: [Int32] = [], weights: [Float] = []
        sources.reserveCapacity(outHeight * outWidth * taps)
        for row in 0..<outHeight {
            for column in 0..<outWidth {
                for tap in 0..<taps {
                    if let (y, x, weight) = source(row, column, tap), y >= 0, y < inHeight, x >= 0, x < inWidth {
                        sources.append(Int32(y * inWidth + x))
                        weights.append(weight)
                    } else {
                        sources.append(-1)
                        weights.append(0)
                    }
                }
            }
        }
        self.sources = sources
        self.weights = weighted ? weights : nil
        self.taps = taps
        self.inputPositions = inputCount / channels
        self.channels = channels
    }

    /// The mapped batch `x`, from differentiable ops: per tap, a gather by flat index (zeros read
    /// −1), scaled by the tap's weights when the map has them, and summed over the taps.
    func forward(_ x: Tensor) throws -> Tensor {
        let batch = x.shape[0], channels = self.channels, inputCount = inputPositions * channels
        let outputPositions = sources.count / taps
        var total: Tensor?
        for tap in 0..<taps {
            var indices: [Int] = []
            indices.reserveCapacity(batch * outputPositions * channels)
            for n in 0..<batch {
                for p in 0..<outputPositions {
                    let source = sources[p * taps + tap]
                    let base = n * inputCount + Int(source) * channels
                    for c in 0..<channels { indices.append(source < 0 ? -1 : base + c) }
                }
            }
            var term = try x.gathering(flatIndices: indices, shape: [batch] + outputShape)
            if let weights {
                let scale = try Tensor(shape: Array(outputShape.dropLast()) + [1], scalars: (0..<outputPositions).map { weights[$0 * taps + tap] })
                term = try term * scale
            }
            total = try total.map { try $0 + term } ?? term
        }
        return total!
    }

    /// The kernels: forward a gather of channel rows (weighted and summed over the taps for a
    /// weighted map), backward its adjoint (a scatter-add). The map is read in place (captured
    /// constant arrays: nothing is copied or allocated in a step).
    func kernels() -> LayerKernels {
        let (sources, outputPositions, inputPositions, channels) = (self.sources, self.sources.count / taps, self.inputPositions, self.channels)
        guard let weights else {
            return LayerKernels(
                forward: { b in
                    sources.withUnsafeBufferPointer { map in
                        ReshapingKernels.gatherPositions(b.inputs[0], b.outputs[0], rows: b.rows, sources: map.baseAddress!,
                                                         outputPositions: outputPositions, inputPositions: inputPositions, channels: channels)
                    }
                },
                backward: { b in
                    guard let dx = b.inputGradients[0] else { return }
                    sources.withUnsafeBufferPointer { map in
                        ReshapingKernels.scatterPositions(b.outputGradients[0], into: dx, accumulate: b.accumulatesInputGradient[0], rows: b.rows,
                                                          sources: map.baseAddress!, outputPositions: outputPositions,
                                                          inputPositions: inputPositions, channels: channels)
                    }
                })
        }
        let taps = self.taps
        return LayerKernels(
            forward: { b in
                sources.withUnsafeBufferPointer { map in
                    weights.withUnsafeBufferPointer { w in
                        ReshapingKernels.weightedGather(b.inputs[0], b.outputs[0], rows: b.rows, sources: map.baseAddress!, weights: w.baseAddress!,
                                                        taps: taps, outputPositions: outputPositions, inputPositions: inputPositions, channels: channels)
                    }
                }
            },
            backward: { b in
                guard let dx = b.inputGradients[0] else { return }
                sources.withUnsafeBufferPointer { map in
                    weights.withUnsafeBufferPointer { w in
                        ReshapingKernels.weightedScatter(b.outputGradients[0], into: dx, accumulate: b.accumulatesInputGradient[0], rows: b.rows,
                                                         sources: map.baseAddress!, weights: w.baseAddress!, taps: taps,
                                                         outputPositions: outputPositions, inputPositions: inputPositions, channels: channels)
                    }
                }
            })
    }
}

/// A layer that moves whole positions of channels-last samples — ``ZeroPadding1D``,
/// ``ZeroPadding2D``, ``Cropping1D``, ``Cropping2D``, ``UpSampling1D``, ``UpSampling2D`` — described
/// by its ``PositionMap`` for a sample shape; build, the tape forward and the kernels follow from it.
protocol PositionMappingLayer: KernelLayer {
    /// The map for samples of `sample` shape; throws naming the layer when the shape does not suit.
    func positionMap(for sample: [Int]) throws -> PositionMap
    /// 1 for `[steps, channels]` samples, 2 for `[height, width, channels]`.
    var spatialRank: Int { get }
}

extension PositionMappingLayer {
    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try positionMap(for: inputShape).outputShape
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try positionMap(for: SpatialShape.sample(of: input, rank: spatialRank + 1, layer: name)).forward(input)
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        try positionMap(for: call.inputShapes[0]).kernels()
    }
}

extension PositionMap {
    /// The map of a zero padding (`adding`) or a crop (not `adding`) of `amounts` (before, after)
    /// positions along each spatial axis: output position `p` reads input `p − before` (padding) or
    /// `p + before` (cropping).
    static func shifted(sample: [Int], spatialRank: Int, amounts: [EdgeAmounts], adding: Bool, layer: String) throws -> PositionMap {
        try SpatialShape.check(sample, rank: spatialRank + 1, layer: layer)
        let what = adding ? "padding" : "cropping"
        guard amounts.count == spatialRank, amounts.allSatisfy({ $0.before >= 0 && $0.after >= 0 && $0.before <= 1 << 20 && $0.after <= 1 << 20 }) else {
            throw SynapseError.invalidArgument("\(layer): expected \(spatialRank) pairs of \(what) amounts in 0...\(1 << 20), found \(amounts.map { ($0.before, $0.after) })")
        }
        var output: [Int] = []
        for (axis, amount) in amounts.enumerated() {
            let change = amount.before + amount.after
            let size = adding ? sample[axis] + change : sample[axis] - change
            guard size >= 1 else {
                throw SynapseError.shapeMismatch("\(layer): cropping (\(amount.before), \(amount.after)) leaves no positions of the \(sample[axis]) along spatial axis \(axis + 1) of samples of shape \(sample)")
            }
            output.append(size)
        }
        let sign = adding ? -1 : 1
        let top = spatialRank == 1 ? 0 : amounts[0].before, left = amounts[spatialRank - 1].before
        return try PositionMap(sample: sample, spatialRank: spatialRank, outputSpatial: output, layer: layer) { row, column in
            (row + sign * top, column + sign * left)
        }
    }

    /// The map of a nearest-neighbour upsampling by `factors` along each spatial axis: output
    /// position `p` reads input `p / factor`.
    static func repeated(sample: [Int], spatialRank: Int, factors: [Int], layer: String) throws -> PositionMap {
        try SpatialShape.check(sample, rank: spatialRank + 1, layer: layer)
        guard factors.count == spatialRank, factors.allSatisfy({ $0 >= 1 && $0 <= 1 << 16 }) else {
            throw SynapseError.invalidArgument("\(layer): expected \(spatialRank) upsampling sizes in 1...\(1 << 16), found \(factors)")
        }
        let output = try factors.enumerated().map { axis, factor in
            try Shape.checkedCount([sample[axis], factor], what: "\(layer): upsampling \(sample[axis]) positions by \(factor) gives too many positions",
                                   limit: SpatialShape.sampleLimit)
        }
        let rowFactor = spatialRank == 1 ? 1 : factors[0], columnFactor = factors[spatialRank - 1]
        return try PositionMap(sample: sample, spatialRank: spatialRank, outputSpatial: output, layer: layer) { row, column in
            (row / rowFactor, column / columnFactor)
        }
    }

    /// The map of a bilinear upsampling of `[height, width, channels]` samples by `factors`, as
    /// TensorFlow's `resize` with half-pixel centres (behind Keras's `UpSampling2D(interpolation=
    /// "bilinear")`): output row `r` samples input row `(r + ½) / factor − ½`, between the rows
    /// ⌊·⌋ and ⌈·⌉ (clamped to the image) with weights 1 − t and t, and likewise for columns.
    static func bilinear(sample: [Int], factors: [Int], layer: String) throws -> PositionMap {
        let nearest = try repeated(sample: sample, spatialRank: 2, factors: factors, layer: layer)
        func axis(_ size: Int, _ factor: Int, _ o: Int) -> (Int, Int, Float) {
            let position = (Float(o) + 0.5) / Float(factor) - 0.5
            let below = position.rounded(.down)
            return (Swift.max(Int(below), 0), Swift.min(Int(position.rounded(.up)), size - 1), position - below)
        }
        return try PositionMap(sample: sample, spatialRank: 2, outputSpatial: Array(nearest.outputShape.dropLast()), taps: 4, weighted: true,
                               layer: layer) { row, column, tap in
            let (top, bottom, t) = axis(sample[0], factors[0], row)
            let (left, right, u) = axis(sample[1], factors[1], column)
            switch tap {
            case 0: return (top, left, (1 - t) * (1 - u))
            case 1: return (top, right, (1 - t) * u)
            case 2: return (bottom, left, t * (1 - u))
            default: return (bottom, right, t * u)
            }
        }
    }
}
