/// A depthwise 2-D convolution over channels-last images `[height, width, channels]`: each input
/// channel is convolved with its own `depthMultiplier` filters, and output channel
/// `c × depthMultiplier + m` holds filter `m` of input channel `c` — Keras's `DepthwiseConv2D`.
///
/// The kernel `[kh, kw, channels, depthMultiplier]` (Keras's weight `kernel`) starts glorot-uniform
/// and the bias `[channels × depthMultiplier]` at zeros. `padding` is `.valid` or `.same`; strides
/// and dilations above 1 may be combined, as in Keras 3.
///
/// In a model's plan the layer runs its own direct kernels (``DepthwiseKernels``), split over the
/// batch across cores, with bias and activation fused as in ``Dense``.
public final class DepthwiseConv2D: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "DepthwiseConv2D" }
    /// Kernel height and width.
    public var kernelSize: SpatialSize { SpatialSize(values: window.kernelSize) }
    /// Strides along height and width.
    public var strides: SpatialSize { SpatialSize(values: window.strides) }
    /// How the window treats the edges (`.valid` or `.same`).
    public var padding: Padding { window.padding }
    /// Filters per input channel: the output has `channels × depthMultiplier` channels.
    public var depthMultiplier: Int { window.depthMultiplier }
    /// Dilation along height and width.
    public var dilationRate: SpatialSize { SpatialSize(values: window.dilationRate) }
    /// The activation applied to the output.
    public let activation: Activation
    /// Whether the layer adds a bias.
    public let useBias: Bool
    /// How the depthwise kernel starts (glorot uniform by default).
    public let depthwiseInitializer: Initializer
    /// How the bias starts (zeros by default).
    public let biasInitializer: Initializer
    /// The penalty on the depthwise kernel added to the loss, if any.
    public let depthwiseRegularizer: Regularizer?
    /// The penalty on the bias added to the loss, if any.
    public let biasRegularizer: Regularizer?
    /// `[kh, kw, channels, depthMultiplier]` (Keras's `kernel`), created by `build`.
    public private(set) var kernel: Parameter?
    /// `[channels × depthMultiplier]`, created by `build` when `useBias`.
    public private(set) var bias: Parameter?

    let window: DepthwiseWindow

    /// A depthwise convolution with a kernel of `kernelSize`, strides and dilation, each one number
    /// for both axes or `[height, width]`.
    ///
    /// ```swift
    /// let square = DepthwiseConv2D(kernelSize: 3, padding: .same, activation: .relu)
    /// let layer = DepthwiseConv2D(kernelSize: [3, 5], strides: [2, 1], padding: .same, depthMultiplier: 2)
    /// ```
    public init(kernelSize: SpatialSize, strides: SpatialSize = 1, padding: Padding = .valid, depthMultiplier: Int = 1,
                dilationRate: SpatialSize = 1, activation: Activation = .linear, useBias: Bool = true,
                depthwiseInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                depthwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        window = DepthwiseWindow(kernelSize: kernelSize.values, strides: strides.values, padding: padding,
                                 depthMultiplier: depthMultiplier, dilationRate: dilationRate.values)
        self.activation = activation
        self.useBias = useBias
        self.depthwiseInitializer = depthwiseInitializer
        self.biasInitializer = biasInitializer
        self.depthwiseRegularizer = depthwiseRegularizer
        self.biasRegularizer = biasRegularizer
        self.name = name
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public var configuration: [String: JSONValue] {
        window.configurationValues.merging([
            "activation": activation.configurationValue, "use_bias": .bool(useBias),
            "depthwise_initializer": depthwiseInitializer.configurationValue, "bias_initializer": biasInitializer.configurationValue,
            "depthwise_regularizer": depthwiseRegularizer?.configurationValue ?? .null,
            "bias_regularizer": biasRegularizer?.configurationValue ?? .null,
        ]) { $1 }
    }

    public convenience init(configuration: Configuration, name: String) throws {
        let window = try DepthwiseWindow(configuration: configuration)
        let owner = configuration.owner
        self.init(kernelSize: SpatialSize(values: window.kernelSize), strides: SpatialSize(values: window.strides), padding: window.padding,
                  depthMultiplier: window.depthMultiplier, dilationRate: SpatialSize(values: window.dilationRate),
                  activation: try Activation(configurationValue: configuration["activation"] ?? .string("linear"), owner: owner),
                  useBias: try configuration.bool("use_bias", default: true),
                  depthwiseInitializer: try Initializer(configurationValue: configuration["depthwise_initializer"] ?? .string("glorot_uniform"),
                                                        owner: "\(owner) depthwise_initializer"),
                  biasInitializer: try Initializer(configurationValue: configuration["bias_initializer"] ?? .string("zeros"),
                                                   owner: "\(owner) bias_initializer"),
                  depthwiseRegularizer: try Regularizer(configurationValue: configuration["depthwise_regularizer"] ?? .null,
                                                        owner: "\(owner) depthwise_regularizer"),
                  biasRegularizer: try Regularizer(configurationValue: configuration["bias_regularizer"] ?? .null,
                                                   owner: "\(owner) bias_regularizer"),
                  name: name)
        try window.validate(owner: owner)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        let geometry = try window.geometry(inputShape: inputShape, owner: name)
        let channels = geometry.channels * depthMultiplier
        kernel = try makeParameter("kernel", shape: window.kernelShape(channels: geometry.channels), initializer: depthwiseInitializer,
                                   regularizer: depthwiseRegularizer, generator: &generator)
        bias = useBias ? try makeParameter("bias", shape: [channels], initializer: biasInitializer,
                                           regularizer: biasRegularizer, generator: &generator) : nil
        return window.outputSizes(geometry) + [channels]
    }

    public func preActivation(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        let (product, geometry) = try window.tapeProduct(input, kernel: kernel.value, owner: name)
        let channels = product.shape[1]
        let output = try bias.map { try product + $0.value } ?? product
        return try output.reshaped([input.shape[0]] + window.outputSizes(geometry) + [channels])
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try activation(preActivation(input, training: training))
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        guard let kernel else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        let geometry = try window.geometry(inputShape: call.inputShapes[0], owner: name)
        let dm = depthMultiplier, width = geometry.channels * dm, hasBias = useBias
        guard kernel.shape == window.kernelShape(channels: geometry.channels), bias.map({ $0.shape == [width] }) ?? true else {
            throw SynapseError.shapeMismatch("\(name): expected a kernel of shape \(window.kernelShape(channels: geometry.channels)) and a bias of shape \([width]), found \(kernel.shape) and \(bias.map { "\($0.shape)" } ?? "none") (were the weights assigned by hand?)")
        }
        return DepthwiseKernels.layerKernels(geometry: geometry, depthMultiplier: dm, hasBias: hasBias,
                                             activation: call.appliesActivation ? activation : .linear, call: call)
    }
}
