/// A fully connected recurrent layer (Keras's `SimpleRNN`): per time step
///
///     h_t = f(x_t · kernel + h_{t−1} · recurrentKernel + bias)
///
/// with f = ``activation`` (tanh by default). The weights have Keras's names and layouts: `kernel`
/// `[features, units]`, `recurrent_kernel` `[units, units]` (orthogonal), `bias` `[units]`. It has no
/// gates, so it has no `recurrentActivation`.
///
/// ```swift
/// let model = Sequential {
///     Input(shape: [20, 8])
///     SimpleRNN(32, returnSequences: true)
///     SimpleRNN(16)
///     Dense(1)
/// }
/// ```
///
/// In a model's plan the layer runs the shared time loop of ``Recurrent`` with its own kernels: one
/// recurrent GEMM and one fused bias-and-activation pass per step; backward through time with the
/// recurrent kernel's gradient as one GEMM over all steps.
public final class SimpleRNN: Recurrent {
    public override var typeName: String { "SimpleRNN" }

    /// A SimpleRNN of `units` units with Keras's defaults; `dropout` and `recurrentDropout` draw one
    /// mask per sequence while training (from `seed`, when given).
    public init(_ units: Int, activation: Activation = .tanh, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal(),
                biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                dropout: Float = 0, recurrentDropout: Float = 0, seed: UInt64? = nil,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                stateful: Bool = false, unroll: Bool = false, name: String = "") {
        super.init(options: RecurrentOptions(
            units: units, activation: activation, useBias: useBias,
            kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
            kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer,
            dropout: dropout, recurrentDropout: recurrentDropout, returnSequences: returnSequences, returnState: returnState,
            goBackwards: goBackwards, stateful: stateful, unroll: unroll, seed: seed), name: name)
    }

    override init(options: RecurrentOptions, name: String) {
        super.init(options: options, name: name)
    }

    /// Reads Keras's SimpleRNN configuration (the shared recurrent keys).
    public required convenience init(configuration: Configuration, name: String) throws {
        self.init(options: try RecurrentOptions(configuration: configuration), name: name)
        try applyConfiguration(configuration)
    }

    override var cellGateCount: Int { 1 }
    override var cellUsesRecurrentActivation: Bool { false }

    override func tapeStep(input: Tensor, recurrentInput: Tensor, states: [Tensor], weights: RecurrentWeights) throws -> [Tensor] {
        var z = try input.matmul(weights.kernel) + recurrentInput.matmul(weights.recurrentKernel)
        if let bias = weights.bias { z = try z + bias }
        return [try activation(z)]
    }

    override func makeCellKernels(for call: KernelCall, layout: InputLayout) throws -> any RecurrentCellKernels {
        SimpleRNNKernels(units: units, hasBias: useBias, activation: activation)
    }
}
