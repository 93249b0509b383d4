/// Applies an activation function to its input: Keras's `Activation` layer.
///
/// ```swift
/// let model = Sequential {
///     Input(4)
///     Dense(8)
///     ActivationLayer(.relu)
///     Dense(3)
///     ActivationLayer(.softmax)   // fused with a cross-entropy loss that follows, as Dense(3, activation: .softmax)
/// }
/// ```
///
/// The type is `ActivationLayer` because ``Activation`` names the functions; it is saved under
/// Keras's type name `Activation` with `{"activation": "relu"}`. Softmax acts along the last axis.
/// The layer keeps its input's mask.
public final class ActivationLayer: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "Activation" }
    /// The function applied.
    public let activation: Activation

    /// A layer applying `activation`.
    public init(_ activation: Activation, name: String = "") {
        self.activation = activation
        self.name = name
    }

    /// `activation`, as Keras writes it.
    public var configuration: [String: JSONValue] { ["activation": activation.configurationValue] }

    /// Reads Keras's `activation`.
    public convenience init(configuration: Configuration, name: String) throws {
        guard let value = configuration["activation"] else {
            throw SynapseError.fileError("\(configuration.owner): activation must be an activation name, found nothing (the key is missing)")
        }
        self.init(try Activation(configurationValue: value, owner: configuration.owner), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor { try activation(input) }

    /// The input itself: the activation is the whole layer.
    public func preActivation(_ input: Tensor, training: Bool) throws -> Tensor { input }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        ActivationKernels.layerKernels(for: call, activation: activation)
    }
}

extension ActivationLayer: MaskPropagatingLayer {
    /// It keeps its input's mask.
    public var maskPropagation: MaskPropagation { .keep }
}
