/// A linear stack of layers, trained and used the Keras way: a ``Model`` whose graph is a chain.
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
public final class Sequential: Model {
    /// The layers after the input, in order.
    private var stack: [any Layer] = []
    /// The shape of one input sample, once known.
    public private(set) var inputShape: [Int]?
    /// The shape of one output sample, once the model is built.
    public private(set) var outputShape: [Int]?
    /// The shape of one output sample of each built layer, in order.
    public private(set) var layerOutputShapes: [[Int]] = []
    /// The chain, made once every layer is built.
    private var chain: ModelGraph?
    /// The input tensor of the chain.
    private var input: Input?
    /// The output of the last built layer: the chain's calls, with the masks they carry, are recorded
    /// as the layers are built.
    private var tail: SymbolicTensor?

    /// An empty model; add layers with ``add(_:)``.
    public override init(name: String = "sequential", seed: UInt64 = 0) {
        super.init(name: name, seed: seed)
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

    /// The layers after the input, in order.
    public override var layers: [any Layer] { stack }

    /// Appends a layer. An ``Input`` sets the input shape (it must come first); other layers are
    /// built as soon as the input shape is known.
    ///
    /// - Throws: a ``SynapseError`` naming the layer if it cannot take the previous layer's output, if
    ///   its weights or an input sample would hold more than 2³¹ values, or if another layer of the
    ///   model has its name.
    public func add(_ layer: any Layer) throws {
        if let input = layer as? Input {
            guard stack.isEmpty, inputShape == nil else {
                throw SynapseError.invalidArgument("\(name): an Input must be the first layer")
            }
            _ = try Shape.checkedCount(input.shape, what: "\(name): the input's sample")
            inputShape = input.shape
            self.input = input
            return
        }
        if layer.name.isEmpty {
            layer.name = uniqueName(for: layer)
        } else if names.taken.contains(layer.name) {
            throw SynapseError.invalidArgument("\(name): a layer named '\(layer.name)' is already in the model; layer names must be unique within a model (leave the name empty for a fresh one)")
        }
        names.taken.insert(layer.name)
        stack.append(layer)
        try layersDidChange(rebuildingChain: false)
    }

    /// Removes the last layer and returns it, as Keras's `Sequential.pop()`. The remaining layers keep
    /// their weights; the chain is rebuilt (when the input shape is known) and the compiled execution
    /// plans are dropped, so the next `fit`, `evaluate` or `predict` uses the shorter model. The removed
    /// layer's name may be used again.
    ///
    /// - Throws: ``SynapseError/invalidState(_:)`` if the model has no layers.
    @discardableResult
    public func pop() throws -> any Layer {
        guard let layer = stack.popLast() else {
            throw SynapseError.invalidState("\(name): pop() needs a model with at least one layer, found none")
        }
        names.taken.remove(layer.name)
        try layersDidChange(rebuildingChain: true)
        return layer
    }

    /// After layers were added or removed: drops the chain and the compiled plans — and the built
    /// chain of layer calls when a layer it holds is gone — and builds what is missing.
    private func layersDidChange(rebuildingChain: Bool) throws {
        chain = nil
        engine.invalidate()
        if rebuildingChain {
            tail = nil
            builtLayerCount = 0
            layerOutputShapes = []
            outputShape = nil
        }
        if inputShape != nil { try build() }
    }

    /// Whether every layer has been built.
    public var isBuilt: Bool { inputShape != nil && builtLayerCount == stack.count && outputShape != nil }

    /// How many layers (from the first) have been built.
    private var builtLayerCount = 0

    /// Builds the layers not built yet, for the known input shape. Each layer's initial weights come
    /// from a generator seeded by the model's seed and the layer's position, so they do not depend on
    /// when the layer was built.
    func build() throws {
        if let pendingError { throw pendingError }
        guard let inputShape else {
            throw SynapseError.invalidState("\(name): the input shape is unknown; start the model with Input(…) or call it on data first")
        }
        var tail = self.tail ?? inputTensor(shape: inputShape)
        for index in builtLayerCount..<stack.count {
            let layer = stack[index]
            var generator = RandomGenerator(seed: seed &+ UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15)
            let outputs = try GraphNode.connect(layer, to: [tail]) { shapes in
                let outputShapes = try LayerCalls.build(layer, inputShapes: shapes, generator: &generator)
                guard outputShapes.count == 1 else {
                    throw SynapseError.invalidArgument("\(layer.name): a layer in a Sequential model must have one output, found \(outputShapes.count); use the functional API (Model(inputs:outputs:))")
                }
                return outputShapes
            }
            tail = outputs[0]
            self.tail = tail
            layerOutputShapes.append(tail.shape)
            Model.assignPaths([layer])
            builtLayerCount = index + 1
            outputShape = tail.shape
        }
        outputShape = tail.shape
    }

    /// The model's input tensor, made (named `input_layer`) when no ``Input`` was added.
    private func inputTensor(shape: [Int]) -> Input {
        let input = self.input ?? Input(shape: shape, name: "input_layer")
        if input.name.isEmpty { input.name = "input_layer" }
        self.input = input
        return input
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

    override func prepare(forInputs inputs: [Tensor]) throws {
        guard inputs.count == 1 else {
            throw SynapseError.invalidArgument("\(name): a Sequential model takes one input tensor, found \(inputs.count)")
        }
        try ensureBuilt(forBatch: inputs[0])
    }

    override func currentGraph() throws -> ModelGraph {
        if let pendingError { throw pendingError }
        if let chain { return chain }
        guard isBuilt, let inputShape else {
            throw SynapseError.invalidState("\(name): the model is not built yet (its input shape is unknown); start it with Input(…) or call it on data first")
        }
        guard !stack.isEmpty else {
            throw SynapseError.invalidState("\(name): the model has no layers")
        }
        let graph = try ModelGraph(inputs: [inputTensor(shape: inputShape)], outputs: [tail ?? inputTensor(shape: inputShape)], modelName: name)
        chain = graph
        return graph
    }

    /// The names of the layers, and for each base name the first index not known to be taken.
    private var names: (taken: Set<String>, nextIndex: [String: Int]) = ([], [:])

    /// Keras-style names: the first Dense is `dense`, the next `dense_1`, … skipping names taken by
    /// hand. Linear in the number of layers: every `base_i` below `nextIndex[base]` is taken, and
    /// names are never given back.
    private func uniqueName(for layer: any Layer) -> String {
        let base = LayerNames.snakeCase(layer.typeName)
        if !names.taken.contains(base) { return base }
        var index = names.nextIndex[base, default: 1]
        while names.taken.contains("\(base)_\(index)") { index += 1 }
        names.nextIndex[base] = index + 1
        return "\(base)_\(index)"
    }
}
