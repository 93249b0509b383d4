/// A model: a graph of layer calls from its inputs to its outputs, trained and used the Keras way.
///
/// Build it with the functional API — call layers on symbolic tensors, starting from ``Input`` —
/// or as a ``Sequential`` chain:
///
/// ```swift
/// let input = Input(shape: [784])
/// let hidden = try Dense(256, activation: .relu)(input)
/// let inner = try Dense(256, activation: .relu)(hidden)
/// let sum = try Add()([hidden, inner])
/// let output = try Dense(10, activation: .softmax)(sum)
/// let model = try Model(inputs: [input], outputs: [output])
/// try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
/// try model.fit(x, y, epochs: 5)
/// ```
///
/// On first use for a batch size and a mode (training, evaluation, prediction) the model compiles
/// its graph into an execution plan: every built-in layer runs its own kernels over preallocated
/// buffers and the loss is fused with a softmax or sigmoid output; layers without kernels run
/// through the autodiff tape inside the same plan.
public class Model {
    /// The model's name, shown by summaries.
    public var name: String
    /// The seed for shuffling (and, in a ``Sequential``, for weight initialisation and dropout;
    /// layers called on symbolic tensors draw theirs from ``setRandomSeed(_:)``'s sequence).
    public let seed: UInt64
    /// What ``compile(loss:optimizer:metrics:)`` set; `nil` before.
    public internal(set) var compiled: CompiledSettings?
    /// The number of epochs trained so far (the next `fit` may start here with `initialEpoch`).
    public internal(set) var epochsTrained = 0
    /// Whether built-in layers run their own kernels (the default). Set to `false` to run every
    /// layer through the autodiff tape instead — the same numbers, more slowly; useful when
    /// debugging gradients.
    public var usesKernels = true {
        didSet { engine.invalidate() }
    }
    /// The plans and the flat parameter layout.
    let engine = ModelEngine()
    /// The graph of a functional model; a ``Sequential`` makes its own.
    private let functionalGraph: ModelGraph?

    /// A model from its inputs to its outputs (Keras's functional API).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when an output does not depend only on `inputs`,
    ///   or two layers of the model share a name.
    public init(inputs: [Input], outputs: [SymbolicTensor], name: String = "functional", seed: UInt64 = 0) throws {
        self.name = name
        self.seed = seed
        let graph = try ModelGraph(inputs: inputs, outputs: outputs, modelName: name)
        for input in inputs where input.name.isEmpty { input.name = LayerNames.next(for: "InputLayer") }
        var names = Set<String>()
        for layer in inputs.map({ $0 as any Layer }) + graph.layers where !names.insert(layer.name).inserted {
            throw SynapseError.invalidArgument("\(name): two layers are named '\(layer.name)'; layer names must be unique within a model")
        }
        functionalGraph = graph
        Model.assignPaths(graph.layers)
    }

    /// A model whose graph a subclass provides (``Sequential``).
    init(name: String, seed: UInt64) {
        self.name = name
        self.seed = seed
        functionalGraph = nil
    }

    /// The graph; a ``Sequential`` builds its chain once the input shape is known.
    func currentGraph() throws -> ModelGraph {
        guard let functionalGraph else {
            throw SynapseError.invalidState("\(name): the model has no graph")
        }
        return functionalGraph
    }

    /// Whether the model is a functional graph (saved as such), rather than a ``Sequential`` chain.
    var isFunctional: Bool { functionalGraph != nil }

    /// The model's input tensors.
    public var inputs: [Input] { (try? currentGraph())?.inputs ?? [] }

    /// The model's output tensors.
    public var outputs: [SymbolicTensor] { (try? currentGraph())?.outputs ?? [] }

    /// The layers after the inputs, each once, in the order of their first call.
    public var layers: [any Layer] { (try? currentGraph())?.layers ?? [] }

    /// All parameters, trainable or not, each once, in layer order.
    public var parameters: [Parameter] {
        var seen = Set<ObjectIdentifier>()
        return layers.flatMap(\.parameters).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// The parameters optimizers update.
    public var trainableParameters: [Parameter] { parameters.filter(\.isTrainable) }

    /// The names of the outputs, as History keys use them (`dense_2_loss`): each output's layer name.
    var outputNames: [String] { outputs.map { $0.producer.name } }

    /// The names of the inputs, as data dictionaries use them.
    var inputNames: [String] { inputs.map(\.name) }

    /// Runs the model on a batch through the layers' tensor ops (recording gradients where
    /// parameters are watched, as in a custom training loop). A model of one input and one output.
    public func callAsFunction(_ input: Tensor, training: Bool = false) throws -> Tensor {
        let outputs = try callAsFunction([input], training: training)
        guard outputs.count == 1 else {
            throw SynapseError.invalidArgument("\(name): the model has \(outputs.count) outputs; call it with a list of inputs to get them all")
        }
        return outputs[0]
    }

    /// Runs the model on a batch of each input; returns each output.
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) throws -> [Tensor] {
        try prepare(forInputs: inputs)
        let graph = try currentGraph()
        try checkInputs(inputs, graph: graph, operation: "\(name)(…)")
        return try graph.evaluate(inputs, training: training)
    }

    /// Gets the model ready for data of these shapes (a ``Sequential`` builds itself from the first
    /// data it sees when no ``Input`` declared the shape).
    func prepare(forInputs inputs: [Tensor]) throws {}

    /// Checks the number of input tensors, their sample shapes and that they hold as many rows each.
    func checkInputs(_ values: [Tensor], graph: ModelGraph, operation: String) throws {
        guard values.count == graph.inputs.count else {
            throw SynapseError.invalidArgument("\(operation): the model has \(graph.inputs.count) inputs (\(graph.inputs.map(\.name).joined(separator: ", "))), found \(values.count) input tensors")
        }
        for (value, input) in zip(values, graph.inputs) {
            guard value.rank >= 1, Array(value.shape.dropFirst()) == input.shape else {
                throw SynapseError.shapeMismatch("\(operation): input '\(input.name)' expects samples of shape \(input.shape), i.e. [batch] + \(input.shape), found \(value.shape)")
            }
            guard value.shape[0] == values[0].shape[0] else {
                throw SynapseError.shapeMismatch("\(operation): \(values[0].shape[0]) rows in the first input but input '\(input.name)' has shape \(value.shape)")
            }
        }
    }

    /// Gives each parameter its stable name, `<layer>.<parameter>`.
    static func assignPaths(_ layers: [any Layer]) {
        for layer in layers {
            for parameter in layer.parameters { parameter.path = "\(layer.name).\(parameter.name)" }
        }
    }
}
