/// Gated recurrent unit (Keras's `GRU`): per time step, with the gates z (update), r (reset) and the
/// candidate h (in this order, `units` columns each of the kernels),
///
///     z = σ(x_t·W_z + h_{t−1}·U_z + b_z),  r = σ(x_t·W_r + h_{t−1}·U_r + b_r)
///     resetAfter (the default):  ĥ = tanh(x_t·W_h + b_xh + r ⊙ (h_{t−1}·U_h + b_hh))
///     resetAfter: false:         ĥ = tanh(x_t·W_h + (r ⊙ h_{t−1})·U_h + b_h)
///     h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ
///
/// (σ is ``recurrentActivation``, tanh is ``activation``). The weights have Keras's names and layouts:
/// `kernel` `[features, 3 · units]`, `recurrent_kernel` `[units, 3 · units]` (orthogonal), and `bias`
/// `[2, 3 · units]` with ``resetAfter`` (row 0 for the input projection, row 1 for the recurrent one —
/// with `resetAfter: true` each of z and r gets the sum of both rows), or `[3 · units]` without.
///
/// ```swift
/// let model = Sequential {
///     Input(shape: [28, 28])
///     GRU(128)
///     Dense(10, activation: .softmax)
/// }
/// ```
///
/// In a model's plan the layer runs the shared time loop of ``Recurrent`` with its own kernels: one
/// recurrent GEMM per step (two with `resetAfter: false`, whose reset gate acts before the
/// candidate's product) and fused vectorised passes for the gates and the state update; backward
/// through time from the saved gate values, with the recurrent kernel's gradient as GEMMs over all
/// steps.
public final class GRU: Recurrent {
    public override var typeName: String { "GRU" }
    /// Whether the reset gate multiplies the recurrent projection of h (with its own bias row, Keras's
    /// default and cuDNN's form) rather than h before the candidate's recurrent product.
    public let resetAfter: Bool

    /// A GRU of `units` units with Keras's defaults; `dropout` and `recurrentDropout` draw one mask
    /// per sequence while training (from `seed`, when given).
    public init(_ units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal(),
                biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                dropout: Float = 0, recurrentDropout: Float = 0, seed: UInt64? = nil,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                stateful: Bool = false, unroll: Bool = false, resetAfter: Bool = true, name: String = "") {
        self.resetAfter = resetAfter
        super.init(options: RecurrentOptions(
            units: units, activation: activation, recurrentActivation: recurrentActivation, useBias: useBias,
            kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
            kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer,
            dropout: dropout, recurrentDropout: recurrentDropout, returnSequences: returnSequences, returnState: returnState,
            goBackwards: goBackwards, stateful: stateful, unroll: unroll, seed: seed), name: name)
    }

    init(options: RecurrentOptions, resetAfter: Bool, name: String) {
        self.resetAfter = resetAfter
        super.init(options: options, name: name)
    }

    /// Reads Keras's GRU configuration: the shared recurrent keys and `reset_after` (default true).
    public required convenience init(configuration: Configuration, name: String) throws {
        self.init(options: try RecurrentOptions(configuration: configuration),
                  resetAfter: try configuration.bool("reset_after", default: true), name: name)
        try applyConfiguration(configuration)
    }

    override var cellGateCount: Int { 3 }
    override var cellBiasShape: [Int] { resetAfter ? [2, 3 * units] : [3 * units] }
    override var cellConfiguration: [String: JSONValue] { ["reset_after": .bool(resetAfter)] }

    override func tapeStep(input: Tensor, recurrentInput: Tensor, states: [Tensor], weights: RecurrentWeights) throws -> [Tensor] {
        let u = units
        // The bias as one row: [1, 3u], or with resetAfter [1, 6u] (the input row, then the recurrent one).
        let bias = try weights.bias?.reshaped([1, -1])
        var x = try input.matmul(weights.kernel)
        if let bias { x = try x + columnBlock(bias, 0, width: 3 * u) }
        let xz = try columnBlock(x, 0, width: u), xr = try columnBlock(x, 1, width: u), xh = try columnBlock(x, 2, width: u)
        let z: Tensor, r: Tensor, candidate: Tensor
        if resetAfter {
            var h = try recurrentInput.matmul(weights.recurrentKernel)
            if let bias { h = try h + columnBlock(bias, 1, width: 3 * u) }
            z = try recurrentActivation(xz + columnBlock(h, 0, width: u))
            r = try recurrentActivation(xr + columnBlock(h, 1, width: u))
            candidate = try activation(xh + r * columnBlock(h, 2, width: u))
        } else {
            func kernelBlock(_ k: Int) throws -> Tensor { try columnBlock(weights.recurrentKernel, k, width: u) }
            z = try recurrentActivation(xz + recurrentInput.matmul(kernelBlock(0)))
            r = try recurrentActivation(xr + recurrentInput.matmul(kernelBlock(1)))
            candidate = try activation(xh + (r * recurrentInput).matmul(kernelBlock(2)))
        }
        return [try z * states[0] + (1 - z) * candidate]
    }

    override func makeCellKernels(for call: KernelCall, layout: InputLayout) throws -> any RecurrentCellKernels {
        GRUKernels(units: units, hasBias: useBias, resetAfter: resetAfter, activation: activation, recurrentActivation: recurrentActivation)
    }
}
