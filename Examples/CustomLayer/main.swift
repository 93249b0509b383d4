// A custom layer: Swish with a trainable slope per feature, y = x · sigmoid(β ⊙ x). It is written
// with tensor ops only — no backward pass, no kernels — so a model runs it through the autodiff
// tape, between built-in layers that run their own kernels. Registered with LayerRegistry, a model
// that contains it saves and loads like any other.
import Foundation
import Synapse

/// Swish with a learned β per feature (β starts at 1, the plain swish/SiLU), as in Ramachandran et
/// al., "Searching for activation functions" (2017).
final class LearnedSwish: Layer {
    var name: String
    var typeName: String { "LearnedSwish" }
    /// The value every β starts at (a hyper-parameter, saved in the configuration).
    let initialBeta: Float
    /// `[features]`, created by `build`.
    private(set) var beta: Parameter?

    /// 1. The initialiser takes the hyper-parameters only; there are no weights yet.
    init(initialBeta: Float = 1, name: String = "") {
        self.initialBeta = initialBeta
        self.name = name
    }

    /// The parameters, in a fixed order (what optimizers, saving and the plan see).
    var parameters: [Parameter] { beta.map { [$0] } ?? [] }

    /// 2. `build` runs once the shape of one input sample is known, and declares the weights.
    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard let features = inputShape.last, features > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected samples with a last axis of features, found \(inputShape)")
        }
        beta = try makeParameter("beta", shape: [features], initializer: .constant(initialBeta), generator: &generator)
        return inputShape                               // the output has the input's shape
    }

    /// 3. The forward pass, made of differentiable tensor ops: the tape derives the backward pass.
    func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let beta else { throw SynapseError.invalidState("\(name): the layer is used before it was built") }
        return try input * (input * beta.value).sigmoid()
    }

    /// 4. The hyper-parameters as JSON, and the initialiser that rebuilds the layer from them.
    var configuration: [String: JSONValue] { ["initial_beta": .number(Double(initialBeta))] }

    convenience init(configuration: Configuration, name: String) throws {
        self.init(initialBeta: try configuration.float("initial_beta", default: 1), name: name)
    }
}

do {
    // 5. Registration maps the saved type name to the type, so that files containing it load.
    LayerRegistry.register(LearnedSwish.self, as: "LearnedSwish")

    let (train, test) = try MNIST.loadBundled().split()
    setRandomSeed(0)
    let input = Input(shape: [784], name: "pixels")
    let hidden = try Dense(128, name: "hidden")(input)
    let swish = LearnedSwish(name: "swish")
    let activated = try swish(hidden)
    let output = try Dense(10, activation: .softmax, name: "digit")(activated)
    let model = try Model(inputs: [input], outputs: [output], name: "learned_swish")
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
    model.summary()

    try model.fit(train.images, train.labels, epochs: 3, batchSize: 32, verbose: 2)
    let scores = try model.evaluate(test.images, test.labels)
    print(String(format: "Test accuracy %.4f, loss %.4f", scores["accuracy"]!, scores["loss"]!))
    let betas = swish.beta!.value.scalars
    print(String(format: "β after training: min %.3f, mean %.3f, max %.3f (all started at 1)",
                 betas.min()!, betas.reduce(0, +) / Float(betas.count), betas.max()!))

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("learned_swish.safetensors").path
    try model.save(to: path)
    let restored = try Model.load(from: path)
    let same = try restored.predict(test.images) == model.predict(test.images)
    print("Saved to \(path); the loaded model predicts \(same ? "exactly the same values" : "DIFFERENT values") on \(test.count) test images")
    if !same { exit(1) }
} catch {
    print("error: \(error)")
    exit(1)
}
