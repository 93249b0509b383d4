import Foundation
import Synapse
import Testing

@Suite("GradientFlow")
struct GradientFlowTests {
    /// Keeps, for every batch, each parameter's value before the batch and its gradient after it.
    final class BatchRecorder: Callback {
        var before: [[Float]] = []
        var gradients: [[Float]] = []
        func batchWillBegin(_ batch: Int, training: TrainingContext) {
            before.append(training.model.trainableParameters.flatMap(\.value.scalars))
        }
        func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {
            gradients.append(training.model.trainableParameters.flatMap { training.gradient(of: $0)?.scalars ?? [] })
        }
    }

    static func norm(_ values: [Float]) -> Float { Float(values.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()) }

    static func close(_ a: Float?, _ b: Float, relative: Float = 1e-5) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= relative * max(abs(b), 1e-30)
    }

    /// A deep sigmoid stack with a tiny initialisation: the gradients shrink by about 100× per layer
    /// on their way back, so the early layers learn nothing.
    static func brokenNetwork() throws -> Sequential {
        let model = Sequential(seed: 11) {
            Input(4)
            for _ in 0..<8 { Dense(16, activation: .sigmoid, kernelInitializer: .randomNormal(standardDeviation: 0.01)) }
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1))
        return model
    }

    static var brokenX: Tensor {
        var rows: [[Float]] = []
        for i in 0..<32 {
            var row: [Float] = []
            for j in 0..<4 { row.append(Float((i * 7 + j * 3) % 11) / 10 - 0.5) }
            rows.append(row)
        }
        return Tensor(rows)
    }
    static var brokenY: Tensor { Tensor((0..<32).map { [Float($0 % 2)] }) }

    @Test func normsAndUpdateRatioMatchAHandComputation() throws {
        let dense = Dense(1)
        let model = Sequential { Input(2); dense }
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        try #require(dense.kernel).assign(Tensor([[0.5], [-1]]))
        let flow = try GradientFlow(every: 1, warn: false)
        // x = [1, 2], y = 0: p = −1.5, dL/dp = −3, g = [−3, −6 | −3], ‖g‖ = √54; w = [0.5, −1 | 0],
        // ‖w‖ = √1.25; SGD moves w by 0.1·g: ‖Δw‖/‖w‖ = 0.1·√54/√1.25.
        try model.fit(Tensor([[1, 2]]), Tensor([[0]]), epochs: 1, verbose: 0, callbacks: [flow])
        let record = try #require(flow.records.first)
        #expect(flow.records.count == 1)
        #expect(record.layer == dense.name && record.step == 1 && record.epoch == 0)
        #expect(Self.close(record.gradientNorm, 7.348469))
        #expect(Self.close(record.weightNorm, 1.118034))
        #expect(Self.close(record.updateRatio, 0.6572671))
        #expect(record.deadFraction == nil)
    }

    @Test func everyRecordedBatchMatchesTheContextsGradients() throws {
        let model = try tinyRegressionModel(optimizer: SGD(learningRate: 0.1))
        let flow = try GradientFlow(every: 3, warn: false)
        let recorder = BatchRecorder()
        // 8 rows in batches of 2: 4 batches an epoch, 8 in all; steps 1, 4 and 7 are recorded.
        try model.fit(callbackX, callbackY, epochs: 2, batchSize: 2, shuffle: false, verbose: 0, callbacks: [flow, recorder])
        let layers = model.layers.map(\.name)
        #expect(flow.records.map(\.step) == [1, 1, 4, 4, 7, 7])
        #expect(flow.records.map(\.epoch) == [0, 0, 0, 0, 1, 1])
        #expect(flow.records.map(\.layer) == layers + layers + layers)
        // The first layer's kernel [2, 3] and bias [3] come first in the flat lists: 9 values.
        for record in flow.records {
            let range = record.layer == layers[0] ? 0..<9 : 9..<13
            let g = Array(recorder.gradients[record.step - 1][range])
            let w = Array(recorder.before[record.step - 1][range])
            #expect(Self.close(record.gradientNorm, Self.norm(g), relative: 1e-6))
            #expect(Self.close(record.weightNorm, Self.norm(w), relative: 1e-6))
            #expect(Self.close(record.updateRatio, 0.1 * Self.norm(g) / Self.norm(w), relative: 1e-4))
        }
    }

    @Test func theBrokenNetworksEarlyLayersVanish() throws {
        let model = try Self.brokenNetwork()
        let messages = MessageLog()
        let flow = try GradientFlow(every: 2, write: messages.write)
        try model.fit(Self.brokenX, Self.brokenY, epochs: 3, batchSize: 8, verbose: 0, callbacks: [flow])
        let names = model.layers.map(\.name)
        #expect(names.count == 9)
        // ‖g‖ falls about 100× a layer towards the input (3e-15 for the first, 5e-9 for the fourth
        // at the first step, against the default threshold 1e-7): those four vanish from the start.
        #expect(Array(flow.vanishingLayers.prefix(4)) == Array(names.prefix(4)))
        #expect(!flow.vanishingLayers.contains(names[8]))
        #expect(!flow.vanishingLayers.contains(names[7]))
        #expect(flow.explodingLayers.isEmpty)
        // One warning per vanishing layer, naming it, although every recorded batch vanishes.
        #expect(messages.lines.count == flow.vanishingLayers.count)
        for (line, name) in zip(messages.lines, flow.vanishingLayers) {
            #expect(line.hasPrefix("GradientFlow: the gradients of layer '\(name)' vanish at step "))
        }
    }

    @Test func aReLULayerWithAVeryNegativeBiasIsDead() throws {
        let dead = Dense(4, activation: .relu, biasInitializer: .constant(-100))
        let half = Dense(2)
        let relu = ReLU()
        let model = Sequential(seed: 2) { Input(2); dead; half; relu; Dense(1) }
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.01))
        // The second layer: unit 0 copies x₀ + x₁ (> 0 for every row), unit 1 its negative (never > 0).
        try #require(half.kernel).assign(Tensor([[1, -1], [1, -1], [1, -1], [1, -1]]))
        // Its input is the dead layer's output, 0 everywhere: give it a bias that keeps unit 0 alive.
        try #require(half.bias).assign(Tensor([1, -1]))
        let flow = try GradientFlow(every: 1, warn: false)
        try model.fit(Tensor([[0.1, 0.2], [0.3, 0.4]]), Tensor([[1], [2]]), epochs: 1, verbose: 0, callbacks: [flow])
        let byLayer = Dictionary(uniqueKeysWithValues: flow.records.map { ($0.layer, $0) })
        #expect(byLayer[dead.name]?.deadFraction == 1)
        #expect(byLayer[relu.name]?.deadFraction == 0.5)
        #expect(byLayer[relu.name]?.gradientNorm == nil)
        #expect(byLayer[half.name]?.deadFraction == nil)
        // No unit of the dead layer passes a gradient: its kernel and bias get exactly zero.
        #expect(byLayer[dead.name]?.gradientNorm == 0)
    }

    @Test func theJSONRoundTrips() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let model = try tinyRegressionModel()
        let flow = try GradientFlow(every: 2, jsonPath: folder.file("flow.json"), warn: false)
        try model.fit(callbackX, callbackY, epochs: 2, batchSize: 4, verbose: 0, callbacks: [flow])
        let read = try GradientFlowRecord.records(contentsOf: folder.file("flow.json"))
        #expect(read == flow.records)
        #expect(read.count == 4)
        let text = try String(contentsOfFile: folder.file("flow.json"), encoding: .utf8)
        #expect(text.contains("\"dead_fraction\":null"))
        #expect(text.contains("\"gradient_norm\":"))
        #expect(throws: SynapseError.self) { try GradientFlowRecord.records(contentsOf: folder.file("missing.json")) }
    }

    @Test func theChartHasOneRowPerLayer() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let model = try Self.brokenNetwork()
        let flow = try GradientFlow(every: 1, svgPath: folder.file("flow.svg"), warn: false)
        try model.fit(Self.brokenX, Self.brokenY, epochs: 2, batchSize: 8, verbose: 0, callbacks: [flow])
        let svg = try String(contentsOfFile: folder.file("flow.svg"), encoding: .utf8)
        #expect(svg == flow.chartSVG())
        let names = model.layers.map(\.name)
        let panels = svg.components(separatedBy: "<g class=\"panel\"").dropFirst()
        #expect(panels.count == 2)
        for panel in panels {
            #expect(panel.components(separatedBy: "<g class=\"row\"").count - 1 == names.count)
            let rows = panel.components(separatedBy: "data-layer=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(rows.map(String.init) == names)
        }
        // 8 steps per row; the first layer's cells are all marked vanishing, the last's none.
        let gradientPanel = String(panels.first!)
        let firstRow = gradientPanel.components(separatedBy: "data-layer=\"\(names[0])\"")[1].components(separatedBy: "</g>")[0]
        let lastRow = gradientPanel.components(separatedBy: "data-layer=\"\(names[8])\"")[1].components(separatedBy: "</g>")[0]
        #expect(firstRow.components(separatedBy: "class=\"cell\"").count - 1 == 8)
        #expect(firstRow.components(separatedBy: "data-condition=\"vanishing\"").count - 1 == 8)
        #expect(!lastRow.contains("data-condition"))
        if let gallery = ProcessInfo.processInfo.environment["SYNAPSE_GRADIENT_FLOW_SVG"] {
            try svg.write(toFile: gallery, atomically: true, encoding: .utf8)
        }
    }

    @Test func aSequentialWithoutAnInputIsMeasuredToo() throws {
        let model = Sequential(seed: 4) { Dense(3, activation: .relu); Dense(1) }
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        let flow = try GradientFlow(every: 4, warn: false)
        try model.fit(callbackX, callbackY, epochs: 1, batchSize: 2, verbose: 0, callbacks: [flow])
        #expect(flow.records.map(\.layer) == model.layers.map(\.name))
        #expect(flow.records.first?.deadFraction != nil)
    }

    @Test func badArgumentsAreRefused() {
        #expect(throws: SynapseError.self) { try GradientFlow(every: 0) }
        #expect(throws: SynapseError.self) { try GradientFlow(vanishingThreshold: 0) }
        #expect(throws: SynapseError.self) { try GradientFlow(vanishingThreshold: 1, explodingThreshold: 0.5) }
    }

    @Test func outputOfALayerIsItsLastTrainingBatch() throws {
        let dense = Dense(2, activation: .relu)
        let model = Sequential { Input(2); dense }
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0))
        try #require(dense.kernel).assign(Tensor([[1, -1], [2, 0]]))
        final class OutputRecorder: Callback {
            let layer: any Layer
            var outputs: [Tensor?] = []
            init(_ layer: any Layer) { self.layer = layer }
            func trainingWillBegin(_ training: TrainingContext) { outputs.append(training.output(of: layer)) }
            func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) { outputs.append(training.output(of: layer)) }
        }
        let recorder = OutputRecorder(dense)
        try model.fit(Tensor([[1, 1], [-1, 0.5]]), Tensor([[0, 0], [0, 0]]), epochs: 1, shuffle: false, verbose: 0, callbacks: [recorder])
        #expect(recorder.outputs.count == 2)
        #expect(recorder.outputs[0] == nil)
        // relu([1 + 2, −1]) = [3, 0]; relu([−1 + 1, 1]) = [0, 1].
        #expect(recorder.outputs[1]?.shape == [2, 2])
        #expect(recorder.outputs[1]?.scalars == [3, 0, 0, 1])
    }
}
