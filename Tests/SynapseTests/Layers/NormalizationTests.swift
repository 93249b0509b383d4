import Foundation
import Synapse
import Testing

/// BatchNormalization's moving statistics through the whole model life cycle (inference, fit,
/// evaluate, predict, validation, save/load, freezing), LayerNormalization's and SpatialDropout's
/// own behaviour, and the errors of their configurations.
@Suite("Normalization")
struct NormalizationTests {
    /// A model `Input([2]) → BatchNormalization → Dense(1)`.
    static func model(momentum: Float = 0.9, usesKernels: Bool = true) throws -> (Model, BatchNormalization) {
        let input = Input(shape: [2])
        let bn = BatchNormalization(momentum: momentum, name: "bn")
        let output = try Dense(1)(try bn(input))
        let model = try Model(inputs: [input], outputs: [output], seed: 2)
        model.usesKernels = usesKernels
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.05))
        return (model, bn)
    }

    static var x: Tensor { Tensor([[1, 2], [3, -1], [0.5, 4], [2, 2], [-1, 0], [6, 1]]) }
    static var y: Tensor { Tensor([[1], [0], [2], [1], [0], [3]]) }

    /// The biased mean and variance of each column of `rows`.
    static func statistics(_ rows: [[Float]]) -> (mean: [Float], variance: [Float]) {
        let n = Float(rows.count)
        let mean = (0..<rows[0].count).map { c in rows.map { $0[c] }.reduce(0, +) / n }
        let variance = (0..<rows[0].count).map { c in rows.map { ($0[c] - mean[c]) * ($0[c] - mean[c]) }.reduce(0, +) / n }
        return (mean, variance)
    }

    static func rows(_ t: Tensor, _ range: Range<Int>) -> [[Float]] {
        range.map { r in (0..<t.shape[1]).map { t.scalars[r * t.shape[1] + $0] } }
    }

    static func close(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    /// The moving statistics after one step per batch of `batches`, by hand.
    static func movedStatistics(_ batches: [[[Float]]], momentum: Float) -> (mean: [Float], variance: [Float]) {
        var mean: [Float] = [0, 0], variance: [Float] = [1, 1]
        for batch in batches {
            let s = statistics(batch)
            mean = (0..<2).map { mean[$0] * momentum + s.mean[$0] * (1 - momentum) }
            variance = (0..<2).map { variance[$0] * momentum + s.variance[$0] * (1 - momentum) }
        }
        return (mean, variance)
    }

    @Test func inferenceUsesTheMovingStatistics() throws {
        let bn = BatchNormalization(epsilon: 0.01, name: "bn")
        var generator = RandomGenerator(seed: 0)
        _ = try bn.build(inputShape: [2], generator: &generator)
        try #require(bn.gamma).assign(Tensor([2, -1]))
        try #require(bn.beta).assign(Tensor([0.5, 0]))
        try #require(bn.movingMean).assign(Tensor([1, -2]))
        try #require(bn.movingVariance).assign(Tensor([4, 0.25]))
        let x = Tensor([[3, 0], [1, -2]])
        let s0 = Float(4.01).squareRoot(), s1 = Float(0.26).squareRoot()
        let expected: [Float] = [4 / s0 + 0.5, -2 / s1, 0.5, 0]
        #expect(Self.close(try bn.forward(x, training: false).scalars, expected))
        // Through a model's plan (kernels and tape) too.
        let input = Input(shape: [2])
        let model = try Model(inputs: [input], outputs: [try bn(input)])
        for usesKernels in [true, false] {
            model.usesKernels = usesKernels
            #expect(Self.close(try model.predict(x).scalars, expected), "usesKernels \(usesKernels)")
        }
        // In training, the batch's statistics instead: each column has mean 0 and variance ≈ 1.
        let trained = try bn.forward(x, training: true).scalars
        let unit = 1 / Float(1.01).squareRoot()
        let batchExpected: [Float] = [2 * unit + 0.5, -unit, -2 * unit + 0.5, unit]
        #expect(Self.close(trained, batchExpected))
    }

    @Test(arguments: [true, false])
    func fitUpdatesTheMovingStatisticsOncePerStep(usesKernels: Bool) throws {
        let (model, bn) = try Self.model(usesKernels: usesKernels)
        try model.fit(Self.x, Self.y, epochs: 1, batchSize: 4, shuffle: false, verbose: 0)
        // Two steps: rows 0..<4, then 4..<6.
        let expected = Self.movedStatistics([Self.rows(Self.x, 0..<4), Self.rows(Self.x, 4..<6)], momentum: 0.9)
        #expect(Self.close(try #require(bn.movingMean).value.scalars, expected.mean))
        #expect(Self.close(try #require(bn.movingVariance).value.scalars, expected.variance))
    }

    @Test(arguments: [true, false])
    func evaluationPredictionAndValidationLeaveThemAlone(usesKernels: Bool) throws {
        let (model, bn) = try Self.model(usesKernels: usesKernels)
        let mean = try #require(bn.movingMean), variance = try #require(bn.movingVariance)
        // validationSplit 1/3: the last two rows validate; training sees rows 0..<4 in one step.
        try model.fit(Self.x, Self.y, epochs: 1, batchSize: 4, shuffle: false, validationSplit: 1.0 / 3, verbose: 0)
        let expected = Self.movedStatistics([Self.rows(Self.x, 0..<4)], momentum: 0.9)
        #expect(Self.close(mean.value.scalars, expected.mean), "validation moved the statistics")
        #expect(Self.close(variance.value.scalars, expected.variance))
        let before = (mean.value, variance.value)
        _ = try model.evaluate(Self.x, Self.y)
        _ = try model.predict(Self.x)
        _ = try model(Self.x, training: false)
        #expect(mean.value == before.0 && variance.value == before.1)
    }

    @Test func saveAndLoadRestoreTheMovingStatistics() throws {
        let (model, bn) = try Self.model()
        try model.fit(Self.x, Self.y, epochs: 2, batchSize: 4, shuffle: false, verbose: 0)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-bn-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        let restored = try #require(loaded.layers.compactMap { $0 as? BatchNormalization }.first)
        #expect(restored.movingMean?.value == bn.movingMean?.value)
        #expect(restored.movingVariance?.value == bn.movingVariance?.value)
        #expect(restored.movingMean?.value != (try Tensor.zeros([2])), "the statistics never moved")
        #expect(restored.movingMean?.isTrainable == false && restored.movingVariance?.isTrainable == false)
        #expect(try loaded.predict(Self.x) == model.predict(Self.x))
    }

    /// A frozen layer stays frozen through a model file, also one whose only parameters are its state.
    @Test(arguments: [true, false])
    func aFrozenLayerStaysFrozenThroughAFile(centerAndScale: Bool) throws {
        let input = Input(shape: [2])
        let bn = BatchNormalization(center: centerAndScale, scale: centerAndScale, name: "bn")
        let model = try Model(inputs: [input], outputs: [try Dense(1)(try bn(input))])
        bn.isTrainable = false
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-bn-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        let restored = try #require(loaded.layers.compactMap { $0 as? BatchNormalization }.first)
        #expect(!restored.isTrainable, "the loaded layer is no longer frozen")
        #expect(restored.parameters.allSatisfy { !$0.isTrainable })
        try loaded.compile(loss: .meanSquaredError, optimizer: SGD())
        let mean = restored.movingMean?.value
        try loaded.fit(Self.x, Self.y, epochs: 1, batchSize: 3, shuffle: false, verbose: 0)
        #expect(restored.movingMean?.value == mean, "the loaded frozen layer moved its statistics")
    }

    @Test func theMovingStatisticsAreNeverTrainable() throws {
        let (model, bn) = try Self.model()
        let mean = try #require(bn.movingMean), variance = try #require(bn.movingVariance)
        #expect(mean.isLayerState && variance.isLayerState && !(bn.gamma?.isLayerState ?? true))
        #expect(bn.isTrainable, "a layer whose weights train is trainable, whatever its state")
        bn.isTrainable = false
        #expect(!bn.isTrainable && bn.gamma?.isTrainable == false)
        bn.isTrainable = true
        #expect(bn.isTrainable && bn.gamma?.isTrainable == true && bn.beta?.isTrainable == true)
        #expect(!mean.isTrainable && !variance.isTrainable)
        mean.isTrainable = true
        #expect(!mean.isTrainable, "assigning true to layer state changes nothing")
        let trainable = model.trainableParameters.map(\.path)
        #expect(!trainable.contains(mean.path) && !trainable.contains(variance.path) && trainable.contains(bn.gamma!.path))
        // A layer with only state keeps its own flag.
        let bare = BatchNormalization(center: false, scale: false)
        var generator = RandomGenerator(seed: 0)
        _ = try bare.build(inputShape: [3], generator: &generator)
        #expect(bare.isTrainable)
        bare.isTrainable = false
        #expect(!bare.isTrainable)
        bare.isTrainable = true
        #expect(bare.isTrainable && bare.parameters.allSatisfy { !$0.isTrainable })
    }

    @Test(arguments: [true, false])
    func aFrozenLayerUsesItsMovingStatisticsWhileFitting(usesKernels: Bool) throws {
        let (model, bn) = try Self.model(usesKernels: usesKernels)
        try model.fit(Self.x, Self.y, epochs: 1, batchSize: 6, shuffle: false, verbose: 0)
        bn.isTrainable = false
        let mean = try #require(bn.movingMean).value, variance = try #require(bn.movingVariance).value
        let gamma = try #require(bn.gamma).value
        #expect(try bn.forward(Self.x, training: true) == bn.forward(Self.x, training: false))
        try model.fit(Self.x, Self.y, epochs: 2, batchSize: 4, shuffle: false, verbose: 0)
        #expect(bn.movingMean?.value == mean && bn.movingVariance?.value == variance, "a frozen layer moved its statistics")
        #expect(bn.gamma?.value == gamma, "a frozen gamma trained")
        // The Dense after it still trains, on the inputs normalised by the moving statistics: its
        // loss equals the loss of an evaluation (the inference mode) before the step.
        let dense = model.layers.compactMap { $0 as? Dense }[0]
        let kernel = try #require(dense.kernel).value
        let evaluated = try #require(try model.evaluate(Self.x, Self.y, batchSize: 6)["loss"])
        let history = try model.fit(Self.x, Self.y, epochs: 1, batchSize: 6, shuffle: false, verbose: 0)
        let trained = try #require(history["loss"]?.first)
        #expect(abs(trained - evaluated) <= 1e-5 * max(1, abs(evaluated)), "training loss \(trained), evaluation \(evaluated)")
        #expect(dense.kernel?.value != kernel)
    }

    /// Inputs large enough for the kernels to split their passes over threads: one training step with
    /// kernels and through the tape gives the same loss, weights and moving statistics.
    @Test func largeBatchesSplitOverThreadsAgreeWithTheTape() throws {
        func make(_ usesKernels: Bool) throws -> Model {
            let input = Input(shape: [16, 16, 16])
            let hidden = try LayerNormalization()(try BatchNormalization(momentum: 0.5)(input))
            let model = try Model(inputs: [input], outputs: [try Dense(1)(try SpatialDropout2D(0.2, seed: 9)(hidden))], seed: 4)
            model.usesKernels = usesKernels
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
            return model
        }
        let x = try uniformTensor([96, 16, 16, 16], low: -2, high: 3, seed: 1)
        let y = try uniformTensor([96, 16, 16, 1], seed: 2)
        let kernels = try make(true), tape = try make(false)
        // Layers called on symbolic tensors draw their initial weights from a shared sequence: the
        // second model starts from the first one's weights.
        for (p, q) in zip(tape.parameters, kernels.parameters) { try p.assign(q.value) }
        let before = try kernels.predict(x), beforeTape = try tape.predict(x)
        let predicted = zip(before.scalars, beforeTape.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(predicted <= 1e-4, "predictions before training differ by \(predicted)")
        let a = try #require(try kernels.fit(x, y, epochs: 1, batchSize: 96, shuffle: false, verbose: 0)["loss"]?.first)
        let b = try #require(try tape.fit(x, y, epochs: 1, batchSize: 96, shuffle: false, verbose: 0)["loss"]?.first)
        #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "loss with kernels \(a), through the tape \(b)")
        for (p, q) in zip(kernels.parameters, tape.parameters) {
            let scale = max(1, q.value.scalars.map(abs).max() ?? 0)
            let difference = zip(p.value.scalars, q.value.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-4 * scale, "\(p.path): kernels and tape differ by \(difference)")
        }
    }

    @Test func summaryCountsTheStatisticsAsNonTrainable() throws {
        let input = Input(shape: [4])
        let output = try BatchNormalization()(try Dense(3)(input))
        let model = try Model(inputs: [input], outputs: [output])
        let summary = model.summary(print: false)
        // Dense 4·3 + 3 = 15 and gamma, beta 3 + 3 trainable; moving mean and variance 6 not.
        #expect(summary.contains("Trainable params: 21 (84.00 B)"), "\(summary)")
        #expect(summary.contains("Non-trainable params: 6 (24.00 B)"), "\(summary)")
        #expect(summary.contains("Total params: 27"), "\(summary)")
    }

    @Test func batchNormalizationKeepsKerasWeightNamesAndOrder() throws {
        let bn = BatchNormalization(axis: 1)
        var generator = RandomGenerator(seed: 0)
        #expect(try bn.build(inputShape: [3, 5], generator: &generator) == [3, 5])
        #expect(bn.parameters.map(\.name) == ["gamma", "beta", "moving_mean", "moving_variance"])
        #expect(bn.parameters.allSatisfy { $0.shape == [3] })
        #expect(bn.parameters.map(\.value.scalars) == [[1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1]])
        let layer = LayerNormalization(axes: [-2, -1])
        #expect(try layer.build(inputShape: [2, 3, 4], generator: &generator) == [2, 3, 4])
        #expect(layer.parameters.map(\.name) == ["gamma", "beta"] && layer.parameters.allSatisfy { $0.shape == [3, 4] })
    }

    @Test func layerNormalizationNormalizesEachSample() throws {
        let layer = LayerNormalization(epsilon: 1e-3)
        var generator = RandomGenerator(seed: 0)
        _ = try layer.build(inputShape: [4], generator: &generator)
        let x = Tensor([[1, 2, 3, 6], [-4, 0, 2, 10]])
        let y = try layer.forward(x, training: false)
        for r in 0..<2 {
            let row = Array(x.scalars[(4 * r)..<(4 * r + 4)])
            let mean = row.reduce(0, +) / 4
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
            let expected = row.map { ($0 - mean) / (variance + 1e-3).squareRoot() }
            #expect(Self.close(Array(y.scalars[(4 * r)..<(4 * r + 4)]), expected))
        }
        #expect(try layer.forward(x, training: true) == y)
    }

    @Test(arguments: [1, 2])
    func spatialDropoutDropsWholeChannels(rank: Int) throws {
        let rate: Float = 0.5
        let layer: any Layer = rank == 1 ? SpatialDropout1D(rate, seed: 3) : SpatialDropout2D(rate, seed: 3)
        let sample = rank == 1 ? [5, 8] : [3, 4, 8]
        var generator = RandomGenerator(seed: 0)
        _ = try layer.build(inputShape: sample, generator: &generator)
        let x = try Tensor(shape: [6] + sample, repeating: 1) + (try uniformTensor([6] + sample, low: 0.5, high: 1, seed: 4))
        let y = try layer.forward(x, training: true)
        let positions = sample.dropLast().reduce(1, *), channels = 8
        var dropped = 0
        for n in 0..<6 {
            for c in 0..<channels {
                let indices = (0..<positions).map { (n * positions + $0) * channels + c }
                let ratios = indices.map { y.scalars[$0] / x.scalars[$0] }
                if ratios[0] == 0 {
                    dropped += 1
                    #expect(ratios.allSatisfy { $0 == 0 }, "sample \(n), channel \(c): partly dropped")
                } else {
                    #expect(ratios.allSatisfy { abs($0 - 1 / (1 - rate)) <= 1e-6 }, "sample \(n), channel \(c): kept values not scaled by 2")
                }
            }
        }
        #expect(dropped > 0 && dropped < 6 * channels, "\(dropped) of \(6 * channels) channels dropped")
        #expect(try layer.forward(x, training: false) == x)
    }

    @Test func configurationsAreKerasAndBadOnesAreRefused() throws {
        let bn = try LayerRegistry.layer(ofType: "BatchNormalization", named: "bn",
                                         configuration: ["axis": .number(1), "momentum": .number(0.9), "epsilon": .number(0.01), "center": .bool(false)])
        #expect(bn.configuration["axis"] == .number(1) && bn.configuration["center"] == .bool(false))
        #expect(bn.configuration["moving_variance_initializer"] != nil)
        let ln = try LayerRegistry.layer(ofType: "LayerNormalization", named: "ln", configuration: ["axis": .array([.number(1), .number(2)])])
        #expect(ln.configuration["axis"] == .array([.number(1), .number(2)]))
        #expect(try LayerRegistry.layer(ofType: "LayerNormalization", named: "ln", configuration: [:]).configuration["axis"] == .number(-1))
        let sd = try LayerRegistry.layer(ofType: "SpatialDropout2D", named: "sd",
                                         configuration: ["rate": .number(0.25), "seed": .null, "data_format": .string("channels_last")])
        #expect(sd.configuration["rate"] == .number(0.25) && sd.configuration["data_format"] == .string("channels_last"))

        #expect(throws: SynapseError.self) {
            _ = try LayerRegistry.layer(ofType: "SpatialDropout2D", named: "sd", configuration: ["rate": .number(0.5), "data_format": .string("channels_first")])
        }
        #expect(throws: SynapseError.self) {
            _ = try LayerRegistry.layer(ofType: "LayerNormalization", named: "ln", configuration: ["rms_scaling": .bool(true)])
        }
        #expect(throws: SynapseError.self) {
            _ = try LayerRegistry.layer(ofType: "BatchNormalization", named: "bn", configuration: ["renorm": .bool(true)])
        }
        func expectRefusal(_ layer: any Layer, on sample: [Int], mentioning word: String) {
            do {
                _ = try layer(Input(shape: sample))
                Issue.record("\(layer.name) accepted samples \(sample)")
            } catch let error as SynapseError {
                #expect(error.message.hasPrefix("\(layer.name):") && error.message.contains(word), "\(error.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
        expectRefusal(BatchNormalization(axis: 0, name: "bn0"), on: [3], mentioning: "batch axis")
        expectRefusal(BatchNormalization(momentum: 1.5, name: "bn1"), on: [3], mentioning: "momentum")
        expectRefusal(BatchNormalization(epsilon: 0, name: "bn2"), on: [3], mentioning: "epsilon")
        expectRefusal(LayerNormalization(axis: 1, name: "ln0"), on: [3, 4], mentioning: "trailing")
        expectRefusal(LayerNormalization(axes: [1, 3], name: "ln1"), on: [3, 4, 5], mentioning: "trailing")
        expectRefusal(SpatialDropout1D(1, name: "sd0"), on: [3, 4], mentioning: "rate")
        expectRefusal(SpatialDropout2D(0.5, name: "sd1"), on: [3, 4], mentioning: "rank 4")
    }
}
