/// A 2-D convolution over channels-last images `[height, width, channels]`:
/// `activation(patches · kernel + bias)`, as Keras's `Conv2D`.
///
/// The kernel `[kernelHeight, kernelWidth, channels / groups, filters]` starts glorot-uniform and the
/// bias `[filters]` at zeros. `padding: .same` pads with zeros so that each output axis has
/// ⌈input / stride⌉ positions, the odd zero at the end (bottom, right) as TensorFlow does. With
/// `groups > 1` the channels and filters split into that many groups, each group of filters seeing
/// only its group of channels. Strides above 1 cannot be combined with a dilation rate above 1.
///
/// In a model's plan the layer runs its own kernels: im2col of the whole batch, one GEMM per group,
/// bias and activation in one pass; backward, one transposed GEMM for the kernel gradient and, where
/// the input gradient is needed, one GEMM and a scatter of the patch gradients.
public final class Conv2D: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "Conv2D" }
    let core: ConvolutionCore

    /// The number of output channels.
    public var filters: Int { core.filters }
    /// The window's height and width.
    public var kernelSize: SpatialSize { SpatialSize(values: core.kernelSize) }
    /// The step between windows along each axis.
    public var strides: SpatialSize { SpatialSize(values: core.strides) }
    /// How the edges are treated (`.valid` or `.same`).
    public var padding: Padding { core.padding }
    /// The spacing between the window's taps along each axis.
    public var dilationRate: SpatialSize { SpatialSize(values: core.dilationRate) }
    /// The number of channel groups.
    public var groups: Int { core.groups }
    /// The activation applied to the output.
    public var activation: Activation { core.activation }
    /// Whether the layer adds a bias.
    public var useBias: Bool { core.useBias }
    /// How the kernel starts (glorot uniform by default).
    public var kernelInitializer: Initializer { core.kernelInitializer }
    /// How the bias starts (zeros by default).
    public var biasInitializer: Initializer { core.biasInitializer }
    /// The penalty on the kernel added to the loss, if any.
    public var kernelRegularizer: Regularizer? { core.kernelRegularizer }
    /// The penalty on the bias added to the loss, if any.
    public var biasRegularizer: Regularizer? { core.biasRegularizer }
    /// `[kernelHeight, kernelWidth, channels / groups, filters]`, created by `build`.
    public var kernel: Parameter? { core.kernel }
    /// `[filters]`, created by `build` when `useBias`.
    public var bias: Parameter? { core.bias }

    /// A 2-D convolution with `filters` output channels. Sizes are one number for both axes or a
    /// `[height, width]` pair.
    ///
    /// ```swift
    /// let model = try Sequential {
    ///     Input(shape: [28, 28, 1])
    ///     Conv2D(32, kernelSize: 3, activation: .relu)
    ///     Conv2D(64, kernelSize: [3, 3], strides: 2, padding: .same, activation: .relu)
    /// }
    /// ```
    public init(_ filters: Int, kernelSize: SpatialSize, strides: SpatialSize = 1, padding: Padding = .valid,
                dilationRate: SpatialSize = 1, groups: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        core = ConvolutionCore(kind: .convolution, rank: 2, filters: filters, kernelSize: kernelSize.values, strides: strides.values,
                               dilationRate: dilationRate.values, padding: padding, groups: groups, activation: activation,
                               useBias: useBias, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                               kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer)
        self.name = name
    }

    public var parameters: [Parameter] { core.parameters }

    /// Keras's keys: `filters`, `kernel_size`, `strides`, `padding`, `data_format`, `dilation_rate`,
    /// `groups`, `activation`, `use_bias`, initializers and regularizers.
    public var configuration: [String: JSONValue] { core.configuration }

    public init(configuration: Configuration, name: String) throws {
        core = try ConvolutionCore(kind: .convolution, rank: 2, configuration: configuration)
        self.name = name
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try core.build(inputShape: inputShape, name: name, owner: self, generator: &generator)
    }

    public func preActivation(_ input: Tensor, training: Bool) throws -> Tensor {
        try core.preActivation(input, name: name)
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try activation(preActivation(input, training: training))
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        try core.makeKernels(for: call, name: name)
    }
}
