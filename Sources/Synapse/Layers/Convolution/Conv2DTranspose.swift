/// A transposed 2-D convolution (sometimes called deconvolution) over channels-last images, as
/// Keras's `Conv2DTranspose`: the adjoint of a ``Conv2D`` from its output back to its input, which
/// upsamples by the strides.
///
/// The kernel `[kernelHeight, kernelWidth, filters, channels]` starts glorot-uniform and the bias
/// `[filters]` at zeros. Each output axis has, as in Keras, `input × stride + max(extent − stride, 0)`
/// positions with `.valid` padding and `input × stride` with `.same` (extent = (kernel − 1) ×
/// dilation + 1); with `outputPadding` p, `(input − 1) × stride + extent − 2 × pad + p`, where pad is
/// ⌊extent / 2⌋ for `.same` and 0 for `.valid`. Strides above 1 cannot be combined with a dilation
/// rate above 1.
///
/// Its kernels are the convolution's, run the other way: forward, one GEMM with the transposed
/// kernel and a scatter of the patches onto the output (a convolution's input gradient); backward,
/// im2col of the output gradient and one GEMM each for the kernel and input gradients (a
/// convolution's forward pass).
public final class Conv2DTranspose: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "Conv2DTranspose" }
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
    /// Extra positions at the end of each output axis (each below its stride); `nil` for Keras's default.
    public var outputPadding: SpatialSize? { core.outputPadding.map { SpatialSize(values: $0) } }
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
    /// `[kernelHeight, kernelWidth, filters, channels]`, created by `build`.
    public var kernel: Parameter? { core.kernel }
    /// `[filters]`, created by `build` when `useBias`.
    public var bias: Parameter? { core.bias }

    /// A transposed 2-D convolution with `filters` output channels. Sizes are one number for both
    /// axes or a `[height, width]` pair.
    ///
    /// ```swift
    /// // [7, 7, 32] → [14, 14, 16]
    /// let up = Conv2DTranspose(16, kernelSize: 3, strides: 2, padding: .same, activation: .relu)
    /// ```
    public init(_ filters: Int, kernelSize: SpatialSize, strides: SpatialSize = 1, padding: Padding = .valid,
                outputPadding: SpatialSize? = nil, dilationRate: SpatialSize = 1, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        core = ConvolutionCore(kind: .transposed, rank: 2, filters: filters, kernelSize: kernelSize.values, strides: strides.values,
                               dilationRate: dilationRate.values, padding: padding, outputPadding: outputPadding?.values, activation: activation,
                               useBias: useBias, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                               kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer)
        self.name = name
    }

    public var parameters: [Parameter] { core.parameters }

    /// Keras's keys: `filters`, `kernel_size`, `strides`, `padding`, `data_format`, `dilation_rate`,
    /// `output_padding`, `activation`, `use_bias`, initializers and regularizers.
    public var configuration: [String: JSONValue] { core.configuration }

    public init(configuration: Configuration, name: String) throws {
        core = try ConvolutionCore(kind: .transposed, rank: 2, configuration: configuration)
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
