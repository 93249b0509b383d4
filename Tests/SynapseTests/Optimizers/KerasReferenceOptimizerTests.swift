import Foundation
import Synapse
import Testing

/// Every optimizer against Keras 3: the same five steps on the same problem as
/// `scripts/keras_optimizer_reference.py`, the weights after each step matching Keras's to a relative
/// error of 1e-5.
@Suite struct KerasReferenceOptimizerTests {
    /// The Synapse spelling of each Keras case in the fixture.
    static func optimizer(for name: String) -> (any Optimizer)? {
        switch name {
        case "sgd_default": return SGD()
        case "sgd_lr": return SGD(learningRate: 0.05)
        case "sgd_momentum": return SGD(learningRate: 0.05, momentum: 0.9)
        case "sgd_nesterov": return SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)
        case "sgd_clipnorm": return SGD(learningRate: 0.05, clipNorm: 3)
        case "sgd_clipvalue": return SGD(learningRate: 0.05, clipValue: 0.5)
        case "sgd_global_clipnorm": return SGD(learningRate: 0.05, globalClipNorm: 2)
        case "sgd_weight_decay": return SGD(learningRate: 0.05, weightDecay: 0.5)
        case "sgd_piecewise":
            return SGD(learningRate: PiecewiseConstantDecay(boundaries: [1, 3], values: [0.05, 0.02, 0.01]), momentum: 0.5)
        case "adam_default": return Adam()
        case "adam_lr": return Adam(learningRate: 0.05)
        case "adam_beta": return Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.5, epsilon: 0.01)
        case "adam_amsgrad": return Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.5, epsilon: 0.01, amsgrad: true)
        case "adam_clipnorm": return Adam(learningRate: 0.05, clipNorm: 3)
        case "adam_global_clipnorm": return Adam(learningRate: 0.05, globalClipNorm: 2)
        case "adam_weight_decay": return Adam(learningRate: 0.05, weightDecay: 0.5)
        case "adam_exponential":
            return Adam(learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5))
        case "adamw_default": return AdamW()
        case "adamw_lr": return AdamW(learningRate: 0.05, weightDecay: 0.5)
        case "adamw_amsgrad": return AdamW(learningRate: 0.05, weightDecay: 0.1, beta2: 0.5, amsgrad: true)
        case "adamw_cosine":
            return AdamW(learningRate: CosineDecay(initialLearningRate: 0.01, decaySteps: 3, alpha: 0.1, warmupTarget: 0.1, warmupSteps: 2),
                         weightDecay: 0.5)
        case "rmsprop_default": return RMSprop()
        case "rmsprop_lr": return RMSprop(learningRate: 0.01)
        case "rmsprop_momentum": return RMSprop(learningRate: 0.01, momentum: 0.9)
        case "rmsprop_centered": return RMSprop(learningRate: 0.01, centered: true)
        case "rmsprop_centered_momentum":
            return RMSprop(learningRate: 0.01, rho: 0.8, momentum: 0.5, epsilon: 0.01, centered: true)
        case "rmsprop_clipvalue": return RMSprop(learningRate: 0.01, clipValue: 0.5)
        case "rmsprop_weight_decay": return RMSprop(learningRate: 0.01, weightDecay: 0.5)
        case "adagrad_default": return Adagrad()
        case "adagrad_lr": return Adagrad(learningRate: 0.1)
        case "adagrad_accumulator": return Adagrad(learningRate: 0.1, initialAccumulatorValue: 2, epsilon: 0.5)
        case "adagrad_global_clipnorm": return Adagrad(learningRate: 0.1, globalClipNorm: 2)
        case "adadelta_default": return Adadelta()
        case "adadelta_lr": return Adadelta(learningRate: 1)
        case "adadelta_rho": return Adadelta(learningRate: 1, rho: 0.5, epsilon: 1e-3)
        case "adadelta_weight_decay": return Adadelta(learningRate: 1, weightDecay: 0.1)
        case "adamax_default": return Adamax()
        case "adamax_lr": return Adamax(learningRate: 0.05)
        case "adamax_beta": return Adamax(learningRate: 0.05, beta1: 0.7, beta2: 0.5, epsilon: 0.1)
        case "adamax_clipnorm": return Adamax(learningRate: 0.05, clipNorm: 3)
        case "nadam_default": return Nadam()
        case "nadam_lr": return Nadam(learningRate: 0.05)
        case "nadam_beta": return Nadam(learningRate: 0.05, beta1: 0.8, beta2: 0.5, epsilon: 0.01)
        case "nadam_weight_decay": return Nadam(learningRate: 0.05, weightDecay: 0.5)
        case "nadam_inverse_time":
            return Nadam(learningRate: InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5, staircase: true))
        default: return nil
        }
    }

    static let fixture = Result { try KerasReferenceFixture.load() }

    static var caseNames: [String] { (try? fixture.get().optimizers.map(\.name)) ?? [] }

    @Test func fixtureCoversEveryOptimizerAndOption() throws {
        let fixture = try Self.fixture.get()
        #expect(fixture.kerasVersion.hasPrefix("3."))
        #expect(Set(fixture.optimizers.map(\.optimizer)) == ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam"])
        let options = Set(fixture.optimizers.flatMap(\.config.keys))
        for option in ["amsgrad", "momentum", "nesterov", "centered", "clipnorm", "clipvalue", "global_clipnorm", "weight_decay", "learning_rate"] {
            #expect(options.contains(option), "no case uses \(option)")
        }
        #expect(fixture.optimizers.contains { if case .object = $0.config["learning_rate"] { true } else { false } })
    }

    @Test(arguments: caseNames)
    func matchesKeras(_ name: String) throws {
        let fixture = try Self.fixture.get()
        let reference = try #require(fixture.optimizers.first { $0.name == name })
        let optimizer = try #require(Self.optimizer(for: name), "no Synapse optimizer for the fixture case \(name)")
        #expect(optimizer.name == reference.optimizer)
        // The Keras arguments of the case read back from Synapse's configuration under the same names.
        for (key, value) in reference.config {
            expectSameConfiguration(optimizer.configuration[key], value, "\(name) configuration '\(key)'")
        }

        let problem = fixture.problem
        let x = try Tensor(rows: problem.x), t = try Tensor(rows: problem.t)
        let kernel = Parameter(name: "kernel", value: try Tensor(rows: problem.kernel))
        let bias = Parameter(name: "bias", value: Tensor(problem.bias))
        #expect(reference.steps.count == problem.steps)
        for (index, step) in reference.steps.enumerated() {
            expectRelativelyClose([optimizer.learningRate], [step.learningRate], "\(name) learning rate before step \(index + 1)")
            let (_, gradients) = try valueWithGradient(at: [kernel, bias]) {
                let difference = try x.matmul(kernel.value) + bias.value - t
                return try (difference * difference).sum()
            }
            try optimizer.apply(gradients, to: [kernel, bias])
            expectRelativelyClose(kernel.value.scalars, step.kernel.flatMap { $0 }, "\(name) kernel after step \(index + 1)")
            expectRelativelyClose(bias.value.scalars, step.bias, "\(name) bias after step \(index + 1)")
        }
        #expect(optimizer.iterations == problem.steps)
    }

    @Test func optionsChangeTheTrajectory() throws {
        // The options under test are not no-ops on this problem: each case ends somewhere else than
        // the same optimizer without the option (so matching Keras means the option was applied).
        let fixture = try Self.fixture.get()
        func final(_ name: String) throws -> [Float] {
            let reference = try #require(fixture.optimizers.first { $0.name == name })
            return reference.steps.last!.kernel.flatMap { $0 } + reference.steps.last!.bias
        }
        let pairs = [("sgd_momentum", "sgd_lr"), ("sgd_nesterov", "sgd_momentum"), ("sgd_clipnorm", "sgd_lr"),
                     ("sgd_clipvalue", "sgd_lr"), ("sgd_global_clipnorm", "sgd_lr"), ("sgd_weight_decay", "sgd_lr"),
                     ("adam_amsgrad", "adam_beta"), ("adam_clipnorm", "adam_lr"), ("adam_global_clipnorm", "adam_lr"),
                     ("adam_weight_decay", "adam_lr"), ("adamw_lr", "adam_lr"), ("rmsprop_momentum", "rmsprop_lr"),
                     ("rmsprop_centered", "rmsprop_lr"), ("rmsprop_clipvalue", "rmsprop_lr"), ("rmsprop_weight_decay", "rmsprop_lr"),
                     ("adagrad_global_clipnorm", "adagrad_lr"), ("adadelta_weight_decay", "adadelta_lr"),
                     ("adamax_clipnorm", "adamax_lr"), ("nadam_weight_decay", "nadam_lr")]
        for (with, without) in pairs {
            let difference = zip(try final(with), try final(without)).map { Swift.abs($0 - $1) }.max()!
            #expect(difference > 1e-3, "\(with) ends within \(difference) of \(without)")
        }
    }
}
