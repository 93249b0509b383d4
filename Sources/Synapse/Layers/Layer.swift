/// A building block of a model: it turns input tensors (batch first) into output tensors.
///
/// A layer's life cycle follows Keras: it is created with its hyper-parameters,
/// ``build(inputShape:generator:)`` is called once the shape of one sample is known (creating its
/// parameters), and then ``forward(_:training:)`` runs on batches. The forward pass is made of
/// differentiable tensor ops, so no backward pass needs writing: in a model, a layer runs through the
/// autodiff tape unless it is a ``KernelLayer`` that brings its own kernels.
///
/// Layers with several inputs or outputs (``Add``, ``Concatenate``) implement
/// ``build(inputShapes:generator:)`` and ``forward(_:training:)-([Tensor],_)`` instead; the
/// single-input forms then say the layer needs a list.
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
    /// Builds the layer for samples of `inputShapes` (one per input) and returns the shape of each
    /// output sample. By default: exactly one input, through ``build(inputShape:generator:)``.
    func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws -> [[Int]]
    /// Runs the layer on a batch of each input and returns each output. By default: exactly one
    /// input and one output, through ``forward(_:training:)-(Tensor,_)``.
    func forward(_ inputs: [Tensor], training: Bool) throws -> [Tensor]
    /// The hyper-parameters that rebuild the layer (not its weights), as saved in model files.
    var configuration: [String: JSONValue] { get }
    /// Rebuilds a layer from a saved configuration.
    init(configuration: Configuration, name: String) throws
    /// The penalty the layer adds to the model's loss — its weights' regularisation (Keras's
    /// `layer.losses`) — as a one-value tensor made of differentiable ops on its parameters, so its
    /// gradient reaches them; `nil` when the layer adds nothing. By default: the penalties of the
    /// trainable parameters' ``Parameter/regularizer``s.
    var regularizationLoss: Tensor? { get throws }
}

extension Layer {
    /// By default a layer has no parameters.
    public var parameters: [Parameter] { [] }

    /// The sum of the trainable parameters' regulariser penalties, `nil` when there are none.
    public var regularizationLoss: Tensor? {
        get throws {
            var total: Tensor?
            for parameter in parameters where parameter.isTrainable {
                guard let regularizer = parameter.regularizer, let penalty = try regularizer.penalty(parameter.value) else { continue }
                total = try total.map { try $0 + penalty } ?? penalty
            }
            return total
        }
    }

    /// Exactly one input, built through ``build(inputShape:generator:)``.
    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws -> [[Int]] {
        guard inputShapes.count == 1 else {
            throw SynapseError.invalidArgument("\(name): the layer takes one input, found \(inputShapes.count)")
        }
        return [try build(inputShape: inputShapes[0], generator: &generator)]
    }

    /// Exactly one input and one output, through ``forward(_:training:)-(Tensor,_)``.
    public func forward(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw SynapseError.invalidArgument("\(name): the layer takes one input, found \(inputs.count)")
        }
        return [try forward(inputs[0], training: training)]
    }

    /// Whether optimizers update the layer's parameters, as Keras's `layer.trainable`. Setting it
    /// freezes (or unfreezes) every parameter of the layer at once — except its layer state
    /// (``Parameter/isLayerState``, such as moving statistics), which is never trainable; set before
    /// the layer is built, it applies to the parameters
    /// ``makeParameter(_:shape:initializer:regularizer:isTrainable:isLayerState:generator:)`` creates.
    /// A layer whose parameters are all layer state (or that has none) keeps the flag on its own.
    public var isTrainable: Bool {
        get {
            var sawWeight = false
            for parameter in parameters where !parameter.isLayerState {
                guard parameter.isTrainable else { return false }
                sawWeight = true
            }
            return sawWeight || LayerTrainability.isTrainable(self)
        }
        set {
            LayerTrainability.set(newValue, for: self)
            for parameter in parameters where !parameter.isLayerState { parameter.isTrainable = newValue }
        }
    }

    /// A new parameter named `name` of `shape`, drawn from `initializer`, with its regulariser and
    /// trainability: the one call by which a layer declares a weight in ``build(inputShape:generator:)``.
    /// `isLayerState` declares state the layer updates itself (a moving statistic): never trainable.
    /// A shape of more than 2³¹ values throws ``SynapseError/invalidArgument(_:)`` before anything is
    /// allocated; while a model is loaded from a file, the shape is first checked against the file's.
    ///
    /// ```swift
    /// kernel = try makeParameter("kernel", shape: [features, units], initializer: .glorotUniform,
    ///                            regularizer: kernelRegularizer, generator: &generator)
    /// ```
    public func makeParameter(_ name: String, shape: [Int], initializer: Initializer, regularizer: Regularizer? = nil,
                              isTrainable: Bool = true, isLayerState: Bool = false,
                              generator: inout RandomGenerator) throws -> Parameter {
        try regularizer?.validate(owner: "\(self.name): \(name)Regularizer")
        try DeclaredWeightLimits.active?.claim("\(self.name).\(name)", shape: shape)
        _ = try Shape.checkedCount(shape, what: "\(self.name): \(name)")
        let value = try initializer.makeTensor(shape, generator: &generator)
        return Parameter(name: name, value: value, isTrainable: isTrainable && LayerTrainability.isTrainable(self),
                         regularizer: regularizer, isLayerState: isLayerState)
    }
}

/// A layer whose last step is an activation that a loss may fuse with (softmax or sigmoid into
/// cross-entropy), computing the loss from the pre-activation values (logits) instead.
public protocol ActivatedLayer: Layer {
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
