/// A layer that brings its own kernels to a model's execution plan.
///
/// When a model compiles its plan, it asks each such layer, once per call of the layer in the graph,
/// for a forward kernel and a backward kernel over the plan's buffers (``StepBuffers``). The forward
/// kernel reads the inputs and the parameters and writes the outputs; the backward kernel reads the
/// output gradients and writes the input gradients (only those the plan asks for) and the parameter
/// gradients. A layer that is not a `KernelLayer` still works in every model: the plan runs its
/// ``Layer/forward(_:training:)`` through the autodiff tape, which is also the reference every kernel
/// is tested against.
///
/// ```swift
/// func makeKernels(for call: KernelCall) throws -> LayerKernels {
///     let n = call.sampleCount(ofInput: 0)
///     return LayerKernels(
///         forward: { b in for i in 0..<(b.rows * n) { b.outputs[0][i] = 2 * b.inputs[0][i] } },
///         backward: { b in
///             guard let dx = b.inputGradients[0] else { return }
///             for i in 0..<(b.rows * n) { dx[i] = (b.accumulatesInputGradient[0] ? dx[i] : 0) + 2 * b.outputGradients[0][i] }
///         })
/// }
/// ```
public protocol KernelLayer: Layer {
    /// The kernels for one call of the layer, as described by `call`.
    ///
    /// - Throws: a ``SynapseError`` naming the layer when the call cannot be planned (for example
    ///   parameters whose shape was changed by hand).
    func makeKernels(for call: KernelCall) throws -> LayerKernels
    /// Whether the layer brings kernels at all; `false` makes the plan run it through the tape like
    /// any other layer (a wrapper around a layer that has no kernels). By default `true`.
    var providesKernels: Bool { get }
}

extension KernelLayer {
    /// A kernel layer brings its kernels.
    public var providesKernels: Bool { true }
}

/// What a plan tells a ``KernelLayer`` about one call of it.
public struct KernelCall: Sendable {
    /// The most rows (samples) a step will hold; each run says how many it holds in ``StepBuffers/rows``.
    public let batchCapacity: Int
    /// Whether the plan trains (training-only behaviour such as dropout is on, and backward runs).
    public let isTraining: Bool
    /// The shape of one sample of each input.
    public let inputShapes: [[Int]]
    /// The shape of one sample of each output.
    public let outputShapes: [[Int]]
    /// Whether the backward kernel must write the gradient of each input.
    public let needsInputGradient: [Bool]
    /// Whether the layer applies its own output activation. `false` when the loss that follows takes
    /// the layer's pre-activation values (softmax or sigmoid fused with its cross-entropy): the forward
    /// kernel then writes the logits, and the backward kernel receives the gradient with respect to them.
    public let appliesActivation: Bool

    /// The number of values in one sample of input `index`.
    public func sampleCount(ofInput index: Int) -> Int { Shape.count(of: inputShapes[index]) }
    /// The number of values in one sample of output `index`.
    public func sampleCount(ofOutput index: Int) -> Int { Shape.count(of: outputShapes[index]) }
}

/// A layer call's kernels, and the scratch buffers they need.
public struct LayerKernels {
    /// Sizes (in `Float`s) per sample of scratch buffers kept from the forward to the backward kernel
    /// of one step (a dropout mask, pre-activation values, a convolution's patches): the plan gives
    /// each `batchCapacity ×` its size. They come first in ``StepBuffers/scratch``.
    public var scratch: [Int]
    /// Sizes (in `Float`s) of scratch buffers that do not grow with the batch (per-channel
    /// statistics, per-thread partial sums); they follow the per-sample ones in ``StepBuffers/scratch``.
    public var stepScratch: [Int]
    /// Reads inputs and parameters, writes outputs (and scratch).
    public var forward: (StepBuffers) -> Void
    /// Reads output gradients (which it may overwrite), writes input gradients where they are asked
    /// for, and writes or adds the parameter gradients; `nil` for a layer with nothing to send back.
    public var backward: ((StepBuffers) -> Void)?
    /// Checks the inputs before each forward run — indices in range, say — since kernels cannot
    /// throw: an error it returns stops the run and is thrown to the caller of `fit`, `evaluate` or
    /// `predict`. `nil` for a layer that takes any values.
    public var validate: ((StepBuffers) -> SynapseError?)?

    /// Kernels with their scratch sizes: `scratch` per sample, `stepScratch` per step.
    public init(scratch: [Int] = [], stepScratch: [Int] = [], validate: ((StepBuffers) -> SynapseError?)? = nil,
                forward: @escaping (StepBuffers) -> Void, backward: ((StepBuffers) -> Void)?) {
        self.scratch = scratch
        self.stepScratch = stepScratch
        self.validate = validate
        self.forward = forward
        self.backward = backward
    }
}

/// The buffers of one layer call in a plan: fixed addresses, set up when the plan is compiled, so
/// that running a step allocates nothing. All buffers are row-major with the batch first.
public final class StepBuffers {
    /// The number of samples in this run (at most the plan's batch capacity).
    public internal(set) var rows: Int = 0
    /// One buffer per input: `rows × sampleCount(ofInput:)` values.
    public internal(set) var inputs: [UnsafePointer<Float>]
    /// One buffer per output.
    public internal(set) var outputs: [UnsafeMutablePointer<Float>]
    /// The gradient of the loss with respect to each output (backward only).
    public internal(set) var outputGradients: [UnsafeMutablePointer<Float>]
    /// Where to put the gradient with respect to each input; `nil` where none is needed.
    public internal(set) var inputGradients: [UnsafeMutablePointer<Float>?]
    /// For each input, whether its gradient buffer already holds another use's contribution, to
    /// which this one must be added (`true`), or is to be overwritten (`false`).
    public internal(set) var accumulatesInputGradient: [Bool]
    /// The values of the layer's parameters, in the order of ``Layer/parameters``.
    public internal(set) var parameters: [UnsafeMutablePointer<Float>]
    /// The gradient of each parameter; `nil` for a frozen one.
    public internal(set) var parameterGradients: [UnsafeMutablePointer<Float>?]
    /// Whether the parameter gradients already hold another call's contribution (a layer used
    /// twice), to which this call's must be added.
    public internal(set) var accumulatesParameterGradients: Bool
    /// The scratch buffers asked for in ``LayerKernels/scratch`` (per sample), then those of
    /// ``LayerKernels/stepScratch`` (per step).
    public internal(set) var scratch: [UnsafeMutablePointer<Float>]

    init(inputs: [UnsafePointer<Float>], outputs: [UnsafeMutablePointer<Float>], outputGradients: [UnsafeMutablePointer<Float>],
         inputGradients: [UnsafeMutablePointer<Float>?], accumulatesInputGradient: [Bool],
         parameters: [UnsafeMutablePointer<Float>], parameterGradients: [UnsafeMutablePointer<Float>?],
         accumulatesParameterGradients: Bool, scratch: [UnsafeMutablePointer<Float>]) {
        self.inputs = inputs
        self.outputs = outputs
        self.outputGradients = outputGradients
        self.inputGradients = inputGradients
        self.accumulatesInputGradient = accumulatesInputGradient
        self.parameters = parameters
        self.parameterGradients = parameterGradients
        self.accumulatesParameterGradients = accumulatesParameterGradients
        self.scratch = scratch
    }
}
