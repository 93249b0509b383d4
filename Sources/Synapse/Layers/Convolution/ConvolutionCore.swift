/// What ``Conv1D``, ``Conv2D`` and ``Conv2DTranspose`` share: the hyper-parameters and their
/// checks, the weights, the configuration in Keras's keys, the window geometry, the tape forward
/// (gathered patches · kernel matrix) and the plan's kernels (``ConvolutionKernels``). A 1-D layer
/// is a 2-D one whose height axis is ``WindowAxis/single``; a transposed convolution is the adjoint
/// of the convolution from its output back to its input.
final class ConvolutionCore {
    enum Kind: Equatable { case convolution, transposed }

    let kind: Kind
    /// Spatial axes: 1 (Conv1D) or 2.
    let rank: Int
    let filters: Int
    let kernelSize: [Int]
    let strides: [Int]
    let dilationRate: [Int]
    let padding: Padding
    let groups: Int
    /// Transposed only: extra output positions at the end of each axis (`nil`: Keras's default).
    let outputPadding: [Int]?
    let activation: Activation
    let useBias: Bool
    let kernelInitializer: Initializer
    let biasInitializer: Initializer
    let kernelRegularizer: Regularizer?
    let biasRegularizer: Regularizer?
    var kernel: Parameter?
    var bias: Parameter?

    /// The largest kernel size, stride, dilation or output padding accepted.
    static let sizeLimit = 1 << 20
    /// The largest number of values a weight or a scratch buffer may hold.
    static let countLimit = 1 << 33

    init(kind: Kind, rank: Int, filters: Int, kernelSize: [Int], strides: [Int], dilationRate: [Int], padding: Padding,
         groups: Int = 1, outputPadding: [Int]? = nil, activation: Activation, useBias: Bool, kernelInitializer: Initializer,
         biasInitializer: Initializer, kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?) {
        self.kind = kind
        self.rank = rank
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.dilationRate = dilationRate
        self.padding = padding
        self.groups = groups
        self.outputPadding = outputPadding
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
    }

    var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    // MARK: Checks

