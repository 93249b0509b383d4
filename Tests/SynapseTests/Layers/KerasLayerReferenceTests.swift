import Foundation
import Synapse
import Testing

/// `Fixtures/keras_layers.json`, written by `scripts/keras_layer_reference.py` from Keras 3 (TensorFlow
/// backend): merge layers, Dense for every activation, a small functional model, and facts about
/// Keras's behaviour that Synapse mirrors. Tensors are `{"shape", "scalars"}`, row-major.
struct KerasLayerFixture: Decodable, Sendable {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let scalars: [Float]
        func tensor() throws -> Tensor { try Tensor(shape: shape, scalars: scalars) }
    }

    /// A merge layer on fixed inputs, and the gradients of sum(output · upstream) for each input.
    struct MergeCase: Decodable, Sendable {
        let name: String
        let layer: String
        let config: [String: JSONValue]
        let inputs: [Values]
        let output: Values
        let upstream: Values
        let inputGradients: [Values]
        enum CodingKeys: String, CodingKey { case name, layer, config, inputs, output, upstream, inputGradients = "input_gradients" }
    }

    struct DenseGradients: Decodable, Sendable {
        let input: Values
        let kernel: Values
        let bias: Values?
    }

    /// Dense(units, activation) with fixed weights on a fixed input.
    struct DenseCase: Decodable, Sendable {
        let name: String
        let activation: String
        let units: Int
        let useBias: Bool
        let kernel: Values
        let bias: Values?
        let input: Values
        let output: Values
        let upstream: Values
        let gradients: DenseGradients
        enum CodingKeys: String, CodingKey {
            case name, activation, units, useBias = "use_bias", kernel, bias, input, output, upstream, gradients
        }
    }

    struct ModelLayer: Decodable, Sendable {
        let name: String
        let className: String
        let units: Int?
        let activation: String?
        let weights: [String: Values]
        enum CodingKeys: String, CodingKey { case name, className = "class_name", units, activation, weights }
    }

    /// Input(4) → Dense(6, relu) "dense" = h → Dense(6, tanh) "dense_1" = g → Add "add"([h, g]) →
    /// Dense(3, softmax) "dense_2", with sparse categorical cross-entropy.
    struct ModelCase: Decodable, Sendable {
        let name: String
        let lossFunction: String
        let layers: [ModelLayer]
        let x: Values
        let labels: [Int]
        let logits: Values
        let output: Values
        let loss: Float
        let evaluateLoss: Float
        let lossUsesSoftmaxLogits: Bool
        /// By layer name, then weight name: d loss / d weight.
        let gradients: [String: [String: Values]]
        enum CodingKeys: String, CodingKey {
            case name, lossFunction = "loss_function", layers, x, labels, logits, output, loss
            case evaluateLoss = "evaluate_loss", lossUsesSoftmaxLogits = "loss_uses_softmax_logits", gradients
        }
    }

    struct MergeFacts: Decodable, Sendable {
        let subtractThreeInputs: String
        let singleInputMergeIsIdentity: [String: Bool]
        let tieGradientGoesToEarliestInput: Bool
        let averageGradientIsOneOverNAtTies: Bool
        enum CodingKeys: String, CodingKey {
            case subtractThreeInputs = "subtract_three_inputs", singleInputMergeIsIdentity = "single_input_merge_is_identity"
            case tieGradientGoesToEarliestInput = "maximum_minimum_tie_gradient_goes_to_earliest_input"
            case averageGradientIsOneOverNAtTies = "average_gradient_is_one_over_n_at_ties"
        }
    }

    struct ActivationFacts: Decodable, Sendable {
        let leakyReLUActivationNegativeSlope: Float
        let geluStringIsExactErf: Bool
        enum CodingKeys: String, CodingKey {
            case leakyReLUActivationNegativeSlope = "leaky_relu_activation_negative_slope", geluStringIsExactErf = "gelu_string_is_exact_erf"
        }
    }

    struct Facts: Decodable, Sendable {
        let merge: MergeFacts
        let activations: ActivationFacts
    }

    struct DropoutFacts: Decodable, Sendable {
        let rate: Float
        let inferenceIsIdentity: Bool
        let callWithoutTrainingIsIdentity: Bool
        let trainingDropsSomeUnits: Bool
        let trainingScalesKeptByInverseKeepProbability: Bool
        enum CodingKeys: String, CodingKey {
            case rate, inferenceIsIdentity = "inference_is_identity", callWithoutTrainingIsIdentity = "call_without_training_is_identity"
            case trainingDropsSomeUnits = "training_drops_some_units"
            case trainingScalesKeptByInverseKeepProbability = "training_scales_kept_by_inverse_keep_probability"
        }
    }

    let kerasVersion: String
    let backend: String
    let facts: Facts
    let merge: [MergeCase]
    let mergeTies: [MergeCase]
    let dense: [DenseCase]
    let model: ModelCase
    let dropout: DropoutFacts

    enum CodingKeys: String, CodingKey {
        case kerasVersion = "keras_version", backend, facts, merge, mergeTies = "merge_ties", dense, model, dropout
    }

    /// The fixture, found next to this source file.
    static func load() throws -> KerasLayerFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/keras_layers.json")
        return try JSONDecoder().decode(KerasLayerFixture.self, from: Data(contentsOf: url))
    }
}

