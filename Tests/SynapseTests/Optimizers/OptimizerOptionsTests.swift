import Foundation
import Synapse
import Testing

/// The options every optimizer shares (learning-rate schedules, clipping, weight decay), Keras's
/// defaults, and the errors for invalid arguments.
@Suite struct OptimizerOptionsTests {
    @Test func kerasDefaults() {
        let rmsprop = RMSprop()
        #expect(rmsprop.name == "RMSprop" && rmsprop.learningRate == 1e-3 && rmsprop.rho == 0.9 && rmsprop.momentum == 0
                && rmsprop.epsilon == 1e-7 && !rmsprop.centered)
        let adagrad = Adagrad()
        #expect(adagrad.name == "Adagrad" && adagrad.learningRate == 1e-3 && adagrad.initialAccumulatorValue == 0.1 && adagrad.epsilon == 1e-7)
        let adadelta = Adadelta()
        #expect(adadelta.name == "Adadelta" && adadelta.learningRate == 1e-3 && adadelta.rho == 0.95 && adadelta.epsilon == 1e-7)
        for (name, optimizer) in [("Adamax", Adamax()), ("Nadam", Nadam())] as [(String, any Optimizer)] {
            #expect(optimizer.name == name && optimizer.learningRate == 1e-3)
            #expect(optimizer.hyperParameters == ["beta_1": .number(Double(Float(0.9))), "beta_2": .number(Double(Float(0.999))),
                                                  "epsilon": .number(Double(Float(1e-7)))])
        }
        let adam = Adam()
        #expect(!adam.amsgrad && adam.options.weightDecay == nil)
        let adamw = AdamW()
        #expect(adamw.name == "AdamW" && adamw.learningRate == 1e-3 && adamw.options.weightDecay == 0.004)
        #expect(adamw.beta1 == 0.9 && adamw.beta2 == 0.999 && adamw.epsilon == 1e-7 && !adamw.amsgrad)
        // No clipping, no weight decay and no schedule unless asked for.
        for optimizer in [SGD(), Adam(), RMSprop(), Adagrad(), Adadelta(), Adamax(), Nadam(), DecaySGD()] as [any Optimizer] {
            #expect(optimizer.options.clipNorm == nil && optimizer.options.clipValue == nil && optimizer.options.globalClipNorm == nil)
            #expect(optimizer.options.weightDecay == nil && optimizer.learningRateSchedule == nil)
            #expect(throws: Never.self) { try optimizer.validate() }
        }
    }

    @Test func scheduleIsEvaluatedBeforeEachUpdate() throws {
        // As Keras: the rate of an update is schedule(iterations) with iterations counted before it.
        let schedule = PiecewiseConstantDecay(boundaries: [0, 1], values: [1, 0.5, 0.25])
        let sgd = SGD(learningRate: schedule)
        let w = Parameter(name: "w", value: Tensor([0]))
        var rates: [Float] = []
        for _ in 0..<4 {
            rates.append(sgd.learningRate)
            try sgd.apply([Tensor([1])], to: [w])
        }
        #expect(rates == [1, 0.5, 0.25, 0.25])
        expectClose(w.value, [-2], tolerance: 1e-6)
        #expect(sgd.learningRateSchedule as? PiecewiseConstantDecay == schedule)
    }

    @Test func settingTheLearningRateReplacesTheSchedule() throws {
        let adam = Adam(learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5))
        let w = Parameter(name: "w", value: Tensor([1]))
        try adam.apply([Tensor([1])], to: [w])
        try adam.apply([Tensor([1])], to: [w])
        expectValue(adam.learningRate, 0.025, tolerance: 1e-8)
        adam.learningRate = 0.003   // what a plateau callback does
        #expect(adam.learningRateSchedule == nil)
        #expect(adam.learningRate == 0.003)
        try adam.apply([Tensor([1])], to: [w])
        #expect(adam.learningRate == 0.003)
        #expect(adam.configuration["learning_rate"] == .number(Double(Float(0.003))))
        // And a schedule can be set on an optimizer made with a constant rate.
        adam.learningRateSchedule = InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 1)
        expectValue(adam.learningRate, 0.1 / 4, tolerance: 1e-8)
        adam.learningRateSchedule = nil
        expectValue(adam.learningRate, 0.025, tolerance: 1e-8)
    }

    @Test func clipNormClipsEachGradientOnItsOwn() throws {
        let sgd = SGD(learningRate: 1, clipNorm: 1)
        let a = Parameter(name: "a", value: Tensor([0, 0])), b = Parameter(name: "b", value: Tensor([0]))
        let gradients = [Tensor([3, 4]), Tensor([0.5])]
        try sgd.apply(gradients, to: [a, b])
        expectClose(a.value, [-0.6, -0.8], tolerance: 1e-6)   // norm 5 → 1
        expectClose(b.value, [-0.5], tolerance: 1e-7)         // norm 0.5, left alone
        #expect(gradients == [Tensor([3, 4]), Tensor([0.5])]) // the caller's gradients are untouched
    }

    @Test func globalClipNormClipsAllGradientsTogether() throws {
        let sgd = SGD(learningRate: 1, globalClipNorm: 1)
        let a = Parameter(name: "a", value: Tensor([0, 0])), b = Parameter(name: "b", value: Tensor([0]))
        let frozen = Parameter(name: "frozen", value: Tensor([0]), isTrainable: false)
        // Global norm 13 over the trainable gradients (the frozen one does not count).
        try sgd.apply([Tensor([3, 4]), Tensor([12]), Tensor([100])], to: [a, b, frozen])
        expectClose(a.value, [-3.0 / 13, -4.0 / 13], tolerance: 1e-6)
        expectClose(b.value, [-12.0 / 13], tolerance: 1e-6)
        #expect(frozen.value == Tensor([0]))
        // Below the bound nothing changes.
        let c = Parameter(name: "c", value: Tensor([0, 0]))
        try SGD(learningRate: 1, globalClipNorm: 10).apply([Tensor([3, 4])], to: [c])
        expectClose(c.value, [-3, -4], tolerance: 1e-7)
    }

    @Test func clipValueClampsEachElement() throws {
        let sgd = SGD(learningRate: 1, clipValue: 0.5)
        let w = Parameter(name: "w", value: Tensor((0..<20).map { _ in 0 }))
        let gradient = Tensor((0..<20).map { Float($0 - 10) / 10 })
        try sgd.apply([gradient], to: [w])
        expectClose(w.value, gradient.scalars.map { -Swift.min(Swift.max($0, -0.5), 0.5) }, tolerance: 1e-7)
    }

    @Test func weightDecayIsDecoupledAndScaledByTheLearningRate() throws {
        // w ← w − w·wd·lr before the update: with a zero gradient only the decay acts.
        let sgd = SGD(learningRate: 0.1, weightDecay: 0.5)
        let w = Parameter(name: "w", value: Tensor([2, -4]))
        let frozen = Parameter(name: "frozen", value: Tensor([2]), isTrainable: false)
        try sgd.apply([Tensor([0, 0]), Tensor([0])], to: [w, frozen])
        expectClose(w.value, [1.9, -3.8], tolerance: 1e-6)
        #expect(frozen.value == Tensor([2]))
        // Adam's update does not see the decay: AdamW = Adam step on the decayed weight.
        let adamw = AdamW(learningRate: 0.1, weightDecay: 0.5)
        let v = Parameter(name: "v", value: Tensor([2]))
        try adamw.apply([Tensor([1])], to: [v])
        let adam = Adam(learningRate: 0.1)
        let u = Parameter(name: "u", value: Tensor([1.9]))
        try adam.apply([Tensor([1])], to: [u])
        expectClose(v.value, u.value.scalars, tolerance: 1e-7)
    }

    @Test func infiniteGradientNormCannotBeClipped() throws {
        let w = Parameter(name: "w", value: Tensor([1, 1]))
        expectError(SynapseError.invalidData, mentioning: ["SGD.apply", "w", "infinite"]) {
            try SGD(clipNorm: 1).apply([Tensor([.infinity, 1])], to: [w])
        }
        expectError(SynapseError.invalidData, mentioning: ["Adam.apply", "global norm", "infinite"]) {
            try Adam(globalClipNorm: 1).apply([Tensor([.infinity, 1])], to: [w])
        }
        #expect(w.value == Tensor([1, 1]))
    }

    /// Each invalid argument, the words its error must contain.
    static let invalidArguments: [(String, @Sendable () -> any Optimizer, [String])] = [
        ("negative rate", { SGD(learningRate: -0.1) }, ["SGD", "learningRate", "-0.1"]),
        ("NaN rate", { Adam(learningRate: .nan) }, ["Adam", "learningRate", "nan"]),
        ("momentum > 1", { SGD(momentum: 1.5) }, ["SGD", "momentum", "[0, 1]", "1.5"]),
        ("beta1 = 1", { Adam(beta1: 1) }, ["Adam", "beta1", "[0, 1)"]),
        ("negative beta2", { AdamW(beta2: -0.5) }, ["AdamW", "beta2"]),
        ("negative epsilon", { Nadam(epsilon: -1e-7) }, ["Nadam", "epsilon"]),
        ("beta2 > 1", { Adamax(beta2: 1.5) }, ["Adamax", "beta2"]),
        ("rho = 1", { RMSprop(rho: 1) }, ["RMSprop", "rho", "[0, 1)"]),
        ("negative momentum", { RMSprop(momentum: -0.1) }, ["RMSprop", "momentum"]),
        ("negative rho", { Adadelta(rho: -0.1) }, ["Adadelta", "rho"]),
        ("negative accumulator", { Adagrad(initialAccumulatorValue: -0.1) }, ["Adagrad", "initialAccumulatorValue"]),
        ("negative weight decay", { AdamW(weightDecay: -0.01) }, ["AdamW", "weightDecay"]),
        ("zero clipnorm", { RMSprop(clipNorm: 0) }, ["RMSprop", "clipNorm", "> 0"]),
        ("negative clipvalue", { Adagrad(clipValue: -1) }, ["Adagrad", "clipValue"]),
        ("infinite global clipnorm", { Adamax(globalClipNorm: .infinity) }, ["Adamax", "globalClipNorm"]),
        ("two clippings", { SGD(clipNorm: 1, clipValue: 0.5) }, ["SGD", "only one of", "clipNorm 1.0 and clipValue 0.5"]),
        ("negative decay rate", { DecaySGD(decayRate: -1) }, ["DecaySGD", "decayRate"]),
        ("negative decayAfter", { DecaySGD(decayAfter: -2) }, ["DecaySGD", "decayAfter", "-2"]),
        ("decaySteps 0", { Adam(learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9)) },
         ["ExponentialDecay", "decaySteps", "> 0"]),
        ("negative schedule rate", { SGD(learningRate: InverseTimeDecay(initialLearningRate: -1, decaySteps: 1, decayRate: 1)) },
         ["InverseTimeDecay", "initialLearningRate"]),
        ("boundaries and values", { SGD(learningRate: PiecewiseConstantDecay(boundaries: [1, 2], values: [0.1])) },
         ["PiecewiseConstantDecay", "one more element", "1 values for 2 boundaries"]),
        ("boundaries not increasing", { SGD(learningRate: PiecewiseConstantDecay(boundaries: [5, 5], values: [1, 2, 3])) },
         ["PiecewiseConstantDecay", "increase"]),
        ("negative power", { SGD(learningRate: PolynomialDecay(initialLearningRate: 0.1, decaySteps: 10, power: -1)) },
         ["PolynomialDecay", "power"]),
        ("alpha > 1", { SGD(learningRate: CosineDecay(initialLearningRate: 0.1, decaySteps: 10, alpha: 2)) },
         ["CosineDecay", "alpha", "[0, 1]"]),
        ("negative warm-up", { SGD(learningRate: CosineDecay(initialLearningRate: 0.1, decaySteps: 10, warmupTarget: 0.2, warmupSteps: -1)) },
         ["CosineDecay", "warmupSteps"]),
        ("tMul 0", { SGD(learningRate: CosineDecayRestarts(initialLearningRate: 0.1, firstDecaySteps: 10, tMul: 0)) },
         ["CosineDecayRestarts", "tMul"]),
        ("firstDecaySteps 0", { SGD(learningRate: CosineDecayRestarts(initialLearningRate: 0.1, firstDecaySteps: 0)) },
         ["CosineDecayRestarts", "firstDecaySteps"]),
    ]

    @Test(arguments: invalidArguments.indices)
    func invalidArgumentsAreClearErrorsAndChangeNothing(_ index: Int) throws {
        let (_, make, words) = Self.invalidArguments[index]
        let optimizer = make()
        expectError(SynapseError.invalidArgument, mentioning: words) { try optimizer.validate() }
        let w = Parameter(name: "w", value: Tensor([1, 2]))
        expectError(SynapseError.invalidArgument, mentioning: words) { try optimizer.apply([Tensor([1, 1])], to: [w]) }
        #expect(w.value == Tensor([1, 2]))
        #expect(optimizer.iterations == 0)
        #expect(optimizer.stateTensors(for: [w]).isEmpty)
    }

    @Test func optionsChangedAfterCreationAreCheckedToo() throws {
        let sgd = SGD()
        sgd.options.clipNorm = -1
        expectError(SynapseError.invalidArgument, mentioning: ["SGD", "clipNorm"]) {
            try sgd.apply([Tensor([1])], to: [Parameter(name: "w", value: Tensor([1]))])
        }
        sgd.options.clipNorm = nil
        sgd.learningRate = -1
        expectError(SynapseError.invalidArgument, mentioning: ["SGD", "learningRate", "-1"]) {
            try sgd.apply([Tensor([1])], to: [Parameter(name: "w", value: Tensor([1]))])
        }
        // A custom schedule that goes negative is refused at the step where it does.
        struct Falling: LearningRateSchedule { func callAsFunction(_ step: Int) -> Float { 0.1 - 0.1 * Float(step) } }
        let adam = Adam(learningRate: Falling())
        let w = Parameter(name: "w", value: Tensor([1]))
        try adam.apply([Tensor([1])], to: [w])
        try adam.apply([Tensor([1])], to: [w])
        expectError(SynapseError.invalidArgument, mentioning: ["Adam.apply", "learning rate for step 2", "-0.1"]) {
            try adam.apply([Tensor([1])], to: [w])
        }
        #expect(adam.iterations == 2)
    }

    /// Optimizers with every update-rule branch, weight decay included.
    static let vectorisedCases: [(String, @Sendable () -> any Optimizer)] = [
        ("sgd", { SGD(learningRate: 0.1, weightDecay: 0.1) }),
        ("momentum", { SGD(learningRate: 0.1, momentum: 0.9) }),
        ("nesterov", { SGD(learningRate: 0.1, momentum: 0.9, nesterov: true) }),
        ("adam", { Adam(learningRate: 0.05) }),
        ("amsgrad", { AdamW(learningRate: 0.05, beta2: 0.5, amsgrad: true) }),
        ("rmsprop", { RMSprop(learningRate: 0.01) }),
        ("rmsprop-centered-momentum", { RMSprop(learningRate: 0.01, momentum: 0.5, centered: true) }),
        ("rmsprop-momentum", { RMSprop(learningRate: 0.01, momentum: 0.5) }),
        ("rmsprop-centered", { RMSprop(learningRate: 0.01, centered: true) }),
        ("adagrad", { Adagrad(learningRate: 0.1) }),
        ("adadelta", { Adadelta(learningRate: 1) }),
        ("adamax", { Adamax(learningRate: 0.05) }),
        ("nadam", { Nadam(learningRate: 0.05) }),
        ("clipvalue", { SGD(learningRate: 0.1, clipValue: 0.7) }),
    ]

    @Test(arguments: vectorisedCases.indices)
    func vectorisedAndScalarPathsAgree(_ index: Int) throws {
        // One 37-value parameter (two 16-lane blocks and a tail of 5) against 37 one-value parameters
        // (tail path only), with gradients that change sign and size from step to step.
        let (name, make) = Self.vectorisedCases[index]
        let count = 37
        let start = (0..<count).map { Float(sin(Double($0) * 0.7)) }
        let whole = Parameter(name: "whole", value: Tensor(start))
        let singles = start.enumerated().map { Parameter(name: "w\($0.offset)", value: Tensor([$0.element])) }
        let (vectorised, scalar) = (make(), make())
        for step in 0..<5 {
            let gradient = (0..<count).map { Float(cos(Double($0 * 3 + step) * 1.3)) * Float(step + 1) }
            try vectorised.apply([Tensor(gradient)], to: [whole])
            try scalar.apply(gradient.map { Tensor([$0]) }, to: singles)
        }
        let expected = singles.map { $0.value.scalars[0] }
        for (i, (a, b)) in zip(whole.value.scalars, expected).enumerated() {
            #expect(Swift.abs(a - b) <= 1e-6 * Swift.max(1, Swift.abs(b)), "\(name), value \(i): \(a) vs \(b)")
        }
        #expect(whole.value.scalars != start)
    }
}