    /// Throws ``SynapseError/invalidArgument(_:)`` naming `name` for hyper-parameters Keras refuses.
    func validate(name: String) throws {
        guard filters >= 1, filters <= 1 << 24 else {
            throw SynapseError.invalidArgument("\(name): filters must be in 1…\(1 << 24), found \(filters)")
        }
        let limit = Self.sizeLimit
        for (label, values) in [("kernel_size", kernelSize), ("strides", strides), ("dilation_rate", dilationRate)] {
            guard values.count == rank, values.allSatisfy({ $0 >= 1 && $0 <= limit }) else {
                throw SynapseError.invalidArgument("\(name): \(label) must be \(rank == 1 ? "one whole number" : "\(rank) whole numbers") in 1…\(limit), found \(values)")
            }
        }
        if strides.contains(where: { $0 > 1 }) && dilationRate.contains(where: { $0 > 1 }) {
            throw SynapseError.invalidArgument("\(name): strides > 1 are not supported together with dilation_rate > 1 (as in Keras), found strides \(strides) and dilation_rate \(dilationRate)")
        }
        let allowed: [Padding] = kind == .convolution && rank == 1 ? [.valid, .same, .causal] : [.valid, .same]
        guard allowed.contains(padding) else {
            throw SynapseError.invalidArgument("\(name): padding must be one of \(allowed.map { "'\($0.rawValue)'" }.joined(separator: ", ")), found '\(padding.rawValue)'")
        }
        guard groups >= 1, groups <= filters, filters % groups == 0 else {
            throw SynapseError.invalidArgument("\(name): groups must be ≥ 1 and divide filters (\(filters)), found \(groups)")
        }
        if let outputPadding {
            guard outputPadding.count == rank, zip(outputPadding, strides).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
                throw SynapseError.invalidArgument("\(name): output_padding must be \(rank) whole numbers, each ≥ 0 and below its stride \(strides), found \(outputPadding)")
            }
        }
    }

    /// `values` multiplied, or an error naming `name` and `what` when the product overflows or
    /// passes ``countLimit``.
    static func checkedProduct(_ values: [Int], name: String, what: String) throws -> Int {
        try Shape.checkedCount(values, what: "\(name): \(what)", limit: countLimit)
    }

    // MARK: Geometry

    /// The layer's geometry for samples of `inputShape`: the window of the underlying convolution
    /// (over the layer's input; for a transposed layer, over its output), the shape of one output
    /// sample, and the kernel's shape.
    func plan(inputShape: [Int], name: String) throws -> (geometry: WindowGeometry, outputShape: [Int], kernelShape: [Int]) {
        try validate(name: name)
        let axes = rank == 1 ? "[steps, channels]" : "[height, width, channels]"
        guard inputShape.count == rank + 1, inputShape.allSatisfy({ $0 >= 1 && $0 <= 1 << 30 }) else {
            throw SynapseError.shapeMismatch("\(name): expected samples of shape \(axes) with sizes ≥ 1, found \(inputShape)")
        }
        let channels = inputShape[rank]
        let spatial = Array(inputShape[..<rank])
        var axesOut: [WindowAxis] = []
        var outputSpatial: [Int] = []
        for i in 0..<rank {
            switch kind {
            case .convolution:
                let axis = try WindowAxis(input: spatial[i], window: kernelSize[i], stride: strides[i], dilation: dilationRate[i],
                                          padding: padding, owner: name)
                axesOut.append(axis)
                outputSpatial.append(axis.output)
            case .transposed:
                let length = try transposedLength(spatial[i], axis: i, name: name)
                let axis = try WindowAxis(input: length, window: kernelSize[i], stride: strides[i], dilation: dilationRate[i],
                                          padding: padding, owner: name)
                guard axis.output == spatial[i] else {
                    throw SynapseError.shapeMismatch("\(name): an output of \(length) positions does not convolve back to the input's \(spatial[i]) along axis \(i) (kernel \(kernelSize[i]), stride \(strides[i]), output_padding \(outputPadding.map { "\($0)" } ?? "none"))")
                }
                axesOut.append(axis)
                outputSpatial.append(length)
            }
        }
        let height = rank == 1 ? WindowAxis.single : axesOut[0]
        let width = axesOut[rank - 1]
        let window = (rank == 1 ? [1] : []) + kernelSize
        switch kind {
        case .convolution:
            guard channels % groups == 0 else {
                throw SynapseError.shapeMismatch("\(name): groups (\(groups)) must divide the input channels, found \(channels) channels in \(inputShape)")
            }
            let geometry = WindowGeometry(height: height, width: width, channels: channels)
            let kernelShape = kernelSize + [channels / groups, filters]
            _ = try Self.checkedProduct(window + [channels, filters], name: name, what: "the kernel")
            return (geometry, outputSpatial + [filters], kernelShape)
        case .transposed:
            let geometry = WindowGeometry(height: height, width: width, channels: filters)
            _ = try Self.checkedProduct(window + [channels, filters], name: name, what: "the kernel")
            _ = try Self.checkedProduct(outputSpatial + [filters], name: name, what: "an output sample")
            return (geometry, outputSpatial + [filters], kernelSize + [filters, channels])
        }
    }

    /// Keras's output length of a transposed convolution along axis `i` (`deconv_output_length`).
    private func transposedLength(_ input: Int, axis i: Int, name: String) throws -> Int {
        let extent = (kernelSize[i] - 1) * dilationRate[i] + 1
        let length: Int
        if let outputPadding {
            let pad = padding == .same ? extent / 2 : 0
            length = (input - 1) * strides[i] + extent - 2 * pad + outputPadding[i]
        } else {
            length = padding == .valid ? input * strides[i] + max(extent - strides[i], 0) : input * strides[i]
        }
        guard length >= 1, length <= 1 << 30 else {
            throw SynapseError.shapeMismatch("\(name): the output length along axis \(i) would be \(length), outside 1…\(1 << 30)")
        }
        return length
    }

    // MARK: Build

    func build(inputShape: [Int], name: String, owner: any Layer, generator: inout RandomGenerator) throws -> [Int] {
        let (_, outputShape, kernelShape) = try plan(inputShape: inputShape, name: name)
        kernel = try owner.makeParameter("kernel", shape: kernelShape, initializer: kernelInitializer,
                                         regularizer: kernelRegularizer, generator: &generator)
        bias = useBias ? try owner.makeParameter("bias", shape: [filters], initializer: biasInitializer,
                                                 regularizer: biasRegularizer, generator: &generator) : nil
        return outputShape
    }

    /// The kernel and bias, checked against the shapes `kernelShape` and `[filters]`.
    private func weights(kernelShape: [Int], name: String) throws -> Parameter {
        guard let kernel else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        guard kernel.shape == kernelShape, bias.map({ $0.shape == [filters] }) ?? true else {
            throw SynapseError.shapeMismatch("\(name): expected a kernel of shape \(kernelShape) and a bias of shape \([filters]), found \(kernel.shape) and \(bias.map { "\($0.shape)" } ?? "none") (were the weights assigned by hand?)")
        }
        return kernel
    }

    // MARK: Tape forward

    /// The output before the activation, from differentiable tensor ops: the patch matrix gathered
    /// from the input (or, transposed, from the input for each output position), times the kernel
    /// as a matrix, plus the bias.
    func preActivation(_ input: Tensor, name: String) throws -> Tensor {
        guard input.rank == rank + 2 else {
            throw SynapseError.shapeMismatch("\(name): expected a batch of samples of rank \(rank + 1), found input of shape \(input.shape)")
        }
        let batch = input.shape[0]
        let (geometry, outputShape, kernelShape) = try plan(inputShape: Array(input.shape.dropFirst()), name: name)
        let kernel = try weights(kernelShape: kernelShape, name: name)
        let taps = geometry.taps
        let product: Tensor
        switch kind {
        case .convolution:
            let channels = geometry.channels
            let patches = try input.gathering(flatIndices: geometry.patchIndices(batch: batch),
                                              shape: [batch * geometry.outputPositions, taps * channels])
            product = try patches.matmul(kernelMatrix(kernel.value, taps: taps, channels: channels))
        case .transposed:
            let channels = input.shape[rank + 1]
            let patches = try input.gathering(flatIndices: transposedPatchIndices(geometry, channels: channels, batch: batch),
                                              shape: [batch * geometry.inputCount / filters, taps * channels])
            // Kernel [taps, filters, channels] read as the matrix [(tap, channel), filter].
            var indices: [Int] = []
            indices.reserveCapacity(taps * channels * filters)
            for t in 0..<taps { for c in 0..<channels { for f in 0..<filters { indices.append((t * filters + f) * channels + c) } } }
            product = try patches.matmul(kernel.value.gathering(flatIndices: indices, shape: [taps * channels, filters]))
        }
        let output = try product.reshaped([batch] + outputShape)
        guard let bias else { return output }
        return try output + bias.value
    }

    /// The kernel `[taps, channels/groups, filters]` as the matrix `[taps · channels, filters]`: as
    /// is for one group; for several, zero wherever a filter does not see a channel (block diagonal
    /// per tap).
    private func kernelMatrix(_ kernel: Tensor, taps: Int, channels: Int) throws -> Tensor {
        guard groups > 1 else { return try kernel.reshaped([taps * channels, filters]) }
        let groupChannels = channels / groups, groupFilters = filters / groups
        var indices: [Int] = []
        indices.reserveCapacity(taps * channels * filters)
        for t in 0..<taps {
            for c in 0..<channels {
                for f in 0..<filters {
                    let g = f / groupFilters
                    indices.append(c / groupChannels == g ? (t * groupChannels + c - g * groupChannels) * filters + f : -1)
                }
            }
        }
        return try kernel.gathering(flatIndices: indices, shape: [taps * channels, filters])
    }

    /// For a transposed convolution whose adjoint convolution has `geometry` (from the layer's
    /// output to its input): one row per output position of each sample, one column per (tap,
    /// input channel), holding the flat index of the input value that reaches that output position
    /// through that tap, or −1 when none does.
    private func transposedPatchIndices(_ geometry: WindowGeometry, channels: Int, batch: Int) -> [Int] {
        let h = geometry.height, w = geometry.width
        // The adjoint's output positions are the layer's input positions, and back.
        func source(_ axis: WindowAxis, position j: Int, tap t: Int) -> Int {
            let shifted = j + axis.padBefore - t * axis.dilation
            guard shifted >= 0, shifted % axis.stride == 0, shifted / axis.stride < axis.output else { return -1 }
            return shifted / axis.stride
        }
        var indices: [Int] = []
        indices.reserveCapacity(batch * h.input * w.input * geometry.taps * channels)
        for n in 0..<batch {
            for jy in 0..<h.input {
                for jx in 0..<w.input {
                    for ty in 0..<h.window {
                        let oy = source(h, position: jy, tap: ty)
                        for tx in 0..<w.window {
                            let ox = source(w, position: jx, tap: tx)
                            let base = ((n * h.output + oy) * w.output + ox) * channels
                            for c in 0..<channels { indices.append(oy < 0 || ox < 0 ? -1 : base + c) }
                        }
                    }
                }
            }
        }
        return indices
    }

    // MARK: Kernels

    func makeKernels(for call: KernelCall, name: String) throws -> LayerKernels {
        let (geometry, outputShape, kernelShape) = try plan(inputShape: call.inputShapes[0], name: name)
        _ = try weights(kernelShape: kernelShape, name: name)
        let hasBias = useBias
        let filters = self.filters
        let activation = call.appliesActivation ? self.activation : .linear
        let keepsPreActivation = !ConvolutionKernels.derivativeNeedsOnlyOutput(activation)
        let outputCount = Shape.count(of: outputShape)
        let positions = outputCount / filters
        let conv: ConvolutionKernels
        switch kind {
        case .convolution: conv = ConvolutionKernels(geometry: geometry, groups: groups, outputChannels: filters)
        case .transposed: conv = ConvolutionKernels(geometry: geometry, groups: 1, outputChannels: call.inputShapes[0][rank])
        }
        _ = try Self.checkedProduct([min(call.batchCapacity, conv.chunkRows), geometry.outputPositions, geometry.taps, geometry.channels],
                                    name: name, what: "the patch matrix of a chunk of samples")
        // Per sample (the plan multiplies it by its batch capacity): the pre-activation values when
        // kept. Per step: the patches of one chunk of samples.
        let zSlot: Int? = keepsPreActivation ? 0 : nil
        let patchSlot: Int? = conv.isPointwise ? nil : (keepsPreActivation ? 1 : 0)
        let scratch = keepsPreActivation ? [outputCount] : []
        let stepScratch = conv.isPointwise ? [] : [conv.patchScratchCount(batch: call.batchCapacity)]
        // Values of one sample of the underlying convolution's input and output.
        let inputCount = conv.inputCount, convOutputCount = conv.outputCount

        switch kind {
        case .convolution:
            return LayerKernels(
                scratch: scratch, stepScratch: stepScratch,
                forward: { b in
                    let patches = patchSlot.map { b.scratch[$0] }
                    let y = b.outputs[0], z = zSlot.map { b.scratch[$0] } ?? y
                    let bias = hasBias ? UnsafePointer(b.parameters[1]) : nil
                    conv.forEachChunk(rows: b.rows) { chunk in
                        let x = b.inputs[0] + chunk.lowerBound * inputCount, offset = chunk.lowerBound * outputCount
                        conv.pack(x, rows: chunk.count, into: patches)
                        conv.product(x, patches: patches, kernel: b.parameters[0], rows: chunk.count, into: z + offset)
                        ConvolutionKernels.biasActivation(z + offset, y + offset, count: chunk.count * outputCount, channels: filters,
                                                          bias: bias, activation: activation)
                    }
                },
                backward: { b in
                    let patches = patchSlot.map { b.scratch[$0] }
                    let dz = b.outputGradients[0], y = b.outputs[0]
                    let accumulate = b.accumulatesParameterGradients
                    let dw = b.parameterGradients[0], db = hasBias ? b.parameterGradients[1] : nil
                    // One pass over the output gradient for the ReLU mask and the bias gradient.
                    let fusesBias = activation == .relu && filters % 16 == 0 && db != nil
                    conv.forEachChunk(rows: b.rows) { chunk in
                        let x = b.inputs[0] + chunk.lowerBound * inputCount, offset = chunk.lowerBound * outputCount
                        let dzChunk = dz + offset, first = chunk.lowerBound == 0
                        if fusesBias, let db {
                            ConvolutionKernels.reluBackwardWithBiasGradient(dzChunk, output: y + offset, rows: chunk.count * positions,
                                                                            columns: filters, biasGradient: db, accumulate: accumulate || !first)
                        } else if activation != .linear {
                            DenseKernels.activationBackward(dzChunk, z: (zSlot.map { b.scratch[$0] } ?? y) + offset, a: y + offset,
                                                            rows: chunk.count * positions, columns: filters, activation: activation)
                        }
                        if let dw {
                            conv.pack(x, rows: chunk.count, into: patches)
                            conv.kernelGradient(x, patches: patches, outputGradient: dzChunk, rows: chunk.count, into: dw,
                                                accumulate: accumulate || !first)
                        }
                        // The chunk's patches are no longer needed: their buffer takes the patch gradients.
                        if let dx = b.inputGradients[0] {
                            conv.inputGradient(dzChunk, kernel: b.parameters[0], rows: chunk.count, patches: patches,
                                               into: dx + chunk.lowerBound * inputCount, accumulate: b.accumulatesInputGradient[0])
                        }
                    }
                    if let db, !fusesBias {
                        DenseKernels.columnSums(dz, rows: b.rows * positions, columns: filters, into: db, accumulate: accumulate)
                    }
                })
        case .transposed:
            // The layer's input is the underlying convolution's output, and its output that convolution's input.
            return LayerKernels(
                scratch: scratch, stepScratch: stepScratch,
                forward: { b in
                    let patches = patchSlot.map { b.scratch[$0] }
                    let y = b.outputs[0], z = zSlot.map { b.scratch[$0] } ?? y
                    let bias = hasBias ? UnsafePointer(b.parameters[1]) : nil
                    conv.forEachChunk(rows: b.rows) { chunk in
                        let offset = chunk.lowerBound * outputCount
                        conv.inputGradient(b.inputs[0] + chunk.lowerBound * convOutputCount, kernel: b.parameters[0], rows: chunk.count,
                                           patches: patches, into: z + offset, accumulate: false)
                        ConvolutionKernels.biasActivation(z + offset, y + offset, count: chunk.count * outputCount, channels: filters,
                                                          bias: bias, activation: activation)
                    }
                },
                backward: { b in
                    let patches = patchSlot.map { b.scratch[$0] }
                    let dz = b.outputGradients[0], y = b.outputs[0]
                    if activation != .linear {
                        DenseKernels.activationBackward(dz, z: zSlot.map { b.scratch[$0] } ?? y, a: y, rows: b.rows * positions,
                                                        columns: filters, activation: activation)
                    }
                    let accumulate = b.accumulatesParameterGradients
                    // The adjoint convolution runs forward on the output gradient, chunk by chunk.
                    conv.forEachChunk(rows: b.rows) { chunk in
                        let dzChunk = dz + chunk.lowerBound * inputCount, offset = chunk.lowerBound * convOutputCount
                        conv.pack(dzChunk, rows: chunk.count, into: patches)
                        if let dw = b.parameterGradients[0] {
                            conv.kernelGradient(dzChunk, patches: patches, outputGradient: b.inputs[0] + offset, rows: chunk.count,
                                                into: dw, accumulate: accumulate || chunk.lowerBound > 0)
                        }
                        if let dx = b.inputGradients[0] {
                            conv.product(dzChunk, patches: patches, kernel: b.parameters[0], rows: chunk.count, into: dx + offset,
                                         accumulate: b.accumulatesInputGradient[0])
                        }
                    }
                    if hasBias, let db = b.parameterGradients[1] {
                        DenseKernels.columnSums(dz, rows: b.rows * positions, columns: filters, into: db, accumulate: accumulate)
                    }
                })
        }
    }
}
