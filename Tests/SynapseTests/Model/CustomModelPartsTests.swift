import Foundation
import Synapse
import Testing

// The custom parts of functional models: layers without kernels (run through the tape), custom
// losses, and frozen layers.

// MARK: - Custom layers (tape only: they conform to `Layer`, not `KernelLayer`)

/// `y = x ⊙ α`: one trainable factor per feature, written with tensor ops only.
final class Scale: Layer {
    var name: String
    var typeName: String { "Scale" }
    /// The value every factor starts at.
    let initialValue: Float
    /// `[features]`, created by `build`.
    private(set) var alpha: Parameter?

    init(initialValue: Float = 1, name: String = "") {
        self.initialValue = initialValue
        self.name = name
    }

    var parameters: [Parameter] { alpha.map { [$0] } ?? [] }

    var configuration: [String: JSONValue] { ["initial_value": .number(Double(initialValue))] }

    convenience init(configuration: Configuration, name: String) throws {
        self.init(initialValue: try configuration.float("initial_value", default: 1), name: name)
    }

    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard let features = inputShape.last, features > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected samples with a last axis of features, found \(inputShape)")
        }
        let initializer: Initializer = initialValue == 1 ? .ones : .constant(initialValue)
        alpha = try makeParameter("alpha", shape: [features], initializer: initializer, generator: &generator)
        return inputShape
    }

    func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let alpha else { throw SynapseError.invalidState("\(name): the layer is used before it was built") }
        return try input * alpha.value
    }
}

/// `y = x + shift`, never registered with the ``LayerRegistry``: files that contain it do not load.
final class UnregisteredShift: Layer {
    var name: String
    var typeName: String { "UnregisteredShift" }
    let shift: Float

    init(shift: Float, name: String = "") {
        self.shift = shift
        self.name = name
    }

    var configuration: [String: JSONValue] { ["shift": .number(Double(shift))] }

    convenience init(configuration: Configuration, name: String) throws {
        self.init(shift: try configuration.float("shift"), name: name)
    }

    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] { inputShape }

    func forward(_ input: Tensor, training: Bool) throws -> Tensor { input + shift }
}


/// Custom layers, custom losses and frozen layers in functional models.
extension FunctionalModelTests {
    // MARK: Custom layers

    static func scaledModel(_ middle: any Layer) throws -> Model {
        let input = Input(shape: [4], name: "x")
        let before = try Dense(8, activation: .tanh, name: "before")(input)
        let scaled = try middle(before)
        let after = try Dense(1, name: "after")(scaled)
        return try Model(inputs: [input], outputs: [after], name: "scaled")
    }

    static func regressionData(rows: Int = 48, seed: UInt64) throws -> (x: Tensor, y: Tensor) {
        let x = try Tensor.randomUniform([rows, 4], low: -1, high: 1, seed: seed)
        let s = x.scalars
        let y = try Tensor(shape: [rows, 1], scalars: (0..<rows).map { r in
            sin(2 * s[4 * r]) + s[4 * r + 1] * s[4 * r + 2] - 0.5 * s[4 * r + 3]
        })
        return (x, y)
    }

    /// A layer with no kernels runs through the tape inside the plan: its gradient is the tape's, it
    /// trains, and once registered it saves and loads.
    @Test func aCustomLayerTrainsWithTheRightGradientAndReloads() throws {
        let scale = Scale(initialValue: 1, name: "scale")
        let model = try Self.scaledModel(scale)
        let alpha = try #require(scale.alpha)
        #expect(alpha.value == Tensor([Float](repeating: 1, count: 8)))
        #expect(model.parameters.map(\.path) == ["before.kernel", "before.bias", "scale.alpha", "after.kernel", "after.bias"])
        #expect(Self.rows(of: model.summary(print: false), startingWith: "scale (Scale)").first?.contains(" 8 │ before[0][0]") == true)

        let (x, y) = try Self.regressionData(seed: 61)
        let parameters = model.trainableParameters
        let (loss, gradients) = try valueWithGradient(at: parameters) {
            try Loss.meanSquaredError(labels: y, predictions: model(x, training: true))
        }
        #expect(gradients[2].scalars.contains { $0 != 0 }, "the gradient reaches alpha")
        #expect(gradients[0].scalars.contains { $0 != 0 }, "the gradient passes through the custom layer")
        let before = parameters.map(\.value)
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        let history = try model.fit(x, y, epochs: 1, batchSize: 48, shuffle: false, verbose: 0)
        expectValue(try #require(history["loss"])[0], try loss.item(), tolerance: 1e-5)
        for (k, parameter) in parameters.enumerated() {
            let step = try (before[k] - parameter.value) * 10
            expectValues(step, gradients[k].scalars, shape: parameter.shape, tolerance: 1e-4, parameter.path)
        }

        try model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.02))
        let trained = try model.fit(x, y, epochs: 40, batchSize: 16, verbose: 0)
        let losses = try #require(trained["loss"])
        #expect(losses.last! < 0.5 * losses.first!, "\(losses.first!) → \(losses.last!)")
        #expect(alpha.value != Tensor([Float](repeating: 1, count: 8)))

        LayerRegistry.register(Scale.self, as: "Scale")
        let path = try Self.temporaryPath("scaled")
        try model.save(to: path)
        let restored = try Model.load(from: path)
        let restoredScale = try #require(restored.layers.compactMap { $0 as? Scale }.first)
        #expect(restoredScale.name == "scale")
        #expect(restoredScale.alpha?.value == alpha.value)
        #expect(try restored.predict(x) == model.predict(x))
        #expect(try restored.evaluate(x, y) == model.evaluate(x, y))

