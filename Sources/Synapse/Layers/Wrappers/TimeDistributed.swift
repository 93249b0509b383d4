/// Applies a layer to every time step: on samples `[T, …]`, the wrapped layer runs on each `[…]`
/// slice with the same weights, giving `[T, …out]` — Keras's `TimeDistributed`.
///
/// ```swift
/// let model = Sequential {
///     Input(shape: [28, 28])
///     TimeDistributed(Dense(16, activation: .relu))   // [28, 28] → [28, 16]
/// }
/// ```
///
/// The weights are the wrapped layer's, named under it as Keras does (`time_distributed/dense/kernel`
/// in Keras, `time_distributed.dense.kernel` in a Synapse model file). The wrapped layer is named after
/// its type (`dense`) when it has no name. The layer passes a mask on unchanged.
///
/// In a model's plan the wrapped layer's own kernels run once on all `batch × T` slices (the slices of
/// a batch lie one after another in memory, so no copy is needed); a wrapped layer without kernels
/// runs through the tape.
public final class TimeDistributed: KernelLayer, MaskPropagatingLayer {
    public var name: String
    public var typeName: String { "TimeDistributed" }
    /// The layer applied to every time step.
    public let layer: any Layer
    /// The shape of one sample, `[T, …]`, once built.
    private var builtInputShape: [Int]?

    /// Wraps `layer` to run on every time step of its input.
    public init(_ layer: any Layer, name: String = "") {
        layer.name = WrappedLayers.defaultName(of: layer)
        self.layer = layer
        self.name = name
    }

    /// The input's mask goes on unchanged (the time axis is kept).
    public var maskPropagation: MaskPropagation { .keep }

    public var parameters: [Parameter] { layer.parameters }

    public var regularizationLoss: Tensor? { get throws { try layer.regularizationLoss } }

    public var configuration: [String: JSONValue] { ["layer": WrappedLayers.configurationValue(of: layer)] }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(try WrappedLayers.layer("layer", of: configuration), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard let steps = inputShape.first, steps > 0, inputShape.count >= 2 else {
            throw SynapseError.shapeMismatch("\(name): expected samples of shape [steps, …] with at least 2 axes, found sample shape \(inputShape)")
        }
        let output: [Int]
        do {
            output = try layer.build(inputShape: Array(inputShape.dropFirst()), generator: &generator)
        } catch let error as SynapseError {
            throw error.prefixed(name)
        }
        WrappedLayers.adopt(layer, into: self)
        builtInputShape = inputShape
        return [steps] + output
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let builtInputShape else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        guard input.rank >= 1, Array(input.shape.dropFirst()) == builtInputShape else {
            throw SynapseError.shapeMismatch("\(name): expected input of shape [batch] + \(builtInputShape), found \(input.shape)")
        }
        let rows = input.shape[0], steps = builtInputShape[0]
        let slices = try input.reshaped([rows * steps] + builtInputShape.dropFirst())
        let output = try layer.forward(slices, training: training)
        return try output.reshaped([rows, steps] + output.shape.dropFirst())
    }

    public var providesKernels: Bool { (layer as? any KernelLayer)?.providesKernels ?? false }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        guard let wrapped = layer as? any KernelLayer, let steps = call.inputShapes[0].first else {
            throw SynapseError.invalidState("\(name): the wrapped layer \(layer.name) has no kernels")
        }
        let innerCall = KernelCall(batchCapacity: call.batchCapacity * steps, isTraining: call.isTraining,
                                   inputShapes: [Array(call.inputShapes[0].dropFirst())],
                                   outputShapes: [Array(call.outputShapes[0].dropFirst())],
                                   needsInputGradient: call.needsInputGradient, appliesActivation: true)
        let inner = try wrapped.makeKernels(for: innerCall)
        let buffers = StepBuffers.unbound()
        let backward = inner.backward.map { backward in
            { (b: StepBuffers) in
                buffers.bind(to: b, rows: b.rows * steps)
                backward(buffers)
            }
        }
        let validate = inner.validate.map { validate in
            { (b: StepBuffers) -> SynapseError? in
                buffers.bind(to: b, rows: b.rows * steps)
                return validate(buffers).map { $0.prefixed(self.name) }
            }
        }
        return LayerKernels(
            scratch: inner.scratch.map { $0 * steps }, stepScratch: inner.stepScratch, validate: validate,
            forward: { b in
                buffers.bind(to: b, rows: b.rows * steps)
                inner.forward(buffers)
            },
            backward: backward)
    }
}