/// Synapse's layers against Keras on the fixture: values and gradients through the tape
/// (`layer.forward`, `valueWithGradient`) and through a model's execution plan, with the layers'
/// kernels and with `usesKernels = false`.
///
/// The plan's gradients are read from one SGD step at learning rate 1 (a weight moves by −gradient)
/// with a custom loss sum(output · upstream), the objective Keras differentiated. To see the
/// gradient with respect to a layer's input, the input comes from a linear `Dense` without bias fed
/// one-hot rows, whose kernel is the input itself: that kernel's gradient is the input gradient.
///
/// Tolerance: 1e-5 relative to the largest magnitude of each expected tensor (the fixture rounds to
/// 7 significant digits).
@Suite("Keras layer reference")
struct KerasLayerReferenceTests {
    typealias Fixture = KerasLayerFixture

    static let fixture: Fixture? = try? Fixture.load()
    static let mergeNames: [String] = fixture?.merge.map(\.name) ?? []
    static let tieNames: [String] = fixture?.mergeTies.map(\.name) ?? []
    static let denseNames: [String] = fixture?.dense.map(\.name) ?? []

    static func mergeCase(_ name: String) throws -> Fixture.MergeCase {
        let fixture = try Fixture.load()
        return try #require((fixture.merge + fixture.mergeTies).first { $0.name == name })
    }

    static func denseCase(_ name: String) throws -> Fixture.DenseCase {
        try #require(try Fixture.load().dense.first { $0.name == name })
    }

    /// Keras's merge layer class names.
    static let mergeClassNames: Set<String> = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"]

    /// Synapse's merge layer type for a Keras class name.
    static func mergeType(_ className: String) -> (any Layer.Type)? {
        switch className {
        case "Add": Add.self
        case "Subtract": Subtract.self
        case "Multiply": Multiply.self
        case "Average": Average.self
        case "Maximum": Maximum.self
        case "Minimum": Minimum.self
        case "Concatenate": Concatenate.self
        default: nil
        }
    }

    /// The merge layer of a case, made from Keras's configuration.
    static func makeMerge(_ c: Fixture.MergeCase, name: String = "merge") throws -> any Layer {
        let type = try #require(mergeType(c.layer), "no Synapse layer for \(c.layer)")
        return try type.init(configuration: Configuration(c.config, owner: "\(c.layer) '\(name)'"), name: name)
    }

