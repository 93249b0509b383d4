/// Which value a pooling window keeps.
enum PoolingKind: Sendable {
    /// The largest value of the window.
    case max
    /// The mean of the window's real (unpadded) values.
    case average

    /// `Max` or `Average`, as the layer type names begin.
    var typeNamePrefix: String { self == .max ? "Max" : "Average" }
}

/// The core shared by every pooling layer — local (`MaxPooling2D`, …) and global
/// (`GlobalAveragePooling1D`, …), 1-D and 2-D: a max or an average over the windows of a
/// ``WindowGeometry`` (a 1-D sample `[steps, channels]` is one row high: its height axis is
/// ``WindowAxis/single``), as a tape forward from differentiable ops and as a pair of kernels.
/// Outputs are `[batch, output positions, channels]`; each layer gives them its own shape.
struct PoolingWindow {
    let kind: PoolingKind
    let geometry: WindowGeometry
    /// For a max: whether the gradient of a window with several maxima is shared equally among them
    /// (TensorFlow's `reduce_max`, behind Keras's global max pooling) rather than sent to the first
    /// in row-major order (TensorFlow's max pooling kernel). Only for windows without padding.
    let spreadsTies: Bool

    /// The geometry of a window of `poolSize` moved by `strides` over a sample of `sample` shape
    /// (`[steps, channels]` when `poolSize` has one size, `[height, width, channels]` for two).
    init(kind: PoolingKind, sample: [Int], poolSize: [Int], strides: [Int], padding: Padding, layer: String) throws {
        let rank = poolSize.count
        try SpatialShape.check(sample, rank: rank + 1, layer: layer)
        _ = try SpatialShape.checkedCount(sample, layer: layer)
        guard strides.count == rank else {
            throw SynapseError.invalidArgument("\(layer): expected \(rank) strides, found \(strides)")
        }
        let height = rank == 1 ? WindowAxis.single
            : try WindowAxis(input: sample[0], window: poolSize[0], stride: strides[0], padding: padding, owner: layer)
        let width = try WindowAxis(input: sample[rank - 1], window: poolSize[rank - 1], stride: strides[rank - 1], padding: padding, owner: layer)
        let geometry = WindowGeometry(height: height, width: width, channels: sample[rank])
        // The tape gathers every tap of every window: its size is checked before anything is allocated.
        _ = try Shape.checkedCount([geometry.channels, height.output, width.output, height.window, width.window],
                                   what: "\(layer): windows of \(poolSize) over samples of shape \(sample) are too large (window values per sample)",
                                   limit: SpatialShape.sampleLimit)
        self.kind = kind
        self.geometry = geometry
        self.spreadsTies = false
    }

    /// One window covering the whole of each sample (global pooling).
    init(kind: PoolingKind, globalOver sample: [Int], spatialRank rank: Int, layer: String) throws {
        try SpatialShape.check(sample, rank: rank + 1, layer: layer)
        _ = try SpatialShape.checkedCount(sample, layer: layer)
        let spatial = Array(sample.dropLast())
        let local = try PoolingWindow(kind: kind, sample: sample, poolSize: spatial, strides: spatial, padding: .valid, layer: layer)
        self.kind = kind
        self.geometry = local.geometry
        self.spreadsTies = kind == .max
    }

    /// The pooled values of `x` (`[batch] + sample`), as `[batch, output positions, channels]`, from
    /// differentiable ops: the windows gathered by flat index, then a max along the taps (padded taps
    /// pushed far below every real value first) or a sum along them scaled by 1 / real taps.
    func forward(_ x: Tensor) throws -> Tensor {
        let g = geometry
        let batch = x.shape[0]
        let windows = try x.gathering(flatIndices: g.patchIndices(batch: batch), shape: [batch, g.outputPositions, g.taps, g.channels])
        switch kind {
        case .max where spreadsTies:
            // max = Σ window · [value = max] / #maxima: the same value, and the gradient shared by the maxima.
            let values = windows.detached
            let isMaximum = try values .== values.max(alongAxis: 2, keepingDimensions: true)
            return try (windows * isMaximum).sum(alongAxis: 2) / isMaximum.sum(alongAxis: 2)
        case .max:
            let oneSample = g.patchIndices(batch: 1)
            guard oneSample.contains(-1) else { return try windows.max(alongAxis: 2) }
            let mask = try Tensor(shape: [g.outputPositions, g.taps, g.channels],
                                  scalars: oneSample.map { $0 < 0 ? -Float.greatestFiniteMagnitude : 0 })
            return try (windows + mask).max(alongAxis: 2)
        case .average:
            var weights: [Float] = []
            PoolingKernels.forEachWindow(g) { _, rows, columns in weights.append(1 / Float(rows.count * columns.count)) }
            return try windows.sum(alongAxis: 2) * Tensor(shape: [g.outputPositions, 1], scalars: weights)
        }
    }

    /// The kernels: one pass over each sample's windows forward; backward, max pooling sends each
    /// gradient to the input its window's maximum came from (remembered in scratch, as `Int32`
    /// indices in the `Float` buffer's memory) and average pooling spreads it over the window.
    func kernels() -> LayerKernels {
        let g = geometry
        let outputCount = g.outputPositions * g.channels
        switch kind {
        case .max where spreadsTies:
            return LayerKernels(
                scratch: [outputCount],
                forward: { b in
                    b.scratch[0].withMemoryRebound(to: Int32.self, capacity: b.rows * outputCount) { argmax in
                        PoolingKernels.maxForward(b.inputs[0], b.outputs[0], argmax: argmax, rows: b.rows, geometry: g)
                    }
                },
                backward: { b in
                    guard let dx = b.inputGradients[0] else { return }
                    PoolingKernels.maxBackwardSpreadingTies(b.outputGradients[0], x: b.inputs[0], y: b.outputs[0], rows: b.rows, geometry: g,
                                                            into: dx, accumulate: b.accumulatesInputGradient[0])
                })
        case .max:
            return LayerKernels(
                scratch: [outputCount],
                forward: { b in
                    b.scratch[0].withMemoryRebound(to: Int32.self, capacity: b.rows * outputCount) { argmax in
                        PoolingKernels.maxForward(b.inputs[0], b.outputs[0], argmax: argmax, rows: b.rows, geometry: g)
                    }
                },
                backward: { b in
                    guard let dx = b.inputGradients[0] else { return }
                    b.scratch[0].withMemoryRebound(to: Int32.self, capacity: b.rows * outputCount) { argmax in
                        PoolingKernels.maxBackward(b.outputGradients[0], argmax: argmax, rows: b.rows, geometry: g,
                                                   into: dx, accumulate: b.accumulatesInputGradient[0])
                    }
                })
        case .average:
            return LayerKernels(
                forward: { b in PoolingKernels.averageForward(b.inputs[0], b.outputs[0], rows: b.rows, geometry: g) },
                backward: { b in
                    guard let dx = b.inputGradients[0] else { return }
                    PoolingKernels.averageBackward(b.outputGradients[0], rows: b.rows, geometry: g, into: dx,
                                                   accumulate: b.accumulatesInputGradient[0])
                })
        }
    }

    /// The shape of one output sample of a local pooling layer: `[steps, channels]` or
    /// `[height, width, channels]`.
    func outputShape(spatialRank rank: Int) -> [Int] {
        rank == 1 ? [geometry.width.output, geometry.channels] : [geometry.height.output, geometry.width.output, geometry.channels]
    }
}
