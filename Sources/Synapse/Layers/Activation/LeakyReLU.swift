/// x for x > 0, `negativeSlope`·x otherwise: Keras's `LeakyReLU` layer, whose default slope is 0.3
/// (the `.leakyReLU` activation function's is 0.2, as `keras.activations.leaky_relu`).
///
/// The layer keeps its input's mask.
public final class LeakyReLU: KernelLayer {
    public var name: String
    public var typeName: String { "LeakyReLU" }
    /// The slope for negative inputs, ≥ 0.
    public let negativeSlope: Float

    /// A leaky ReLU. A negative or non-finite `negativeSlope` is refused when the layer is built,
    /// with a ``SynapseError/invalidArgument(_:)``.
    public init(negativeSlope: Float = 0.3, name: String = "") {
        self.negativeSlope = negativeSlope
        self.name = name
    }

    /// `negative_slope`.
    public var configuration: [String: JSONValue] { ["negative_slope": .number(Double(negativeSlope))] }

    /// Reads Keras's `negative_slope` (0.3 when absent).
    public convenience init(configuration: Configuration, name: String) throws {
        self.init(negativeSlope: try configuration.float("negative_slope", default: 0.3), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard negativeSlope >= 0, negativeSlope.isFinite else {
            throw SynapseError.invalidArgument("\(name): negativeSlope must be a finite number ≥ 0, found \(negativeSlope)")
        }
        return inputShape
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor { input.leakyReLU(alpha: negativeSlope) }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        ActivationKernels.layerKernels(for: call, activation: .leakyReLU(alpha: negativeSlope))
    }
}

extension LeakyReLU: MaskPropagatingLayer {
    /// It keeps its input's mask.
    public var maskPropagation: MaskPropagation { .keep }
}
