/// A depthwise-separable 2-D convolution over channels-last images `[height, width, channels]`: a
/// depthwise convolution (each input channel with its own `depthMultiplier` filters, as
/// ``DepthwiseConv2D``), then a pointwise (1 × 1) convolution mixing the `channels × depthMultiplier`
/// results into `filters` outputs — Keras's `SeparableConv2D`.
///
/// Weights as Keras names them: `depthwise_kernel` `[kh, kw, channels, depthMultiplier]`,
/// `pointwise_kernel` `[1, 1, channels × depthMultiplier, filters]` (both glorot uniform) and `bias`
/// `[filters]` (zeros). Strides and dilations above 1 may be combined, as in Keras 3.
///
/// In a model's plan the depthwise kernels (``DepthwiseKernels``) write into scratch, the pointwise
/// product is one GEMM over every (sample, position) row, and bias and activation are fused as in
/// ``Dense``.
public final class SeparableConv2D: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "SeparableConv2D" }
    /// The number of output channels.
    public let filters: Int
    /// Kernel height and width of the depthwise step.
    public var kernelSize: SpatialSize { SpatialSize(values: window.kernelSize) }
    /// Strides along height and width.
    public var strides: SpatialSize { SpatialSize(values: window.strides) }
    /// How the window treats the edges (`.valid` or `.same`).
    public var padding: Padding { window.padding }
    /// Depthwise filters per input channel.
    public var depthMultiplier: Int { window.depthMultiplier }
    /// Dilation along height and width.
    public var dilationRate: SpatialSize { SpatialSize(values: window.dilationRate) }
    /// The activation applied to the output.
    public let activation: Activation
    /// Whether the layer adds a bias.
    public let useBias: Bool
    /// How the depthwise kernel starts (glorot uniform by default).
    public let depthwiseInitializer: Initializer
    /// How the pointwise kernel starts (glorot uniform by default).
    public let pointwiseInitializer: Initializer
    /// How the bias starts (zeros by default).
    public let biasInitializer: Initializer
    /// The penalty on the depthwise kernel added to the loss, if any.
    public let depthwiseRegularizer: Regularizer?
    /// The penalty on the pointwise kernel added to the loss, if any.
    public let pointwiseRegularizer: Regularizer?
    /// The penalty on the bias added to the loss, if any.
    public let biasRegularizer: Regularizer?
    /// `[kh, kw, channels, depthMultiplier]`, created by `build`.
    public private(set) var depthwiseKernel: Parameter?
    /// `[1, 1, channels × depthMultiplier, filters]`, created by `build`.
    public private(set) var pointwiseKernel: Parameter?
    /// `[filters]`, created by `build` when `useBias`.
    public private(set) var bias: Parameter?

    let window: DepthwiseWindow

    /// A separable convolution of `filters` outputs with a depthwise kernel of `kernelSize`,
    /// strides and dilation, each one number for both axes or `[height, width]`.
    ///
    /// ```swift
    /// let layer = SeparableConv2D(32, kernelSize: 3, padding: .same, activation: .relu)
    /// let strided = SeparableConv2D(16, kernelSize: [3, 5], strides: [2, 1], padding: .same)
    /// ```
    public init(_ filters: Int, kernelSize: SpatialSize, strides: SpatialSize = 1, padding: Padding = .valid, depthMultiplier: Int = 1,
                dilationRate: SpatialSize = 1, activation: Activation = .linear, useBias: Bool = true,
                depthwiseInitializer: Initializer = .glorotUniform, pointwiseInitializer: Initializer = .glorotUniform,
                biasInitializer: Initializer = .zeros, depthwiseRegularizer: Regularizer? = nil,
                pointwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        self.filters = filters
        window = DepthwiseWindow(kernelSize: kernelSize.values, strides: strides.values, padding: padding,
                                 depthMultiplier: depthMultiplier, dilationRate: dilationRate.values)
        self.activation = activation
        self.useBias = useBias
        self.depthwiseInitializer = depthwiseInitializer
        self.pointwiseInitializer = pointwiseInitializer
        self.biasInitializer = biasInitializer
        self.depthwiseRegularizer = depthwiseRegularizer
        self.pointwiseRegularizer = pointwiseRegularizer
        self.biasRegularizer = biasRegularizer
        self.name = name
    }

    public var parameters: [Parameter] { [depthwiseKernel, pointwiseKernel, bias].compactMap { $0 } }

    public var configuration: [String: JSONValue] {
        window.configurationValues.merging([
            "filters": .number(Double(filters)), "activation": activation.configurationValue, "use_bias": .bool(useBias),
            "depthwise_initializer": depthwiseInitializer.configurationValue,
            "pointwise_initializer": pointwiseInitializer.configurationValue,
            "bias_initializer": biasInitializer.configurationValue,
            "depthwise_regularizer": depthwiseRegularizer?.configurationValue ?? .null,
            "pointwise_regularizer": pointwiseRegularizer?.configurationValue ?? .null,
            "bias_regularizer": biasRegularizer?.configurationValue ?? .null,
        ]) { $1 }
    }

    public convenience init(configuration: Configuration, name: String) throws {
        let window = try DepthwiseWindow(configuration: configuration)
        let owner = configuration.owner
        let initializer = { (key: String, fallback: String) throws -> Initializer in
            try Initializer(configurationValue: configuration[key] ?? .string(fallback), owner: "\(owner) \(key)")
        }
        let regularizer = { (key: String) throws -> Regularizer? in
            try Regularizer(configurationValue: configuration[key] ?? .null, owner: "\(owner) \(key)")
        }
        self.init(try configuration.int("filters", in: 1...1 << 24), kernelSize: SpatialSize(values: window.kernelSize), strides: SpatialSize(values: window.strides),
                  padding: window.padding, depthMultiplier: window.depthMultiplier, dilationRate: SpatialSize(values: window.dilationRate),
                  activation: try Activation(configurationValue: configuration["activation"] ?? .string("linear"), owner: owner),
                  useBias: try configuration.bool("use_bias", default: true),
                  depthwiseInitializer: try initializer("depthwise_initializer", "glorot_uniform"),
                  pointwiseInitializer: try initializer("pointwise_initializer", "glorot_uniform"),
                  biasInitializer: try initializer("bias_initializer", "zeros"),
                  depthwiseRegularizer: try regularizer("depthwise_regularizer"),
                  pointwiseRegularizer: try regularizer("pointwise_regularizer"),
                  biasRegularizer: try regularizer("bias_regularizer"),
                  name: name)
        try window.validate(owner: owner)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard (1...1 << 24).contains(filters) else {
            throw SynapseError.invalidArgument("\(name): filters must be in 1…\(1 << 24), found \(filters)")
        }
        let geometry = try window.geometry(inputShape: inputShape, owner: name)
        let width = geometry.channels * depthMultiplier
        let tooLarge = "\(name): a pointwise kernel of \(width) × \(filters) over \(geometry.outputPositions) positions is too large"
        _ = try Shape.checkedCount([width, filters], what: tooLarge, limit: 1 << 28)
        _ = try Shape.checkedCount([geometry.outputPositions, filters], what: tooLarge, limit: 1 << 40)
        depthwiseKernel = try makeParameter("depthwise_kernel", shape: window.kernelShape(channels: geometry.channels),
                                            initializer: depthwiseInitializer, regularizer: depthwiseRegularizer, generator: &generator)
        pointwiseKernel = try makeParameter("pointwise_kernel", shape: [1, 1, width, filters], initializer: pointwiseInitializer,
                                            regularizer: pointwiseRegularizer, generator: &generator)
        bias = useBias ? try makeParameter("bias", shape: [filters], initializer: biasInitializer,
                                           regularizer: biasRegularizer, generator: &generator) : nil
        return [geometry.height.output, geometry.width.output, filters]
    }

    public func preActivation(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let depthwiseKernel, let pointwiseKernel else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        let (depthwise, geometry) = try window.tapeProduct(input, kernel: depthwiseKernel.value, owner: name)
        let product = try depthwise.matmul(pointwiseKernel.value.reshaped([depthwise.shape[1], filters]))
        let output = try bias.map { try product + $0.value } ?? product
        return try output.reshaped([input.shape[0], geometry.height.output, geometry.width.output, filters])
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try activation(preActivation(input, training: training))
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        guard let depthwiseKernel, let pointwiseKernel else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        let geometry = try window.geometry(inputShape: call.inputShapes[0], owner: name)
        let dm = depthMultiplier, width = geometry.channels * dm, filters = self.filters, hasBias = useBias
        let expected = window.kernelShape(channels: geometry.channels)
        guard depthwiseKernel.shape == expected, pointwiseKernel.shape == [1, 1, width, filters],
              bias.map({ $0.shape == [filters] }) ?? true else {
            throw SynapseError.shapeMismatch("\(name): expected kernels of shapes \(expected) and \([1, 1, width, filters]) and a bias of shape \([filters]), found \(depthwiseKernel.shape), \(pointwiseKernel.shape) and \(bias.map { "\($0.shape)" } ?? "none") (were the weights assigned by hand?)")
        }
        let positions = geometry.outputPositions
        let activation = call.appliesActivation ? self.activation : .linear
        let keepsPreActivation = activation != .linear
        let partialCount = Parallel.threadCount
        // Per sample: 0, the depthwise output (and, backward, its gradient); 1, the pre-activation
        // values, when kept. Per step: the depthwise workspace.
        var scratch = [positions * width]
        if keepsPreActivation { scratch.append(positions * filters) }
        let workspaceIndex = scratch.count
        return LayerKernels(
            scratch: scratch,
            stepScratch: [DepthwiseKernels.workspaceCount(geometry: geometry, depthMultiplier: dm, partialCount: partialCount)],
            forward: { b in
                let m = b.rows * positions, depthwise = b.scratch[0]
                DepthwiseKernels.forward(b.inputs[0], kernel: b.parameters[0], bias: nil, rows: b.rows, geometry: geometry,
                                         depthMultiplier: dm, into: depthwise, workspace: b.scratch[workspaceIndex], partialCount: partialCount)
                let z = keepsPreActivation ? b.scratch[1] : b.outputs[0]
                BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: filters, k: width, alpha: 1, a: depthwise, lda: width,
                           b: b.parameters[1], ldb: filters, beta: 0, c: z, ldc: filters)
                if keepsPreActivation {
                    DenseKernels.biasActivationForward(z, b.outputs[0], rows: m, columns: filters,
                                                       bias: hasBias ? UnsafePointer(b.parameters[2]) : nil, activation: activation)
                } else if hasBias {
                    DenseKernels.addBias(z, rows: m, columns: filters, bias: b.parameters[2])
                }
            },
            backward: { b in
                let m = b.rows * positions, depthwise = b.scratch[0], dz = b.outputGradients[0]
                if keepsPreActivation {
                    DenseKernels.activationBackward(dz, z: b.scratch[1], a: b.outputs[0], rows: m, columns: filters, activation: activation)
                }
                let accumulate = b.accumulatesParameterGradients
                if let dPointwise = b.parameterGradients[1] {
                    BLAS.sgemm(transposeA: true, transposeB: false, m: width, n: filters, k: m, alpha: 1, a: depthwise, lda: width,
                               b: dz, ldb: filters, beta: accumulate ? 1 : 0, c: dPointwise, ldc: filters)
                }
                if hasBias, let db = b.parameterGradients[2] {
                    DenseKernels.columnSums(dz, rows: m, columns: filters, into: db, accumulate: accumulate)
                }
                guard b.inputGradients[0] != nil || b.parameterGradients[0] != nil else { return }
                // The gradient of the depthwise output overwrites it (no longer needed).
                BLAS.sgemm(transposeA: false, transposeB: true, m: m, n: width, k: filters, alpha: 1, a: dz, lda: filters,
                           b: b.parameters[1], ldb: filters, beta: 0, c: depthwise, ldc: width)
                DepthwiseKernels.backward(b.inputs[0], kernel: b.parameters[0], outputGradient: depthwise, rows: b.rows, geometry: geometry,
                                          depthMultiplier: dm, inputGradient: b.inputGradients[0],
                                          accumulatesInputGradient: b.accumulatesInputGradient[0],
                                          kernelGradient: b.parameterGradients[0], accumulatesKernelGradient: accumulate,
                                          workspace: b.scratch[workspaceIndex], partialCount: partialCount)
            })
    }
}
