/// The one list that maps saved optimizer and learning-rate-schedule names to their types, rebuilding
/// each from its ``Optimizer/configuration`` (Keras's key names). A new optimizer or schedule is
/// added here so that saved models using it can be rebuilt.
enum OptimizerRegistry {
    /// The optimizer names this registry rebuilds.
    static let optimizerNames = ["Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "DecaySGD", "Nadam", "RMSprop", "SGD"]
    /// The schedule names this registry rebuilds.
    static let scheduleNames = ["CosineDecay", "CosineDecayRestarts", "ExponentialDecay", "InverseTimeDecay",
                                "PiecewiseConstantDecay", "PolynomialDecay"]

    /// Rebuilds an optimizer from its name and configuration.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the optimizer for an unknown name or schedule,
    ///   a missing or mistyped value, or a value out of range.
    static func make(name: String, configuration values: [String: JSONValue]) throws -> any Optimizer {
        let owner = "optimizer \(name)"
        let config = Configuration(values, owner: owner)
        do {
            let optimizer: any Optimizer
            switch name {
            case "SGD":
                optimizer = try SGD(options: options(config, defaultRate: 0.01),
                                    momentum: config.float("momentum", default: 0),
                                    nesterov: config.flag("nesterov", default: false))
            case "DecaySGD":
                let initialRate = try config.float("initial_rate", default: 0.1)
                optimizer = try DecaySGD(options: options(config, defaultRate: initialRate), initialRate: initialRate,
                                         decayAfter: config.int("decay_after", default: 5, in: 0...Int(Int32.max)),
                                         decayRate: config.float("decay_rate", default: 0.1))
            case "Adam":
                optimizer = try Adam(name: "Adam", options: options(config, defaultRate: 1e-3),
                                     beta1: config.float("beta_1", default: 0.9), beta2: config.float("beta_2", default: 0.999),
                                     epsilon: config.float("epsilon", default: 1e-7), amsgrad: config.flag("amsgrad", default: false))
            case "AdamW":
                optimizer = try AdamW(options: options(config, defaultRate: 1e-3, defaultWeightDecay: 0.004),
                                      beta1: config.float("beta_1", default: 0.9), beta2: config.float("beta_2", default: 0.999),
                                      epsilon: config.float("epsilon", default: 1e-7), amsgrad: config.flag("amsgrad", default: false))
            case "RMSprop":
                optimizer = try RMSprop(options: options(config, defaultRate: 1e-3),
                                        rho: config.float("rho", default: 0.9), momentum: config.float("momentum", default: 0),
                                        epsilon: config.float("epsilon", default: 1e-7), centered: config.flag("centered", default: false))
            case "Adagrad":
                optimizer = try Adagrad(options: options(config, defaultRate: 1e-3),
                                        initialAccumulatorValue: config.float("initial_accumulator_value", default: 0.1),
                                        epsilon: config.float("epsilon", default: 1e-7))
            case "Adadelta":
                optimizer = try Adadelta(options: options(config, defaultRate: 1e-3),
                                         rho: config.float("rho", default: 0.95), epsilon: config.float("epsilon", default: 1e-7))
            case "Adamax":
                optimizer = try Adamax(options: options(config, defaultRate: 1e-3),
                                       beta1: config.float("beta_1", default: 0.9), beta2: config.float("beta_2", default: 0.999),
                                       epsilon: config.float("epsilon", default: 1e-7))
            case "Nadam":
                optimizer = try Nadam(options: options(config, defaultRate: 1e-3),
                                      beta1: config.float("beta_1", default: 0.9), beta2: config.float("beta_2", default: 0.999),
                                      epsilon: config.float("epsilon", default: 1e-7))
            default:
                throw SynapseError.fileError("unknown optimizer '\(name)'; known: \(optimizerNames.joined(separator: ", "))")
            }
            try optimizer.validate()
            return optimizer
        } catch SynapseError.invalidArgument(let message) {
            throw SynapseError.fileError("\(owner): \(message)")
        }
    }

    /// The shared options: `learning_rate` (a number or a schedule object), `weight_decay`,
    /// `clipnorm`, `clipvalue`, `global_clipnorm` (absent or null for none).
    private static func options(_ config: Configuration, defaultRate: Float, defaultWeightDecay: Float? = nil) throws -> OptimizerOptions {
        let rate: LearningRate
        switch config["learning_rate"] {
        case nil: rate = .constant(defaultRate)
        case .number(let value)?: rate = .constant(Float(value))
        case let value?: rate = .schedule(try schedule(value, owner: config.owner))
        }
        return OptimizerOptions(learningRate: rate,
                                weightDecay: try config.optionalFloat("weight_decay", default: defaultWeightDecay),
                                clipNorm: try config.optionalFloat("clipnorm"),
                                clipValue: try config.optionalFloat("clipvalue"),
                                globalClipNorm: try config.optionalFloat("global_clipnorm"))
    }

    /// Rebuilds a schedule from `{"class_name": …, "config": {…}}`.
    static func schedule(_ value: JSONValue, owner: String) throws -> any LearningRateSchedule {
        guard case .object(let object) = value, case .string(let name)? = object["class_name"],
              case .object(let values)? = object["config"] else {
            throw SynapseError.fileError("\(owner): 'learning_rate' must be a number or a schedule {\"class_name\": …, \"config\": {…}}, found \(value)")
        }
        let config = Configuration(values, owner: "\(owner), learning-rate schedule \(name)")
        switch name {
        case "ExponentialDecay":
            return try ExponentialDecay(initialLearningRate: config.float("initial_learning_rate"), decaySteps: config.steps("decay_steps"),
                                        decayRate: config.float("decay_rate"), staircase: config.bool("staircase", default: false))
        case "InverseTimeDecay":
            return try InverseTimeDecay(initialLearningRate: config.float("initial_learning_rate"), decaySteps: config.steps("decay_steps"),
                                        decayRate: config.float("decay_rate"), staircase: config.bool("staircase", default: false))
        case "PiecewiseConstantDecay":
            return try PiecewiseConstantDecay(boundaries: config.numbers("boundaries").map { value in
                guard value == value.rounded(), Swift.abs(value) < 1e15 else {
                    throw SynapseError.fileError("\(config.owner): boundaries must be whole numbers, found \(value)")
                }
                return Int(value)
            }, values: config.numbers("values").map(Float.init))
        case "PolynomialDecay":
            return try PolynomialDecay(initialLearningRate: config.float("initial_learning_rate"), decaySteps: config.steps("decay_steps"),
                                       endLearningRate: config.float("end_learning_rate", default: 1e-4),
                                       power: config.float("power", default: 1), cycle: config.bool("cycle", default: false))
        case "CosineDecay":
            return try CosineDecay(initialLearningRate: config.float("initial_learning_rate"), decaySteps: config.steps("decay_steps"),
                                   alpha: config.float("alpha", default: 0), warmupTarget: config.optionalFloat("warmup_target"),
                                   warmupSteps: config.steps("warmup_steps", default: 0))
        case "CosineDecayRestarts":
            return try CosineDecayRestarts(initialLearningRate: config.float("initial_learning_rate"),
                                           firstDecaySteps: config.steps("first_decay_steps"),
                                           tMul: config.float("t_mul", default: 2), mMul: config.float("m_mul", default: 1),
                                           alpha: config.float("alpha", default: 0))
        default:
            throw SynapseError.fileError("\(owner): unknown learning-rate schedule '\(name)'; known: \(scheduleNames.joined(separator: ", "))")
        }
    }
}

private extension Configuration {
    /// A Boolean under `key`; files from before Booleans were saved hold 0 or 1.
    func flag(_ key: String, default defaultValue: Bool) throws -> Bool {
        if case .number(let n)? = self[key], n == 0 || n == 1 { return n == 1 }
        return try bool(key, default: defaultValue)
    }

    /// A number under `key`: `defaultValue` when absent, `nil` when null.
    func optionalFloat(_ key: String, default defaultValue: Float? = nil) throws -> Float? {
        switch self[key] {
        case nil: return defaultValue
        case .null?: return nil
        default: return try float(key)
        }
    }

    /// A step count under `key` (whole, ≥ 0 and exactly representable).
    func steps(_ key: String, default defaultValue: Int? = nil) throws -> Int {
        try int(key, default: defaultValue, in: 0...(1 << 53))
    }

    /// A list of numbers under `key`.
    func numbers(_ key: String) throws -> [Double] {
        guard case .array(let items)? = self[key] else {
            throw SynapseError.fileError("\(owner): configuration needs a list of numbers '\(key)', found \(self[key].map { "\($0)" } ?? "nothing")")
        }
        return try items.map { item in
            guard case .number(let n) = item else {
                throw SynapseError.fileError("\(owner): configuration needs a list of numbers '\(key)', found \(item) in it")
            }
            return n
        }
    }
}