    /// Expects `actual` to have the expected shape and values within `tolerance` × the largest
    /// magnitude of the expected tensor (1 when it is all zeros).
    static func expectMatches(_ actual: Tensor, _ expected: Fixture.Values, tolerance: Float = 1e-5, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), Keras \(expected.shape)", sourceLocation: sourceLocation)
        guard actual.count == expected.scalars.count else { return }
        let largest = expected.scalars.map(abs).max() ?? 0
        let allowed = tolerance * (largest > 0 ? largest : 1)
        for (i, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() where !(abs(a - e) <= allowed) {
            Issue.record("\(what), value \(i): \(a), Keras \(e) (±\(allowed))", sourceLocation: sourceLocation)
        }
    }

    static func expectMatches(_ actual: Float, _ expected: Float, tolerance: Float = 1e-5, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(actual - expected) <= tolerance * max(abs(expected), 1e-3), "\(what): \(actual), Keras \(expected)",
                sourceLocation: sourceLocation)
    }

    /// The objective Keras differentiated, as a loss: sum(predictions · upstream), upstream passed as the labels.
    static let upstreamObjective = Loss.custom(name: "keras_reference_upstream_objective") { p, upstream in try (p * upstream).sum() }

    /// A feed for input `x` ([batch, …, features]): one-hot rows `e` and the kernel (`x` as a matrix
    /// of [rows, features]) that a linear `Dense` without bias turns `e` into `x` with, exactly.
    static func oneHotFeed(_ x: Tensor) throws -> (e: Tensor, kernel: Tensor) {
        let features = try #require(x.shape.last)
        let rows = x.count / features
        var e = [Float](repeating: 0, count: rows * rows)
        for r in 0..<rows { e[r * rows + r] = 1 }
        return (try Tensor(shape: Array(x.shape.dropLast()) + [rows], scalars: e), try x.reshaped([rows, features]))
    }

    /// A linear `Dense` without bias, built on `input`, whose kernel is `kernel`.
    static func feedDense(_ input: SymbolicTensor, kernel: Tensor, name: String) throws -> (Dense, SymbolicTensor) {
        let dense = Dense(kernel.shape[1], useBias: false, name: name)
        let output = try dense(input)
        try #require(dense.kernel).assign(kernel)
        return (dense, output)
    }

    /// One SGD step at learning rate 1 on all rows at once; returns the loss `fit` reported.
    static func stepWithUpstreamObjective(_ model: Model, _ x: [Tensor], upstream: Tensor) throws -> Float {
        try model.compile(loss: upstreamObjective, optimizer: SGD(learningRate: 1))
        let history = try model.fit(x, [upstream], epochs: 1, batchSize: x[0].shape[0], shuffle: false, verbose: 0)
        return try #require(history["loss"]?.first)
    }

    /// sum(output · upstream) from the fixture, in Double.
    static func objective(_ output: Fixture.Values, _ upstream: Fixture.Values) -> Float {
        Float(zip(output.scalars, upstream.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) })
    }

    // MARK: The fixture

    @Test func fixtureIsComplete() throws {
        let fixture = try Fixture.load()
        #expect(fixture.kerasVersion == "3.15.1")
        #expect(fixture.backend == "tensorflow")
        #expect(fixture.merge.count == 12)
        #expect(fixture.mergeTies.count == 6)
        #expect(fixture.dense.count == 12)
        #expect(Set(fixture.merge.map(\.layer)) == Self.mergeClassNames)
        #expect(Set(fixture.mergeTies.map(\.layer)) == ["Maximum", "Minimum", "Average"])
        let activations: Set<String> = ["linear", "relu", "sigmoid", "tanh", "softmax", "elu", "gelu", "softplus", "swish", "leaky_relu"]
        #expect(Set(fixture.dense.map(\.activation)) == activations)
        #expect(fixture.dense.contains { !$0.useBias })
        #expect(fixture.dense.contains { $0.input.shape.count == 3 })
        #expect(fixture.facts.merge.tieGradientGoesToEarliestInput)
        #expect(fixture.facts.merge.averageGradientIsOneOverNAtTies)
        #expect(fixture.model.lossFunction == "sparse_categorical_crossentropy")
        #expect(fixture.model.lossUsesSoftmaxLogits)
        #expect(fixture.model.layers.map(\.name) == ["dense", "dense_1", "add", "dense_2"])
        #expect(Self.mergeNames.count == 12 && Self.tieNames.count == 6 && Self.denseNames.count == 12)
    }

    // MARK: Merge layers

    @Test(arguments: mergeNames + tieNames)
    func mergeThroughTheTape(_ name: String) throws {
        let c = try Self.mergeCase(name)
        let layer = try Self.makeMerge(c)
        var generator = RandomGenerator(seed: 0)
        let outputShape = try layer.build(inputShapes: c.inputs.map { Array($0.shape.dropFirst()) }, generator: &generator)[0]
        #expect([c.output.shape[0]] + outputShape == c.output.shape)
        let inputs = try c.inputs.map { try $0.tensor() }
        let upstream = try c.upstream.tensor()
        Self.expectMatches(try layer.forward(inputs, training: false)[0], c.output, "\(name): output")
        let (value, gradients) = try valueWithGradient(at: inputs) { t in try (layer.forward(t, training: true)[0] * upstream).sum() }
        Self.expectMatches(try value.item(), Self.objective(c.output, c.upstream), "\(name): objective")
        #expect(gradients.count == c.inputGradients.count)
        for (k, (gradient, expected)) in zip(gradients, c.inputGradients).enumerated() {
            Self.expectMatches(gradient, expected, "\(name): tape gradient of input \(k)")
        }
    }

    @Test(arguments: mergeNames + tieNames, [true, false])
    func mergeThroughThePlan(_ name: String, usesKernels: Bool) throws {
        let c = try Self.mergeCase(name)
        let mode = usesKernels ? "kernels" : "tape steps"
        let inputs = try c.inputs.map { try $0.tensor() }

        // Inputs → merge: predict.
        let symbols = c.inputs.map { Input(shape: Array($0.shape.dropFirst())) }
        let merge = try Self.makeMerge(c)
        let merged = try merge(symbols)
        let direct = try Model(inputs: symbols, outputs: [merged])
        direct.usesKernels = usesKernels
        Self.expectMatches(try direct.predict(inputs)[0], c.output, "\(name), \(mode): predict")

        // One-hot rows → Dense (kernel = input) per input → merge: predict, and one step of the objective.
        var feeds: [Tensor] = [], dense: [Dense] = [], hidden: [SymbolicTensor] = [], feedInputs: [Input] = []
        for (k, x) in inputs.enumerated() {
            let (e, kernel) = try Self.oneHotFeed(x)
            let input = Input(shape: Array(e.shape.dropFirst()))
            let (layer, output) = try Self.feedDense(input, kernel: kernel, name: "feed_\(k)")
            feeds.append(e)
            dense.append(layer)
            hidden.append(output)
            feedInputs.append(input)
        }
        let fedMerge = try Self.makeMerge(c)
        let fedOutput = try fedMerge(hidden)
        let model = try Model(inputs: feedInputs, outputs: [fedOutput])
        model.usesKernels = usesKernels
        Self.expectMatches(try model.predict(feeds)[0], c.output, "\(name), \(mode): predict after the feeds")
        let before = try dense.map { try #require($0.kernel).value }
        let loss = try Self.stepWithUpstreamObjective(model, feeds, upstream: c.upstream.tensor())
        Self.expectMatches(loss, Self.objective(c.output, c.upstream), "\(name), \(mode): objective")
        for (k, expected) in c.inputGradients.enumerated() {
            let after = try #require(dense[k].kernel).value
            let gradient = try (before[k] - after).reshaped(expected.shape)
            Self.expectMatches(gradient, expected, "\(name), \(mode): plan gradient of input \(k)")
        }
    }

    /// Keras's single-input merges are the identity (a fact the script checked); so are Synapse's.
    @Test func singleInputMergesAreTheIdentity() throws {
        let fixture = try Fixture.load()
        let x = try uniformTensor([3, 4], seed: 5)
        for (name, isIdentity) in fixture.facts.merge.singleInputMergeIsIdentity.sorted(by: { $0.key < $1.key }) {
            #expect(isIdentity, "Keras: \(name)")
            let type = try #require(Self.mergeType(name))
            let layer = try type.init(configuration: Configuration([:], owner: name), name: "single")
            #expect(try layer.forward([x], training: false)[0] == x, "\(name).forward")
            let input = Input(shape: [4])
            let output = try layer([input])
            let model = try Model(inputs: [input], outputs: [output])
            #expect(try model.predict(x) == x, "\(name) in a model")
        }
    }

    /// Keras refuses a Subtract of three inputs (a ValueError); so does Synapse.
    @Test func subtractRefusesThreeInputs() throws {
        let fixture = try Fixture.load()
        #expect(fixture.facts.merge.subtractThreeInputs.hasPrefix("ValueError"))
        let layer = Subtract()
        expectSynapseError(.invalidArgument, mentioning: ["exactly 2 inputs", "found 3"]) {
            _ = try layer([Input(shape: [4]), Input(shape: [4]), Input(shape: [4])])
        }
    }

    // MARK: Dense

    static func makeDense(_ c: Fixture.DenseCase, name: String = "dense") throws -> Dense {
        let activation = try Activation(configurationValue: .string(c.activation), owner: c.name)
        return Dense(c.units, activation: activation, useBias: c.useBias, name: name)
    }

    static func assignWeights(_ dense: Dense, _ c: Fixture.DenseCase) throws {
        try #require(dense.kernel).assign(c.kernel.tensor())
        if let bias = c.bias { try #require(dense.bias).assign(bias.tensor()) }
        #expect((dense.bias == nil) == !c.useBias)
    }

    @Test(arguments: denseNames)
    func denseThroughTheTape(_ name: String) throws {
        let c = try Self.denseCase(name)
        let dense = try Self.makeDense(c)
        var generator = RandomGenerator(seed: 0)
        let outputShape = try dense.build(inputShape: Array(c.input.shape.dropFirst()), generator: &generator)
        #expect([c.output.shape[0]] + outputShape == c.output.shape)
        try Self.assignWeights(dense, c)
        let x = try c.input.tensor(), upstream = try c.upstream.tensor()
        Self.expectMatches(try dense.forward(x, training: false), c.output, "\(name): output")

        let (value, inputGradient) = try valueWithGradient(at: x) { t in try (dense.forward(t, training: true) * upstream).sum() }
        Self.expectMatches(try value.item(), Self.objective(c.output, c.upstream), "\(name): objective")
        Self.expectMatches(inputGradient, c.gradients.input, "\(name): input gradient")
        let (_, gradients) = try valueWithGradient(at: dense.parameters) { try (dense.forward(x, training: true) * upstream).sum() }
        Self.expectMatches(gradients[0], c.gradients.kernel, "\(name): kernel gradient")
        if let bias = c.gradients.bias {
            #expect(gradients.count == 2)
            if gradients.count == 2 { Self.expectMatches(gradients[1], bias, "\(name): bias gradient") }
        } else {
            #expect(gradients.count == 1)
        }
    }

    @Test(arguments: denseNames, [true, false])
    func denseThroughThePlan(_ name: String, usesKernels: Bool) throws {
        let c = try Self.denseCase(name)
        let mode = usesKernels ? "kernels" : "tape steps"
        let x = try c.input.tensor()

        // Input → Dense: predict.
        let input = Input(shape: Array(c.input.shape.dropFirst()))
        let direct = try Self.makeDense(c)
        let model = try Model(inputs: [input], outputs: [try direct(input)])
        try Self.assignWeights(direct, c)
        model.usesKernels = usesKernels
        Self.expectMatches(try model.predict(x), c.output, "\(name), \(mode): predict")

        // One-hot rows → feed Dense (kernel = x) → Dense: one step of the objective.
        let (e, feedKernel) = try Self.oneHotFeed(x)
        let rows = Input(shape: Array(e.shape.dropFirst()))
        let (feed, hidden) = try Self.feedDense(rows, kernel: feedKernel, name: "feed")
        let dense = try Self.makeDense(c)
        let fed = try Model(inputs: [rows], outputs: [try dense(hidden)])
        try Self.assignWeights(dense, c)
        fed.usesKernels = usesKernels
        Self.expectMatches(try fed.predict(e), c.output, "\(name), \(mode): predict after the feed")
        let kernelBefore = try #require(dense.kernel).value, biasBefore = dense.bias?.value
        let loss = try Self.stepWithUpstreamObjective(fed, [e], upstream: c.upstream.tensor())
        Self.expectMatches(loss, Self.objective(c.output, c.upstream), "\(name), \(mode): objective")
        let inputGradient = try (feedKernel - (try #require(feed.kernel).value)).reshaped(c.input.shape)
        Self.expectMatches(inputGradient, c.gradients.input, "\(name), \(mode): input gradient")
        Self.expectMatches(try kernelBefore - (try #require(dense.kernel).value), c.gradients.kernel, "\(name), \(mode): kernel gradient")
        if let expected = c.gradients.bias, let biasBefore, let bias = dense.bias {
            Self.expectMatches(try biasBefore - bias.value, expected, "\(name), \(mode): bias gradient")
        }
    }

    /// Keras's "leaky_relu" activation string has slope 0.2 (its LeakyReLU layer defaults to 0.3);
    /// Synapse's `.leakyReLU` and the configuration name agree with the activation.
    @Test func leakyReLUSlopeIsKerasActivationDefault() throws {
        let fixture = try Fixture.load()
        let slope = fixture.facts.activations.leakyReLUActivationNegativeSlope
        #expect(Activation.leakyReLU == .leakyReLU(alpha: slope))
        #expect(try Activation(configurationValue: .string("leaky_relu"), owner: "test") == .leakyReLU(alpha: slope))
        #expect(fixture.facts.activations.geluStringIsExactErf) // checked numerically by the "gelu" Dense case
    }

    // MARK: The functional model

    /// The fixture's model in Synapse, its weights assigned by layer name.
    static func makeKerasModel(_ m: Fixture.ModelCase, usesKernels: Bool) throws -> Model {
        func dense(_ name: String) throws -> Dense {
            let layer = try #require(m.layers.first { $0.name == name })
            let activation = try Activation(configurationValue: .string(try #require(layer.activation)), owner: name)
            return Dense(try #require(layer.units), activation: activation, name: name)
        }
        let input = Input(shape: Array(m.x.shape.dropFirst()), name: "input")
        let h = try dense("dense")(input)
        let g = try dense("dense_1")(h)
        let s = try Add(name: "add")([h, g])
        let out = try dense("dense_2")(s)
        let model = try Model(inputs: [input], outputs: [out], name: "merge_model")
        #expect(model.layers.map(\.name) == m.layers.map(\.name))
        for layer in m.layers where layer.className == "Dense" {
            let synapse = try #require(model.layers.first { $0.name == layer.name } as? Dense)
            try #require(synapse.kernel).assign(#require(layer.weights["kernel"]).tensor())
            try #require(synapse.bias).assign(#require(layer.weights["bias"]).tensor())
        }
        model.usesKernels = usesKernels
        return model
    }

    @Test(arguments: [true, false])
    func functionalModelMatchesKeras(usesKernels: Bool) throws {
        let m = try Fixture.load().model
        let mode = usesKernels ? "kernels" : "tape steps"
        let model = try Self.makeKerasModel(m, usesKernels: usesKernels)
        let x = try m.x.tensor(), labels = Tensor(m.labels.map(Float.init))

        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(learningRate: 0))
        Self.expectMatches(try model.predict(x), m.output, "\(mode): predict")
        Self.expectMatches(try #require(try model.evaluate(x, labels)["loss"]), m.loss, "\(mode): evaluate loss")
        Self.expectMatches(m.evaluateLoss, m.loss, "Keras evaluate vs compute_loss")

        // One step at learning rate 1 on all rows: every weight moves by −gradient.
        let before = model.parameters.map { ($0.path, $0.value) }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(learningRate: 1))
        let history = try model.fit(x, labels, batchSize: m.labels.count, shuffle: false, verbose: 0)
        Self.expectMatches(try #require(history["loss"]?.first), m.loss, "\(mode): fit loss")
        #expect(before.map { $0.0 } == ["dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias", "dense_2.kernel", "dense_2.bias"])
        for ((path, value), parameter) in zip(before, model.parameters) {
            let parts = path.split(separator: ".").map(String.init)
            let expected = try #require(m.gradients[parts[0]]?[parts[1]], "no Keras gradient for \(path)")
            Self.expectMatches(try value - parameter.value, expected, "\(mode): gradient of \(path)")
        }
    }

    /// A custom training loop (the model called on tensors, through the tape) gives Keras's loss and
    /// gradients directly.
    @Test func functionalModelGradientsThroughValueWithGradient() throws {
        let m = try Fixture.load().model
        let model = try Self.makeKerasModel(m, usesKernels: true)
        let x = try m.x.tensor(), labels = Tensor(m.labels.map(Float.init))
        Self.expectMatches(try model(x), m.output, "model(x)")
        let (loss, gradients) = try valueWithGradient(at: model.trainableParameters) {
            try Loss.sparseCategoricalCrossEntropy(labels: labels, predictions: model(x, training: true))
        }
        Self.expectMatches(try loss.item(), m.loss, "loss")
        for (parameter, gradient) in zip(model.trainableParameters, gradients) {
            let parts = parameter.path.split(separator: ".").map(String.init)
            let expected = try #require(m.gradients[parts[0]]?[parts[1]], "no Keras gradient for \(parameter.path)")
            Self.expectMatches(gradient, expected, "gradient of \(parameter.path)")
        }
    }

    // MARK: Dropout

    /// What the script checked of Keras's Dropout holds for Synapse's: the identity at inference, and
    /// in training some units dropped and the kept ones scaled by 1 / (1 − rate).
    @Test func dropoutFactsHold() throws {
        let facts = try Fixture.load().dropout
        #expect(facts.inferenceIsIdentity && facts.callWithoutTrainingIsIdentity)
        #expect(facts.trainingDropsSomeUnits && facts.trainingScalesKeptByInverseKeepProbability)
        let dropout = Dropout(facts.rate, seed: 1234)
        var generator = RandomGenerator(seed: 0)
        _ = try dropout.build(inputShape: [200], generator: &generator)
        let x = try uniformTensor([3, 200], low: 0.5, high: 2, seed: 9)
        #expect(try dropout.forward(x, training: false) == x)
        let trained = try dropout.forward(x, training: true)
        let kept = zip(trained.scalars, x.scalars).filter { $0.0 != 0 }
        #expect(!kept.isEmpty && kept.count < x.count)
        for (y, value) in kept { #expect(abs(y - value / (1 - facts.rate)) <= 1e-6 * abs(y)) }
        // And in a model: predict is the identity.
        let input = Input(shape: [200])
        let model = try Model(inputs: [input], outputs: [try Dropout(facts.rate, seed: 1234)(input)])
        #expect(try model.predict(x) == x)
    }
}
