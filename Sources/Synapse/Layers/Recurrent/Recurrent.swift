/// The common class of the recurrent layers — ``SimpleRNN``, ``LSTM``, ``GRU`` — which differ only in
/// their cell: its gates, its states and how one time step updates them.
///
/// Everything else lives here, once: the hyper-parameters Keras's recurrent layers share, the weights
/// (`kernel` `[features, gates · units]`, `recurrent_kernel` `[units, gates · units]`, `bias`), the
/// inputs and outputs, and the time loop — masks, `goBackwards`, dropout masks, initial states, the
/// returned sequence and states — in the tape form (``forward(_:training:)-([Tensor],_)``) and in the
/// kernels (``RecurrentKernels``).
///
/// **Inputs**, in this order: the sequence `[timeSteps, features]` per sample; then, when given, the
/// initial states (LSTM: h then c; GRU and SimpleRNN: h), each `[units]`; then, when ``receivesMask``,
/// the mask `[timeSteps]` (1 = keep the step, 0 = masked).
///
/// **Outputs**: the output — `[timeSteps, units]` with ``returnSequences``, else `[units]` — then, with
/// ``returnState``, the final states. With ``goBackwards`` the sequence is read from its last step and
/// the returned sequence is in that (reversed) order, as in Keras.
///
/// **Masks** follow Keras: a masked step keeps the previous states; the output at a masked step repeats
/// the previous output (zeros before the first kept step), or is zero with ``zeroOutputForMask`` (what
/// Keras does inside `Bidirectional`).
public class Recurrent: KernelLayer, MaskConsumingLayer, MaskPropagatingLayer {
    public var name: String
    public var typeName: String { preconditionFailure("a recurrent layer names its type") }
    /// The size of the output and of each state.
    public let units: Int
    /// The activation of the candidate state and of the output (tanh by default).
    public let activation: Activation
    /// The activation of the gates (sigmoid by default; SimpleRNN has no gates and ignores it).
    public let recurrentActivation: Activation
    /// Whether the cell adds biases.
    public let useBias: Bool
    /// How the input kernel starts (glorot uniform by default).
    public let kernelInitializer: Initializer
    /// How the recurrent kernel starts (orthogonal by default).
    public let recurrentInitializer: Initializer
    /// How the bias starts (zeros by default).
    public let biasInitializer: Initializer
    /// The penalty on the input kernel, if any.
    public let kernelRegularizer: Regularizer?
    /// The penalty on the recurrent kernel, if any.
    public let recurrentRegularizer: Regularizer?
    /// The penalty on the bias, if any.
    public let biasRegularizer: Regularizer?
    /// The fraction of input features dropped while training, in [0, 1); one mask per sequence.
    public let dropout: Float
    /// The fraction of the recurrent state's units dropped (in the recurrent product) while training,
    /// in [0, 1); one mask per sequence.
    public let recurrentDropout: Float
    /// Whether the output is the whole sequence of outputs (`[timeSteps, units]`) or the last one.
    public let returnSequences: Bool
    /// Whether the final states follow the output as further outputs.
    public let returnState: Bool
    /// Whether the sequence is read from its last step to its first.
    public let goBackwards: Bool
    /// Keras's `stateful`; only `false` is supported (building a stateful layer throws).
    public let stateful: Bool
    /// Keras's `unroll`: accepted for compatibility and without effect (the kernels loop over the
    /// time steps either way, with identical results).
    public let unroll: Bool
    /// The seed of the dropout masks; without it they come from the generator the layer is built with.
    public let seed: UInt64?
    /// Whether the layer's last input is a mask `[timeSteps]` (set by a model when the sequence carries
    /// a mask; set it by hand to call the layer with a mask directly).
    public var receivesMask = false
    /// The returned sequence keeps the input's mask (as given, also with ``goBackwards``, as in Keras);
    /// a last output has none.
    public var maskPropagation: MaskPropagation { returnSequences ? .keep : .drop }
    /// Whether a masked step of the returned sequence is zeros instead of the previous output (Keras's
    /// `zero_output_for_mask`, which `Bidirectional` switches on for its layers). A last output (without
    /// ``returnSequences``) is the last kept step's either way, as in Keras.
    public var zeroOutputForMask = false

    /// `[features, gates · units]`, created by `build`.
    public private(set) var kernel: Parameter?
    /// `[units, gates · units]`, created by `build`.
    public private(set) var recurrentKernel: Parameter?
    /// The bias (`[gates · units]`, or as the cell declares it), created by `build` when ``useBias``.
    public private(set) var bias: Parameter?

    var generator: RandomGenerator

