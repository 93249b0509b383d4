/// The common class of the depthwise convolutions — ``DepthwiseConv1D`` and ``DepthwiseConv2D`` —
/// which differ only in their number of spatial axes: each input channel of channels-last samples is
/// convolved with its own `depthMultiplier` filters, and output channel `c × depthMultiplier + m`
/// holds filter `m` of input channel `c`.
///
/// The kernel `[kernel sizes…, channels, depthMultiplier]` (Keras's weight `kernel`) starts
/// glorot-uniform and the bias `[channels × depthMultiplier]` at zeros. `padding` is `.valid` or
/// `.same`; strides and dilations above 1 may be combined, as in Keras 3. In a model's plan the layer
/// runs its own direct kernels (``DepthwiseKernels``), split over the batch across cores, with bias
/// and activation fused as in ``Dense``; a 1-D layer runs them on a window of height 1.
public class DepthwiseConvolution: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "DepthwiseConv\(Self.spatialRank)D" }
    /// How the window treats the edges (`.valid` or `.same`).
    public var padding: Padding { window.padding }
    /// Filters per input channel: the output has `channels × depthMultiplier` channels.
    public var depthMultiplier: Int { window.depthMultiplier }
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
    /// `[kernel sizes…, channels, depthMultiplier]` (Keras's `kernel`), created by `build`.
    public private(set) var kernel: Parameter?
    /// `[channels × depthMultiplier]`, created by `build` when `useBias`.
    public private(set) var bias: Parameter?

    let window: DepthwiseWindow
    class var spatialRank: Int { preconditionFailure("a depthwise convolution names its rank") }

    init(window: DepthwiseWindow, activation: Activation, useBias: Bool, depthwiseInitializer: Initializer,
         biasInitializer: Initializer, depthwiseRegularizer: Regularizer?, biasRegularizer: Regularizer?, name: String) {
        self.window = window
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

    /// Reads Keras's keys: `kernel_size`, `strides`, `padding`, `depth_multiplier`, `dilation_rate`
    /// (each size a number or a list), `data_format`, `activation`, `use_bias`, the initializers and
    /// the regularizers.
    public required convenience init(configuration: Configuration, name: String) throws {
        let window = try DepthwiseWindow(rank: Self.spatialRank, configuration: configuration)
        let owner = configuration.owner
        self.init(window: window,
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
