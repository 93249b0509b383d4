/// A linear stack of layers, trained and used the Keras way.
///
/// ```swift
/// let model = Sequential {
///     Input(784)
///     Dense(128, activation: .relu)
///     Dense(10, activation: .softmax)
/// }
/// try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
/// let history = try model.fit(x, y, epochs: 5, validationSplit: 0.1)
/// ```
///
/// Shapes are inferred layer by layer as soon as the input shape is known (from an ``Input`` or
/// from the first data the model sees); a mismatch throws a ``SynapseError`` naming the layer.
public final class Sequential {
    /// The model's name, shown by summaries.
    public var name: String
    /// The layers after the input, in order.
    public private(set) var layers: [any Layer] = []
    /// The shape of one input sample, once known.
    public private(set) var inputShape: [Int]?
    /// The shape of one output sample, once the model is built.
    public private(set) var outputShape: [Int]?
    /// The shape of one output sample of each built layer, in order.
    public private(set) var layerOutputShapes: [[Int]] = []
    /// The seed for weight initialisation, shuffling and dropout.
    public let seed: UInt64
    /// What ``compile(loss:optimizer:metrics:)`` set; `nil` before.
    public internal(set) var compiled: CompiledSettings?
    /// The number of epochs trained so far (the next `fit` may start here with `initialEpoch`).
    public internal(set) var epochsTrained = 0
    /// Whether models made of `Dense` (and `Dropout`) layers train and predict through fused kernels
    /// with reused buffers (the default). Set to `false` to run every step through the general
    /// autodiff graph instead — the same numbers, more slowly; useful when debugging gradients.
    public var usesFusedKernels = true
    /// The fused path's kernels and buffers, made on first use and dropped when layers change.
    var fusedStack: FusedDenseStack?

    /// An empty model; add layers with ``add(_:)``.
    public init(name: String = "sequential", seed: UInt64 = 0) {
        self.name = name
        self.seed = seed
    }

    /// A model from a list of layers, optionally starting with an ``Input``.
    public convenience init(name: String = "sequential", seed: UInt64 = 0, @LayerBuilder _ layers: () -> [any Layer]) {
        self.init(name: name, seed: seed)
        for layer in layers() {
            do { try add(layer) } catch { pendingError = pendingError ?? error }
        }
    }

    /// An error met while adding layers in the builder initialiser, rethrown by the first use.
    private var pendingError: Error?

    /// Appends a layer. An ``Input`` sets the input shape (it must come first); other layers are
    /// built as soon as the input shape is known.
    ///
    /// - Throws: a ``SynapseError`` naming the layer if it cannot take the previous layer's output.
    public func add(_ layer: any Layer) throws {
        if let input = layer as? Input {
            guard layers.isEmpty, inputShape == nil else {
                throw SynapseError.invalidArgument("\(name): an Input must be the first layer")
            }
            inputShape = input.shape
            return
        }
        layer.name = layer.name.isEmpty ? uniqueName(for: layer) : layer.name
        layers.append(layer)
        fusedStack = nil
        if inputShape != nil { try build() }
    }

    /// All parameters, trainable or not, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// The parameters optimizers update.
    public var trainableParameters: [Parameter] { parameters.filter(\.isTrainable) }

    /// Whether every layer has been built.
    public var isBuilt: Bool { inputShape != nil && builtLayerCount == layers.count && outputShape != nil }

    /// How many layers (from the first) have been built.
    private var builtLayerCount = 0

    /// Runs the model on a batch (no gradient is recorded unless parameters are being watched).
    public func callAsFunction(_ input: Tensor, training: Bool = false) throws -> Tensor {
        try ensureBuilt(forBatch: input)
        var x = input
        for layer in layers { x = try layer.forward(x, training: training) }
        return x
    }

    /// Builds the layers not built yet, for the known input shape. Each layer's initial weights come
    /// from a generator seeded by the model's seed and the layer's position, so they do not depend on
    /// when the layer was built.
    func build() throws {
        if let pendingError { throw pendingError }
        guard let inputShape else {
            throw SynapseError.invalidState("\(name): the input shape is unknown; start the model with Input(…) or call it on data first")
        }
        var shape = outputShape ?? inputShape
        for index in builtLayerCount..<layers.count {
            var generator = RandomGenerator(seed: seed &+ UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15)
            shape = try layers[index].build(inputShape: shape, generator: &generator)
            layerOutputShapes.append(shape)
            for parameter in layers[index].parameters { parameter.path = "\(layers[index].name).\(parameter.name)" }
            builtLayerCount = index + 1
            outputShape = shape
        }
        outputShape = shape
    }

    /// Builds the model from the first batch it sees when no ``Input`` declared the shape.
    func ensureBuilt(forBatch batch: Tensor) throws {
        if let pendingError { throw pendingError }
        if inputShape == nil {
            guard batch.rank >= 2 else {
                throw SynapseError.shapeMismatch("\(name): expected a batch of samples [batch, …], found shape \(batch.shape)")
            }
            inputShape = Array(batch.shape.dropFirst())
        }
        if !isBuilt { try build() }
        guard Array(batch.shape.dropFirst()) == inputShape!, batch.rank >= 1 else {
            throw SynapseError.shapeMismatch("\(name): the input layer expects samples of shape \(inputShape!), found a batch of shape \(batch.shape)")
        }
    }

    /// Keras-style names: the first Dense is `dense`, the next `dense_1`, …
    private func uniqueName(for layer: any Layer) -> String {
        let base = Sequential.snakeCase(layer.typeName)
        let taken = Set(layers.map(\.name))
        if !taken.contains(base) { return base }
        var index = 1
        while taken.contains("\(base)_\(index)") { index += 1 }
        return "\(base)_\(index)"
    }

    static func snakeCase(_ name: String) -> String {
        var result = ""
        for (i, character) in name.enumerated() {
            if character.isUppercase && i > 0 { result += "_" }
            result += character.lowercased()
        }
        return result
    }
}