    /// A layer with the shared hyper-parameters of `options`.
    init(options: RecurrentOptions, name: String) {
        units = options.units
        activation = options.activation
        recurrentActivation = options.recurrentActivation
        useBias = options.useBias
        kernelInitializer = options.kernelInitializer
        recurrentInitializer = options.recurrentInitializer
        biasInitializer = options.biasInitializer
        kernelRegularizer = options.kernelRegularizer
        recurrentRegularizer = options.recurrentRegularizer
        biasRegularizer = options.biasRegularizer
        dropout = options.dropout
        recurrentDropout = options.recurrentDropout
        returnSequences = options.returnSequences
        returnState = options.returnState
        goBackwards = options.goBackwards
        stateful = options.stateful
        unroll = options.unroll
        seed = options.seed
        self.name = name
        generator = RandomGenerator(seed: options.seed ?? 0)
    }

    public required convenience init(configuration: Configuration, name: String) throws {
        preconditionFailure("a recurrent layer reads its own configuration")
    }

    public var parameters: [Parameter] { [kernel, recurrentKernel, bias].compactMap { $0 } }

    /// The shared Keras keys (``sharedConfiguration``) and the cell's own (``cellConfiguration``).
    public var configuration: [String: JSONValue] { sharedConfiguration.merging(cellConfiguration) { _, own in own } }

    // MARK: The cell — what each layer type supplies (overridden by SimpleRNN, LSTM, GRU)

    /// The number of blocks of `units` columns in the kernels: LSTM 4 (i, f, c, o), GRU 3 (z, r, h),
    /// SimpleRNN 1.
    var cellGateCount: Int { preconditionFailure("a recurrent layer names its gate count") }
    /// The number of states: LSTM 2 (h, c), GRU and SimpleRNN 1 (h). State 0 is the output.
    var cellStateCount: Int { 1 }
    /// Whether the cell has gates that use ``recurrentActivation`` (and the configuration says it).
    var cellUsesRecurrentActivation: Bool { true }
    /// The bias's shape: by default `[gates · units]` (GRU with `resetAfter`: `[2, 3 · units]`).
    var cellBiasShape: [Int] { [cellGateCount * units] }
    /// The cell's own configuration keys (`unit_forget_bias`, `reset_after`).
    var cellConfiguration: [String: JSONValue] { [:] }

    /// Creates the bias (of ``cellBiasShape``); by default from ``biasInitializer`` (LSTM overrides it
    /// for `unitForgetBias`).
    func makeBias(generator: inout RandomGenerator) throws -> Parameter {
        try makeParameter("bias", shape: cellBiasShape, initializer: biasInitializer, regularizer: biasRegularizer, generator: &generator)
    }

    /// One time step of the cell as differentiable tensor ops: the reference the kernels are tested
    /// against. `input` is `x_t` `[rows, features]` (after the input dropout mask), `recurrentInput`
    /// is `h_{t−1}` `[rows, units]` as the recurrent product sees it (after the recurrent dropout
    /// mask), `states` are the states before the step (undropped). Returns the states after the step
    /// (state 0, h, is the step's output). Masks are applied by the caller.
    func tapeStep(input: Tensor, recurrentInput: Tensor, states: [Tensor], weights: RecurrentWeights) throws -> [Tensor] {
        preconditionFailure("a recurrent layer supplies its tape step")
    }

    /// The cell's kernels for one call, run by the shared time loop of ``RecurrentKernels``.
    func makeCellKernels(for call: KernelCall, layout: InputLayout) throws -> any RecurrentCellKernels {
        preconditionFailure("a recurrent layer supplies its cell kernels")
    }

    // MARK: Shapes

    /// What the inputs of a call hold.
    struct InputLayout: Equatable {
        let timeSteps: Int
        let features: Int
        /// Whether the initial states follow the sequence (inputs 1 … stateCount).
        let hasInitialStates: Bool
        /// Whether the mask is the last input.
        let hasMask: Bool
    }

