/// A trainable (or frozen) tensor owned by a layer: a kernel, a bias, a moving statistic.
///
/// Optimizers see only parameters and their gradients, never layers. A parameter's values live in
/// storage of their own until a model lays all of its parameters out in one flat buffer (when it
/// compiles its execution plan); ``value`` reads them and ``assign(_:)`` writes them wherever they
/// are. A parameter's shape is fixed when it is created (when its layer is built).
///
/// ```swift
/// let kernel = try #require(dense.kernel)             // [784, 10]
/// try kernel.assign(Tensor.zeros([784, 10]))         // in place, seen by the compiled model
/// try kernel.assign(Tensor.zeros([10, 784]))         // throws: the shape is [784, 10]
/// ```
public final class Parameter {
    /// The parameter's name within its layer (`kernel`, `bias`); within a wrapper layer, prefixed with
    /// the wrapped layer's name (`dense.kernel` in a ``TimeDistributed``).
    public internal(set) var name: String
    /// The full, stable name within a model (`dense_1.kernel`); set when the model is built.
    public internal(set) var path: String
    /// Whether optimizers update this parameter. Always `false` for layer state
    /// (``isLayerState``): assigning `true` to such a parameter changes nothing.
    public var isTrainable: Bool {
        get { !isLayerState && wantsTraining }
        set { wantsTraining = newValue }
    }
    /// What was last assigned to ``isTrainable`` (the answer for a parameter that is not layer state).
    private var wantsTraining: Bool
    /// Whether the parameter is state that its layer updates itself, never an optimizer — a batch
    /// normalization's moving mean and variance (Keras's non-trainable weights). Such a parameter is
    /// non-trainable by nature: ``isTrainable`` is always `false`, and freezing or unfreezing its
    /// layer (``Layer/isTrainable``) leaves it alone. It is saved and loaded with the model like every
    /// parameter, and counted under "Non-trainable params" in a summary.
    public let isLayerState: Bool
    /// The penalty this parameter adds to the loss while training, if any.
    public let regularizer: Regularizer?
    /// The shape of the values, fixed when the parameter is created.
    public let shape: [Int]
    /// Where the values live: `storage.base + offset`, `count` values.
    private(set) var storage: FloatStorage
    private(set) var offset: Int
    /// The leaf recording this parameter's gradient while it is watched by the tape.
    private var node: GradientNode?
    /// The flat block of trainable values this parameter is part of in a model's layout, and where.
    var block: (parameter: Parameter, offset: Int)?
    /// For a block: the parameters it holds, and where.
    private(set) var members: [(parameter: Parameter, offset: Int)] = []

    /// Creates a parameter with an initial value; `isLayerState` makes it state its layer updates
    /// itself (never trainable, whatever `isTrainable` says).
    public init(name: String, value: Tensor, isTrainable: Bool = true, regularizer: Regularizer? = nil,
                isLayerState: Bool = false) {
        self.name = name
        self.path = name
        self.wantsTraining = isTrainable
        self.isLayerState = isLayerState
        self.regularizer = regularizer
        self.shape = value.shape
        self.storage = FloatStorage(copying: value)
        self.offset = 0
    }

    /// The number of values.
    public var count: Int { Shape.count(of: shape) }

    /// The current value: a copy of the values (recording the gradient while the parameter is
    /// watched). Change it with ``assign(_:)``.
    public var value: Tensor {
        var tensor = Tensor.build(shape: shape) { $0.baseAddress!.update(from: storage.base + offset, count: $0.count) }
        tensor.node = node
        return tensor
    }

    /// Replaces the values with those of `newValue`, which must have the parameter's ``shape`` (as
    /// Keras's `variable.assign`). The values are written in place, where the model's compiled plan
    /// reads them. A value that takes part in a gradient computation keeps doing so: the parameter's
    /// value then records its gradient (as in a gradient check that sets parameters from its inputs).
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` naming the parameter and both shapes when the
    ///   shapes differ (a PyTorch-layout `[out, in]` kernel for a `[in, out]` one, for example); the
    ///   parameter is then left unchanged.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == shape else {
            throw SynapseError.shapeMismatch("\(path): cannot assign a value of shape \(newValue.shape) to a parameter of shape \(shape); a parameter's shape is fixed once its layer is built")
        }
        node = newValue.node
        newValue.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { (storage.base + offset).update(from: base, count: source.count) }
        }
    }

    /// A block of `count` values at the start of `storage`, made of `members` (a model's trainable
    /// parameters, which the optimizer then updates in one pass).
    init(blockOf members: [(parameter: Parameter, offset: Int)], storage: FloatStorage, count: Int) {
        name = "trainable"
        path = "trainable"
        wantsTraining = true
        isLayerState = false
        regularizer = nil
        shape = [count]
        self.storage = storage
        offset = 0
        self.members = members
    }

    /// The values in place (stable while the parameter stays bound to its storage).
    var values: UnsafeMutablePointer<Float> { storage.base + offset }

    /// Moves the values into `target` at `offset` (a model's flat parameter buffer).
    func bind(to target: FloatStorage, at offset: Int) {
        guard !(target === storage && offset == self.offset) else { return }
        (target.base + offset).update(from: values, count: count)
        storage = target
        self.offset = offset
    }

    /// Whether the values live in `target` at `offset`.
    func isBound(to target: FloatStorage, at offset: Int) -> Bool { storage === target && self.offset == offset }

    /// Starts recording the gradient of what is computed from ``value``; returns the leaf that
    /// collects it.
    @discardableResult
    func watch() -> GradientNode {
        let leaf = GradientNode(leaf: path)
        node = leaf
        return leaf
    }

    /// Stops recording; returns the gradient the last backward pass left at the leaf, if any.
    @discardableResult
    func stopWatching() -> Tensor? {
        defer { node = nil }
        return node?.gradient
    }
}

/// A fixed block of `Float`s with a stable address, freed with its last reference.
final class FloatStorage {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    /// `count` zeros.
    init(zeros count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    /// A copy of `tensor`'s values.
    convenience init(copying tensor: Tensor) {
        self.init(zeros: tensor.count)
        tensor.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.update(from: address, count: source.count) }
        }
    }

    deinit { base.deallocate() }
}

/// Evaluates `function` (typically a loss computed from a model's output) and returns its value and
/// its gradient with respect to each parameter — the building block of a custom training loop:
///
/// ```swift
/// let (loss, gradients) = try valueWithGradient(at: model.trainableParameters) {
///     try Loss.meanSquaredError(labels: y, predictions: model(x, training: true))
/// }
/// try optimizer.apply(gradients, to: model.trainableParameters)
/// ```
public func valueWithGradient(at parameters: [Parameter], of function: () throws -> Tensor) throws -> (value: Tensor, gradients: [Tensor]) {
    for parameter in parameters { parameter.watch() }
    var finished = false
    defer { if !finished { for parameter in parameters { parameter.stopWatching() } } }
    let value = try function()
    guard value.count == 1 else {
        throw SynapseError.shapeMismatch("valueWithGradient: the function must return a single value, found shape \(value.shape)")
    }
    try value.node?.backpropagate(seed: Tensor(uncheckedShape: value.shape, scalars: [1]))
    finished = true
    let gradients = parameters.map { parameter in
        parameter.stopWatching() ?? Tensor(uncheckedShape: parameter.shape, scalars: [Float](repeating: 0, count: parameter.count))
    }
    return (value.detached, gradients)
}
