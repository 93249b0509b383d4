/// The one list that maps saved optimizer names to optimizer types, rebuilding each from its
/// ``Optimizer/configuration``.
enum OptimizerRegistry {
    static func make(name: String, configuration values: [String: Double]) throws -> any Optimizer {
        let config = Configuration(values.mapValues { .number($0) }, owner: "optimizer \(name)")
        switch name {
        case "SGD":
            return SGD(learningRate: try config.float("learning_rate", default: 0.01),
                       momentum: try config.float("momentum", default: 0),
                       nesterov: try config.double("nesterov", default: 0) != 0)
        case "DecaySGD":
            return DecaySGD(initialRate: try config.float("initial_rate", default: 0.1),
                            decayAfter: try config.int("decay_after", default: 5, in: 0...Int(Int32.max)),
                            decayRate: try config.float("decay_rate", default: 0.1))
        case "Adam":
            return Adam(learningRate: try config.float("learning_rate", default: 1e-3),
                        beta1: try config.float("beta_1", default: 0.9),
                        beta2: try config.float("beta_2", default: 0.999),
                        epsilon: try config.float("epsilon", default: 1e-7))
        default:
            throw SynapseError.fileError("unknown optimizer '\(name)'; known: Adam, DecaySGD, SGD")
        }
    }
}
