import Foundation
import Synapse
import Testing

/// Every optimizer's hyper-parameters, options, schedule and slots survive `save` and `load`: training
/// resumed from a checkpoint follows the uninterrupted run bit for bit.
@Suite struct OptimizerSavingTests {
    /// A fresh temporary file path.
    static func temporaryPath() throws -> String {
        let folder = NSTemporaryDirectory() + "synapse-optimizer-saving-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/model.safetensors"
    }

    /// 40 rows of 6 features, 3 classes.
    static func problem() throws -> (x: Tensor, y: Tensor) {
        (try Tensor.randomNormal([40, 6], seed: 11), Tensor((0..<40).map { Float(($0 * 7) % 3) }))
    }

    static func model(_ optimizer: any Optimizer) throws -> Sequential {
        let model = Sequential(name: "saved", seed: 5) {
            Input(6)
            Dense(8, activation: .tanh)
            Dense(3, activation: .softmax)
        }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: optimizer, metrics: [.accuracy])
        return model
    }

    /// Optimizers covering every update rule, slot layout, option and schedule.
    static let optimizers: [String: @Sendable () -> any Optimizer] = [
        "sgd-schedule-clipnorm": {
            SGD(learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.7, staircase: true),
                momentum: 0.8, clipNorm: 0.5)
        },
        "adam-amsgrad-global-clip": { Adam(learningRate: 0.01, beta2: 0.9, amsgrad: true, globalClipNorm: 1) },
        "adamw-cosine-restarts": {
            AdamW(learningRate: CosineDecayRestarts(initialLearningRate: 0.02, firstDecaySteps: 4, tMul: 1.5, mMul: 0.8, alpha: 0.1),
                  weightDecay: 0.05)
        },
        "rmsprop-centered-momentum": { RMSprop(learningRate: 0.01, momentum: 0.5, centered: true, clipValue: 0.3) },
        "rmsprop-piecewise": {
            RMSprop(learningRate: PiecewiseConstantDecay(boundaries: [3, 7], values: [0.01, 0.005, 0.001]), weightDecay: 0.01)
        },
        "adagrad-polynomial": {
            Adagrad(learningRate: PolynomialDecay(initialLearningRate: 0.1, decaySteps: 6, endLearningRate: 0.01, power: 2, cycle: true),
                    initialAccumulatorValue: 0.2)
        },
        "adadelta": { Adadelta(learningRate: 1, rho: 0.9, weightDecay: 0.01) },
        "adamax-inverse-time": { Adamax(learningRate: InverseTimeDecay(initialLearningRate: 0.02, decaySteps: 2, decayRate: 0.3)) },
        "nadam-cosine-warmup": {
            Nadam(learningRate: CosineDecay(initialLearningRate: 0, decaySteps: 10, alpha: 0.1, warmupTarget: 0.01, warmupSteps: 5),
                  clipNorm: 1)
        },
        "decay-sgd-options": { DecaySGD(initialRate: 0.1, decayAfter: 1, decayRate: 0.5, weightDecay: 0.01, globalClipNorm: 2) },
    ]

    @Test(arguments: optimizers.keys.sorted())
    func resumedTrainingMatchesUninterruptedTraining(_ name: String) throws {
        let make = try #require(Self.optimizers[name])
        let (x, y) = try Self.problem()
        let uninterrupted = try Self.model(make())
        let full = try uninterrupted.fit(x, y, epochs: 4, batchSize: 8, verbose: 0)

        let first = try Self.model(make())
        try first.fit(x, y, epochs: 2, batchSize: 8, verbose: 0)
        let path = try Self.temporaryPath()
        try first.save(to: path)
        let resumed = try Sequential.load(from: path)
        let original = try #require(first.compiled?.optimizer)
        let restored = try #require(resumed.compiled?.optimizer)
        #expect(ObjectIdentifier(type(of: restored)) == ObjectIdentifier(type(of: original)))
        #expect(restored.configuration == original.configuration)
        #expect(restored.iterations == 10)
        #expect(restored.learningRate == original.learningRate)
        #expect(restored.stateTensors(for: resumed.trainableParameters) == original.stateTensors(for: first.trainableParameters))

        let rest = try resumed.fit(x, y, epochs: 4, batchSize: 8, initialEpoch: resumed.epochsTrained, verbose: 0)
        #expect(rest.epochs == [2, 3])
        #expect(rest["loss"]! == Array(full["loss"]![2...]))
        #expect(try resumed.predict(x) == uninterrupted.predict(x))
    }

    @Test func scheduleAndOptionsAreRestored() throws {
        let schedule = CosineDecay(initialLearningRate: 0.001, decaySteps: 50, alpha: 0.2, warmupTarget: 0.01, warmupSteps: 7)
        let model = try Self.model(AdamW(learningRate: schedule, weightDecay: 0.01, beta1: 0.8, amsgrad: true, clipNorm: 2))
        let (x, y) = try Self.problem()
        try model.fit(x, y, epochs: 1, batchSize: 20, verbose: 0)
        let path = try Self.temporaryPath()
        try model.save(to: path)

        let loaded = try #require(try Sequential.load(from: path).compiled?.optimizer as? AdamW)
        #expect(loaded.learningRateSchedule as? CosineDecay == schedule)
        #expect(loaded.options.weightDecay == 0.01)
        #expect(loaded.options.clipNorm == 2)
        #expect(loaded.options.clipValue == nil && loaded.options.globalClipNorm == nil)
        #expect(loaded.beta1 == 0.8 && loaded.beta2 == 0.999 && loaded.epsilon == 1e-7 && loaded.amsgrad)
        #expect(loaded.iterations == 2)
        #expect(loaded.learningRate == schedule(2))

        // The file keeps Keras's names and the schedule as {"class_name", "config"}.
        let config = try #require(try SafeTensorsFile.read(from: path).metadata["model_config"])
        for fragment in ["\"name\":\"AdamW\"", "\"weight_decay\":", "\"clipnorm\":2", "\"amsgrad\":true",
                         "\"class_name\":\"CosineDecay\"", "\"warmup_steps\":7"] {
            #expect(config.contains(fragment), "\(fragment) not in \(config)")
        }
        let file = try SafeTensorsFile.read(from: path)
        for slot in ["m", "v", "velocity_hat"] {
            #expect(file.tensors["optimizer/\(slot)/dense.kernel"]?.shape == [6, 8])
        }
    }

    @Test func slotsAreSavedUnderKerasNames() throws {
        let cases: [(any Optimizer, [String])] = [
            (SGD(momentum: 0.9), ["momentum"]),
            (SGD(), []),
            (RMSprop(), ["velocity"]),
            (RMSprop(momentum: 0.9, centered: true), ["velocity", "momentum", "average_gradient"]),
            (Adagrad(), ["accumulator"]),
            (Adadelta(), ["accumulated_grad", "accumulated_delta_var"]),
            (Adamax(), ["momentum", "norm"]),
            (Nadam(), ["momentum", "velocity"]),
            (Adam(), ["m", "v"]),
        ]
        let (x, y) = try Self.problem()
        for (optimizer, slots) in cases {
            let model = try Self.model(optimizer)
            try model.fit(x, y, epochs: 1, batchSize: 40, verbose: 0)
            let names = Set(optimizer.stateTensors(for: model.trainableParameters).keys)
            let expected = Set(slots.flatMap { slot in model.trainableParameters.map { "\(slot)/\($0.path)" } })
            #expect(names == expected, "\(optimizer.name)")
        }
    }

    @Test func adagradAccumulatorStartsAtTheInitialValue() throws {
        let adagrad = Adagrad(learningRate: 0.1, initialAccumulatorValue: 0.5)
        let w = Parameter(name: "w", value: Tensor([1, 2]))
        try adagrad.apply([Tensor([0, 1])], to: [w])
        let state = adagrad.stateTensors(for: [w])
        expectClose(try #require(state["accumulator/w"]), [0.5, 1.5])
        // A zero gradient leaves the weight alone; the other moves by lr·g/√(0.5 + 1 + ε).
        expectClose(w.value, [1, 2 - 0.1 / Float(1.5 + 1e-7).squareRoot()], tolerance: 1e-7)
    }

    /// Saves a model trained with `optimizer`, lets `edit` change its JSON configuration, and returns
    /// the error loading it throws.
    func loadingError(_ optimizer: any Optimizer, _ edit: (String) -> String) throws -> SynapseError? {
        let model = try Self.model(optimizer)
        let (x, y) = try Self.problem()
        try model.fit(x, y, epochs: 1, batchSize: 40, verbose: 0)
        let path = try Self.temporaryPath()
        try model.save(to: path)
        var file = try SafeTensorsFile.read(from: path)
        file.metadata["model_config"] = edit(file.metadata["model_config"]!)
        try file.write(to: path)
        do {
            _ = try Sequential.load(from: path)
            return nil
        } catch let error as SynapseError {
            return error
        }
    }

    @Test func invalidSavedHyperParametersAreFileErrors() throws {
        let beta = try loadingError(Adam()) { $0.replacingOccurrences(of: "\"beta_1\":0.8999999761581421", with: "\"beta_1\":2") }
        guard case .fileError(let message)? = beta else {
            Issue.record("expected a file error, got \(String(describing: beta))")
            return
        }
        #expect(message.contains("Adam") && message.contains("beta1") && message.contains("[0, 1)"), "\(message)")

        let schedule = try loadingError(SGD(learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 5, decayRate: 0.5))) {
            $0.replacingOccurrences(of: "\"decay_steps\":5", with: "\"decay_steps\":0")
        }
        #expect(schedule?.message.contains("ExponentialDecay") == true && schedule?.message.contains("decaySteps") == true,
                "\(String(describing: schedule))")

        let unknown = try loadingError(RMSprop(learningRate: InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 5, decayRate: 0.5))) {
            $0.replacingOccurrences(of: "\"InverseTimeDecay\"", with: "\"Wobble\"")
        }
        #expect(unknown?.message.contains("unknown learning-rate schedule 'Wobble'") == true, "\(String(describing: unknown))")

        let optimizer = try loadingError(Nadam()) { $0.replacingOccurrences(of: "\"Nadam\"", with: "\"Lion\"") }
        #expect(optimizer?.message.contains("unknown optimizer 'Lion'") == true, "\(String(describing: optimizer))")
    }

    @Test func customSchedulesSaveButCannotBeRebuilt() throws {
        struct Halving: LearningRateSchedule {
            func callAsFunction(_ step: Int) -> Float { 0.1 / Float(1 << Swift.min(step, 20)) }
        }
        let error = try loadingError(SGD(learningRate: Halving())) { $0 }
        #expect(error?.message.contains("unknown learning-rate schedule 'Halving'") == true, "\(String(describing: error))")
    }

    @Test func filesFromBeforeSchedulesStillLoad() throws {
        // Version 1 files held every optimizer value as a number: Booleans as 0/1, no option keys.
        let model = try Self.model(SGD(learningRate: 0.05, momentum: 0.9, nesterov: true))
        _ = try model.predict(try Tensor.zeros([1, 6]))
        let path = try Self.temporaryPath()
        try model.save(to: path)
        var file = try SafeTensorsFile.read(from: path)
        let old = #"{"iterations":0,"name":"SGD","config":{"learning_rate":0.05000000074505806,"momentum":0.8999999761581421,"nesterov":1}}"#
        let config = file.metadata["model_config"]!
        let start = try #require(config.range(of: #""optimizer":{"#))
        var depth = 0, end = start.upperBound
        for index in config[start.upperBound...].indices {
            if config[index] == "{" { depth += 1 }
            if config[index] == "}" { if depth == 0 { end = config.index(after: index); break }; depth -= 1 }
        }
        file.metadata["model_config"] = config.replacingCharacters(in: start.lowerBound..<end, with: #""optimizer":"# + old)
        try file.write(to: path)
        let sgd = try #require(try Sequential.load(from: path).compiled?.optimizer as? SGD)
        #expect(sgd.nesterov && sgd.momentum == 0.9 && sgd.learningRate == 0.05)
        #expect(sgd.options.clipNorm == nil && sgd.options.weightDecay == nil)
    }
}
