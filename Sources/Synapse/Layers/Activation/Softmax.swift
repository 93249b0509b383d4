/// softmax along `axis`: e^x / Σ e^x, computed stably — Keras's `Softmax` layer.
///
/// `axis` counts the batch axis, as in Keras: the default −1 is the last axis of each sample. Along
/// the last axis the layer has kernels and, as the output of a model trained with a cross-entropy
/// loss, is fused with it (the loss is computed from the logits, as `Dense(3, activation: .softmax)`
/// is); along another axis it runs through the tape and is not fused.
public final class Softmax: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "Softmax" }
    /// The axis normalised over, counting the batch axis (negative values count from the end).
    public let axis: Int
    /// Whether `axis` is the last axis, once the layer is built.
    private var actsAlongLastAxis: Bool

    /// A softmax along `axis`, which must not be the batch axis (checked when the layer is built).
    public init(axis: Int = -1, name: String = "") {
        self.axis = axis
        self.name = name
        actsAlongLastAxis = axis == -1
    }

    /// `axis`.
    public var configuration: [String: JSONValue] { ["axis": .number(Double(axis))] }

    /// Reads Keras's `axis` (−1 when absent).
    public convenience init(configuration: Configuration, name: String) throws {
        self.init(axis: try configuration.int("axis", default: -1, in: -1_000...1_000), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        actsAlongLastAxis = try resolvedAxis(sampleShape: inputShape) == inputShape.count
        return inputShape
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 2 else {
            throw SynapseError.shapeMismatch("\(name): expected a batch of samples of rank ≥ 1, found shape \(input.shape)")
        }
        return try input.softmax(alongAxis: resolvedAxis(sampleShape: Array(input.shape.dropFirst())))
    }

    /// `axis` counted from 0 (the batch axis) for samples of `sampleShape`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when it is the batch axis or out of range.
    private func resolvedAxis(sampleShape: [Int]) throws -> Int {
        let rank = sampleShape.count + 1
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 1, resolved < rank else {
            let range = rank > 1 ? "1...\(rank - 1) or -\(rank - 1)...-1" : "none (the samples have no axes)"
            throw SynapseError.invalidArgument("\(name): expected an axis in \(range) for samples of shape \(sampleShape) (axis 0 is the batch), found \(axis)")
        }
        return resolved
    }

    /// `.softmax` when the layer acts along the last axis — what a cross-entropy loss may fuse
    /// with; along another axis no fusable activation (`.linear`), so nothing fuses.
    public var activation: Activation { actsAlongLastAxis ? .softmax : .linear }

    /// The input itself: the softmax is the whole layer.
    public func preActivation(_ input: Tensor, training: Bool) throws -> Tensor { input }

    /// Kernels along the last axis; the tape along another.
    public var providesKernels: Bool { actsAlongLastAxis }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        guard actsAlongLastAxis else {
            throw SynapseError.invalidState("\(name): a softmax along axis \(axis) has no kernels (it runs through the tape)")
        }
        return ActivationKernels.layerKernels(for: call, activation: .softmax)
    }
}
