/// What one recurrent cell (LSTM, GRU, SimpleRNN) brings to the shared time loop of
/// ``RecurrentKernels``, which does everything else once: the input projection of all time steps as
/// one GEMM and its gradients (kernel and input, one GEMM each), goBackwards, masks, dropout masks,
/// initial states, the output sequence and the returned states.
///
/// The loop's scratch is time-major: the projection `P = x · kernel` is `[T, rows, gates · units]`,
/// each state `[T + 1, rows, units]` with the initial state at t = 0 (so all h_{t−1} form one
/// contiguous `[T · rows, units]` matrix), and the cell's own scratch `[T, rows, scratchWidth]`.
protocol RecurrentCellKernels {
    /// The floats the cell keeps per sample and time step between forward and backward (LSTM: the
    /// activated gates and tanh(c_t)).
    var scratchWidth: Int { get }
    /// Forward through one step: from the step's input projection (to which the cell adds its bias
    /// and recurrent product; it may keep pre-activations there), the recurrent input and the
    /// previous states, writes the next states (state 0, h, is the output) and its scratch.
    func forward(_ step: RecurrentStep)
    /// Backward through one step: from the gradients of the next states (which it may overwrite),
    /// writes the gradient of the step's input projection into `projection` (read by the loop for the
    /// kernel and input gradients), and ADDS the gradients of the previous states into
    /// `previousGradients` and of the recurrent input into `recurrentInputGradient`.
    func backward(_ step: RecurrentStep)
    /// After the backward loop: the gradients of the cell's parameters besides the kernel (recurrent
    /// kernel, bias), from the projection gradients of all steps — as GEMMs over all steps at once.
    func parameterGradients(_ sequence: RecurrentSequence)
}

/// The buffers of one time step, as the shared loop hands them to a cell. Row-major, `rows` first.
struct RecurrentStep {
    /// The samples in this run.
    let rows: Int
    /// The step's index in processing order (0 first; with goBackwards, the last time step).
    let step: Int
    /// `[rows, gates · units]`: forward, x_t · kernel; backward, where the cell writes dP_t.
    let projection: UnsafeMutablePointer<Float>
    /// `[rows, units]`: h_{t−1} as the recurrent product sees it (after recurrent dropout).
    let recurrentInput: UnsafePointer<Float>
    /// The states before the step: state `s` at `previousStates + s · stateStride`, `[rows, units]`.
    let previousStates: UnsafeMutablePointer<Float>
    /// The states after the step, laid out as `previousStates`.
    let nextStates: UnsafeMutablePointer<Float>
    let stateStride: Int
    /// `[rows, scratchWidth]`: the cell's saved values of this step.
    let scratch: UnsafeMutablePointer<Float>
    /// The layer's parameters and their gradients.
    let buffers: StepBuffers
    /// Backward: the gradient of the next states, state `s` at `nextGradients + s · rows · units`.
    let nextGradients: UnsafeMutablePointer<Float>
    /// Backward: where the gradients of the previous states are added, laid out as `nextGradients`.
    let previousGradients: UnsafeMutablePointer<Float>
    /// Backward: where the gradient of the recurrent input is added, `[rows, units]`.
    let recurrentInputGradient: UnsafeMutablePointer<Float>

    func previousState(_ s: Int) -> UnsafeMutablePointer<Float> { previousStates + s * stateStride }
    func nextState(_ s: Int) -> UnsafeMutablePointer<Float> { nextStates + s * stateStride }
}

/// All time steps at once, after the backward loop.
struct RecurrentSequence {
    let rows: Int
    let steps: Int
    /// `[steps · rows, gates · units]`: the projection gradients the cell wrote, step after step.
    let projectionGradients: UnsafePointer<Float>
    /// `[steps · rows, units]`: the recurrent inputs h_{t−1} of all steps, step after step.
    let recurrentInputs: UnsafePointer<Float>
    /// `[steps · rows, scratchWidth]`: the cell's scratch of all steps.
    let scratch: UnsafeMutablePointer<Float>
    /// The layer's parameters and their gradients.
    let buffers: StepBuffers
}
