/// A 1-D convolution over channels-last sequences `[steps, channels]`:
/// `activation(patches · kernel + bias)`, as Keras's `Conv1D`.
///
/// The kernel `[kernelSize, channels / groups, filters]` starts glorot-uniform and the bias
/// `[filters]` at zeros. `padding: .same` pads with zeros so that the output has ⌈steps / stride⌉
/// positions, the odd zero at the end as TensorFlow does; `.causal` pads only at the start, so that
/// output step t sees input steps up to t (for temporal models, with dilation for WaveNet-style
/// stacks). With `groups > 1` the channels and filters split into that many groups, each group of
/// filters seeing only its group of channels. Strides above 1 cannot be combined with a dilation
/// rate above 1.
///
/// It is a ``Conv2D`` over a height of one, sharing its code. In a model's plan the layer runs its
/// own kernels: im2col of the whole batch, one GEMM per group, bias and activation in one pass;
/// backward, one transposed GEMM for the kernel gradient and, where the input gradient is needed,
/// one GEMM and a scatter of the patch gradients.
public final class Conv1D: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "Conv1D" }
    let core: ConvolutionCore

    /// The number of output channels.
    public var filters: Int { core.filters }
    /// The window's length.
    public var kernelSize: Int { core.kernelSize[0] }
    /// The step between windows.
    public var strides: Int { core.strides[0] }
    /// How the edges are treated (`.valid`, `.same` or `.causal`).
    public var padding: Padding { core.padding }
    /// The spacing between the window's taps.
    public var dilationRate: Int { core.dilationRate[0] }
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
    /// `[kernelSize, channels / groups, filters]`, created by `build`.
    public var kernel: Parameter? { core.kernel }
    /// `[filters]`, created by `build` when `useBias`.
    public var bias: Parameter? { core.bias }

    /// A 1-D convolution with `filters` output channels.
    ///
    /// ```swift
    /// let model = try Sequential {
    ///     Input(shape: [100, 8])
    ///     Conv1D(16, kernelSize: 5, activation: .relu)
    ///     Conv1D(16, kernelSize: 3, padding: .causal, dilationRate: 2, activation: .relu)
    /// }
    /// ```
    public init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
                dilationRate: Int = 1, groups: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        core = ConvolutionCore(kind: .convolution, rank: 1, filters: filters, kernelSize: [kernelSize], strides: [strides],
                               dilationRate: [dilationRate], padding: padding, groups: groups, activation: activation,
                               useBias: useBias, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                               kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer)
        self.name = name
    }

    public var parameters: [Parameter] { core.parameters }

    /// Keras's keys: `filters`, `kernel_size`, `strides`, `padding`, `data_format`, `dilation_rate`,
    /// `groups`, `activation`, `use_bias`, initializers and regularizers.
    public var configuration: [String: JSONValue] { core.configuration }

    public init(configuration: Configuration, name: String) throws {
        core = try ConvolutionCore(kind: .convolution, rank: 1, configuration: configuration)
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
