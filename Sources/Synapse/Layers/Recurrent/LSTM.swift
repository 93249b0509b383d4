/// Long short-term memory (Keras's `LSTM`): per time step, with `z = x_t · kernel + h_{t−1} · recurrentKernel + bias`
/// split into the gates i, f, c, o (in this order, `units` columns each),
///
///     i = σ(z_i), f = σ(z_f), o = σ(z_o), c̃ = tanh(z_c)
///     c_t = f ⊙ c_{t−1} + i ⊙ c̃,   h_t = o ⊙ tanh(c_t)
///
/// (σ is ``recurrentActivation``, tanh is ``activation``). The weights have Keras's names and layouts:
/// `kernel` `[features, 4 · units]`, `recurrent_kernel` `[units, 4 · units]` (orthogonal), `bias`
/// `[4 · units]`, whose forget-gate block starts at 1 with ``unitForgetBias``. The states are h then c.
///
/// ```swift
/// let model = Sequential {
///     Input(shape: [28, 28])
///     LSTM(128)
///     Dense(10, activation: .softmax)
/// }
/// ```
///
/// In a model's plan the layer runs the shared time loop of ``Recurrent`` with its own kernels: one
/// recurrent GEMM per step and one fused vectorised pass for the gates and the state update; backward
/// through time from the saved gate values, with the recurrent kernel's gradient as one GEMM over all
/// steps.
public final class LSTM: Recurrent {
    public override var typeName: String { "LSTM" }
    /// Whether the forget gate's bias starts at 1 (Keras's default) instead of the bias initializer.
    public let unitForgetBias: Bool

    /// An LSTM of `units` units with Keras's defaults; `dropout` and `recurrentDropout` draw one mask
    /// per sequence while training (from `seed`, when given).
    public init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal(),
                biasInitializer: Initializer = .zeros, unitForgetBias: Bool = true,
                kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                dropout: Float = 0, recurrentDropout: Float = 0, seed: UInt64? = nil,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                stateful: Bool = false, unroll: Bool = false, name: String = "") {
        self.unitForgetBias = unitForgetBias
        super.init(options: RecurrentOptions(
            units: units, activation: activation, recurrentActivation: recurrentActivation, useBias: useBias,
            kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
            kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer,
            dropout: dropout, recurrentDropout: recurrentDropout, returnSequences: returnSequences, returnState: returnState,
            goBackwards: goBackwards, stateful: stateful, unroll: unroll, seed: seed), name: name)
    }

    init(options: RecurrentOptions, unitForgetBias: Bool, name: String) {
        self.unitForgetBias = unitForgetBias
        super.init(options: options, name: name)
    }

    /// Reads Keras's LSTM configuration: the shared recurrent keys and `unit_forget_bias`.
    public required convenience init(configuration: Configuration, name: String) throws {
        self.init(options: try RecurrentOptions(configuration: configuration),
                  unitForgetBias: try configuration.bool("unit_forget_bias", default: true), name: name)
        try applyConfiguration(configuration)
    }

    override var cellGateCount: Int { 4 }
    override var cellStateCount: Int { 2 }
    override var cellConfiguration: [String: JSONValue] { ["unit_forget_bias": .bool(unitForgetBias)] }

    override func makeBias(generator: inout RandomGenerator) throws -> Parameter {
        let bias = try super.makeBias(generator: &generator)
        if unitForgetBias {
            var value = bias.value
            value.withUnsafeMutableBufferPointer { b in for j in units..<(2 * units) { b[j] = 1 } }
            bias.value = value
        }
        return bias
    }

    override func tapeStep(input: Tensor, recurrentInput: Tensor, states: [Tensor], weights: RecurrentWeights) throws -> [Tensor] {
        var z = try input.matmul(weights.kernel) + recurrentInput.matmul(weights.recurrentKernel)
        if let bias = weights.bias { z = try z + bias }
        let rows = input.shape[0], units = self.units
        func gate(_ k: Int) throws -> Tensor {
            try z.gathering(flatIndices: (0..<rows * units).map { n in n / units * 4 * units + k * units + n % units }, shape: [rows, units])
        }
        let i = try recurrentActivation(gate(0)), f = try recurrentActivation(gate(1))
        let candidate = try activation(gate(2)), o = try recurrentActivation(gate(3))
        let c = try f * states[1] + i * candidate
        let h = try o * activation(c)
        return [h, c]
    }

    override func makeCellKernels(for call: KernelCall, layout: InputLayout) throws -> any RecurrentCellKernels {
        LSTMKernels(units: units, hasBias: useBias, activation: activation, recurrentActivation: recurrentActivation)
    }
}