    /// Checks the sample shapes of a call's inputs and says what they hold.
    func inputLayout(_ shapes: [[Int]]) throws -> InputLayout {
        let states = cellStateCount
        let maskCount = receivesMask ? 1 : 0
        let described = shapes.map { "\($0)" }.joined(separator: ", ")
        guard shapes.count == 1 + maskCount || shapes.count == 1 + states + maskCount else {
            let expected = receivesMask ? "the sequence, optionally \(states) initial state\(states == 1 ? "" : "s"), and the mask"
                : "the sequence and optionally \(states) initial state\(states == 1 ? "" : "s")"
            throw SynapseError.invalidArgument("\(name): expected \(expected) (\(1 + maskCount) or \(1 + states + maskCount) inputs), found \(shapes.count) inputs: \(described)")
        }
        guard shapes[0].count == 2, shapes[0][0] > 0, shapes[0][1] > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected a sequence of shape [timeSteps, features] per sample, found \(shapes[0])")
        }
        let hasInitialStates = shapes.count > 1 + maskCount
        if hasInitialStates {
            for k in 1...states where shapes[k] != [units] {
                throw SynapseError.shapeMismatch("\(name): expected initial state \(k - 1) of shape [\(units)], found \(shapes[k])")
            }
        }
        if receivesMask, shapes[shapes.count - 1] != [shapes[0][0]] {
            throw SynapseError.shapeMismatch("\(name): expected a mask of shape [\(shapes[0][0])] (one value per time step), found \(shapes[shapes.count - 1])")
        }
        return InputLayout(timeSteps: shapes[0][0], features: shapes[0][1], hasInitialStates: hasInitialStates, hasMask: receivesMask)
    }

    /// The sample shape of each output for sequences of `timeSteps` steps.
    func outputShapes(timeSteps: Int) -> [[Int]] {
        [returnSequences ? [timeSteps, units] : [units]] + (returnState ? Array(repeating: [units], count: cellStateCount) : [])
    }

    /// Refuses hyper-parameters the layer cannot run with.
    func validateOptions() throws {
        guard units > 0 else {
            throw SynapseError.invalidArgument("\(name): units must be ≥ 1, found \(units)")
        }
        guard !stateful else {
            throw SynapseError.invalidArgument("\(name): stateful recurrent layers are not supported (stateful must be false); pass the states as initial-state inputs instead")
        }
        for (label, rate) in [("dropout", dropout), ("recurrentDropout", recurrentDropout)] where !(rate >= 0 && rate < 1) {
            throw SynapseError.invalidArgument("\(name): \(label) must be in [0, 1), found \(rate)")
        }
        for (label, function) in [("activation", activation), ("recurrentActivation", recurrentActivation)] where function == .softmax {
            throw SynapseError.invalidArgument("\(name): \(label) softmax is not supported in a recurrent cell")
        }
    }

    // MARK: Building

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try build(inputShapes: [inputShape], generator: &generator)[0]
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws -> [[Int]] {
        try validateOptions()
        let layout = try inputLayout(inputShapes)
        let width = cellGateCount * units
        kernel = try makeParameter("kernel", shape: [layout.features, width], initializer: kernelInitializer,
                                   regularizer: kernelRegularizer, generator: &generator)
        recurrentKernel = try makeParameter("recurrent_kernel", shape: [units, width], initializer: recurrentInitializer,
                                            regularizer: recurrentRegularizer, generator: &generator)
        bias = useBias ? try makeBias(generator: &generator) : nil
        if seed == nil { self.generator = RandomGenerator(seed: generator.next()) }
        return outputShapes(timeSteps: layout.timeSteps)
    }

    /// The built weights, checked against the shapes the cell expects for `features` inputs.
    func builtWeights(features: Int) throws -> (kernel: Parameter, recurrentKernel: Parameter, bias: Parameter?) {
        guard let kernel, let recurrentKernel else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        let width = cellGateCount * units
        guard kernel.shape == [features, width], recurrentKernel.shape == [units, width],
              bias.map({ $0.shape == cellBiasShape }) ?? true else {
            throw SynapseError.shapeMismatch("\(name): expected a kernel of shape \([features, width]), a recurrent kernel of shape \([units, width]) and a bias of shape \(cellBiasShape), found \(kernel.shape), \(recurrentKernel.shape) and \(bias.map { "\($0.shape)" } ?? "none") (were the weights assigned by hand?)")
        }
        return (kernel, recurrentKernel, bias)
    }

    // MARK: Dropout masks

    /// Whether a call in this mode drops input features / recurrent units.
    func dropsInputs(training: Bool) -> Bool { training && dropout > 0 }
    func dropsRecurrentUnits(training: Bool) -> Bool { training && recurrentDropout > 0 }

    /// Draws a call's dropout masks — the input mask `[rows, features]`, then the recurrent one
    /// `[rows, units]` — in this order in the tape and the kernels alike: 1 / (1 − rate) where kept, 0
    /// where dropped. A `nil` buffer is not drawn.
    func fillDropoutMasks(input: UnsafeMutablePointer<Float>?, inputCount: Int,
                          recurrent: UnsafeMutablePointer<Float>?, recurrentCount: Int) {
        func fill(_ buffer: UnsafeMutablePointer<Float>?, count: Int, rate: Float) {
            guard let buffer else { return }
            let scale = 1 / (1 - rate)
            for i in 0..<count { buffer[i] = generator.nextUniform() >= rate ? scale : 0 }
        }
        fill(input, count: inputCount, rate: dropout)
        fill(recurrent, count: recurrentCount, rate: recurrentDropout)
    }

    // MARK: Running

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try forward([input], training: training)[0]
    }

    public func forward(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        try tapeForward(inputs, training: training)
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        try RecurrentKernels.make(for: self, call: call)
    }
}
