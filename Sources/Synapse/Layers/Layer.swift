/// A building block of a model: it turns an input tensor (batch first) into an output tensor.
///
/// A layer's life cycle follows Keras: it is created with its hyper-parameters, ``build(inputShape:generator:)``
/// is called once the shape of one sample is known (creating its parameters), and then
/// ``forward(_:training:)`` runs on batches. The forward pass is made of differentiable tensor ops,
/// so no backward pass needs writing.
public protocol Layer: AnyObject {
    /// The layer's name within its model (`dense`, `dense_1`); assigned by the model when empty.
    var name: String { get set }
    /// The name of the layer's type as shown in summaries and saved configurations (`Dense`).
    var typeName: String { get }
    /// The layer's parameters, trainable and not (empty before `build`).
    var parameters: [Parameter] { get }
    /// Creates the parameters for samples of `inputShape` (batch axis excluded) and returns the
    /// shape of one output sample.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` naming the layer when the shape is unsuitable.
    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int]
    /// Runs the layer on a batch. `training` switches on training-only behaviour such as dropout.
    func forward(_ input: Tensor, training: Bool) throws -> Tensor
    /// The hyper-parameters that rebuild the layer (not its weights), as saved in model files.
    var configuration: [String: JSONValue] { get }
    /// Rebuilds a layer from a saved configuration.
    init(configuration: Configuration, name: String) throws
    /// The penalty the layer adds to the model's loss — its weights' regularisation (Keras's
    /// `layer.losses`) — as a one-value tensor made of differentiable ops on its parameters, so its
    /// gradient reaches them; `nil` when the layer adds nothing (the default).
    var regularizationLoss: Tensor? { get throws }
}

extension Layer {
    /// By default a layer has no parameters.
    public var parameters: [Parameter] { [] }

    /// By default a layer adds nothing to the loss.
    public var regularizationLoss: Tensor? { nil }
}

/// A layer whose last step is an activation that a loss may fuse with (softmax or sigmoid into
/// cross-entropy), computing the loss from the pre-activation values (logits) instead.
protocol ActivatedLayer: Layer {
    /// The activation applied last.
    var activation: Activation { get }
    /// The layer's output before its activation.
    func preActivation(_ input: Tensor, training: Bool) throws -> Tensor
}

/// Builds layer lists for ``Sequential/init(name:seed:_:)``.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    public static func buildEither(first part: [any Layer]) -> [any Layer] { part }
    public static func buildEither(second part: [any Layer]) -> [any Layer] { part }
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}