        // A non-default hyper-parameter goes through the configuration.
        let custom = try Self.scaledModel(Scale(initialValue: 0.5, name: "half"))
        let customPath = try Self.temporaryPath("half")
        try custom.save(to: customPath)
        let reloadedHalf = try #require(try Model.load(from: customPath).layers.compactMap { $0 as? Scale }.first)
        #expect(reloadedHalf.initialValue == 0.5)
    }

    @Test func anUnregisteredCustomLayerDoesNotLoad() throws {
        let model = try Self.scaledModel(UnregisteredShift(shift: 0.25, name: "shift"))
        let x = try Tensor.randomUniform([5, 4], seed: 62)
        #expect(model.layers.map(\.typeName) == ["Dense", "UnregisteredShift", "Dense"])
        #expect(try model.predict(x).shape == [5, 1])
        let path = try Self.temporaryPath("shifted")
        try model.save(to: path)
        // (The message names the layer but not the file: LayerRegistry.make is called without the source.)
        expectSynapseError(.fileError, mentioning: ["'UnregisteredShift'", "'shift'", "LayerRegistry.register"]) {
            _ = try Model.load(from: path)
        }
    }

    // MARK: Custom losses

    @Test func aCustomLossTrainsReportsItsValueAndReloadsOnceRegistered() throws {
        let mae = Loss.custom(name: "mae_custom") { p, y in try (p - y).abs().mean() }
        let (x, y) = try Self.regressionData(rows: 64, seed: 71)
        let input = Input(shape: [4], name: "x")
        let output = try Dense(1, name: "out")(try Dense(12, activation: .tanh, name: "hidden")(input))
        let model = try Model(inputs: [input], outputs: [output], name: "mae_model")
        try model.compile(loss: mae, optimizer: Adam(learningRate: 0.02), metrics: [.meanAbsoluteError])
        let history = try model.fit(x, y, epochs: 30, batchSize: 16, verbose: 0)
        let losses = try #require(history["loss"])
        #expect(losses.last! < 0.7 * losses.first!, "\(losses.first!) → \(losses.last!)")

        let scores = try model.evaluate(x, y, batchSize: 24)
        let p = try model.predict(x).scalars, t = y.scalars
        let byHand = Float(zip(p, t).reduce(0.0) { $0 + Double(Swift.abs($1.0 - $1.1)) } / Double(p.count))
        expectValue(scores["loss"]!, byHand, tolerance: 1e-5)
        expectValue(scores["mean_absolute_error"]!, byHand, tolerance: 1e-5)

        Loss.register(mae)
        let path = try Self.temporaryPath("mae")
        try model.save(to: path)
        let restored = try Model.load(from: path)
        #expect(restored.compiled?.loss.name == "mae_custom")
        #expect(restored.compiled?.loss.isCustom == true)
        #expect(try restored.predict(x) == model.predict(x))
        #expect(try restored.evaluate(x, y, batchSize: 24) == scores)

        // A loss nobody registered (registration is global, so another name).
        let unknown = Loss.custom(name: "mae_never_registered") { p, y in try (p - y).abs().mean() }
        try model.compile(loss: unknown, optimizer: Adam())
        let unknownPath = try Self.temporaryPath("unknown-loss")
        try model.save(to: unknownPath)
        expectSynapseError(.fileError, mentioning: [unknownPath, "'mae_never_registered'", "Loss.register"]) {
            _ = try Model.load(from: unknownPath)
        }
    }

    // MARK: Frozen layers

    @Test func aFrozenLayerKeepsItsWeights() throws {
        let input = Input(shape: [4], name: "x")
        let first = Dense(8, activation: .tanh, name: "first")
        let frozen = Dense(8, activation: .tanh, name: "frozen")
        let last = Dense(1, name: "last")
        let output = try last(try frozen(try first(input)))
        let model = try Model(inputs: [input], outputs: [output], name: "partly_frozen")
        frozen.isTrainable = false
        #expect(!frozen.isTrainable && first.isTrainable)
        #expect(model.trainableParameters.map(\.path) == ["first.kernel", "first.bias", "last.kernel", "last.bias"])
        let summary = model.summary(print: false)
        // 4·8 + 8 + 8 + 1 = 49 trainable; 8·8 + 8 = 72 frozen.
        #expect(summary.contains("Total params: 121 (484.00 B)"), "\(summary)")
        #expect(summary.contains("Trainable params: 49 (196.00 B)"), "\(summary)")
        #expect(summary.contains("Non-trainable params: 72 (288.00 B)"), "\(summary)")

        let (x, y) = try Self.regressionData(seed: 81)
        let frozenBefore = frozen.parameters.map(\.value)
        let firstBefore = first.parameters.map(\.value)
        try model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.02))
        try model.fit(x, y, epochs: 3, batchSize: 16, verbose: 0)
        #expect(frozen.parameters.map(\.value) == frozenBefore)
        #expect(first.parameters.map(\.value) != firstBefore)

        // Unfreezing after training (the model lays its parameters out again), then freezing another.
        frozen.isTrainable = true
        try model.fit(x, y, epochs: 1, batchSize: 16, verbose: 0)
        #expect(frozen.parameters.map(\.value) != frozenBefore)
        first.isTrainable = false
        let firstFrozen = first.parameters.map(\.value)
        try model.fit(x, y, epochs: 2, batchSize: 16, verbose: 0)
        #expect(first.parameters.map(\.value) == firstFrozen)
        #expect(model.summary(print: false).contains("Non-trainable params: 40 (160.00 B)"))
    }

}
