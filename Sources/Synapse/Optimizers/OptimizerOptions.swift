/// A learning rate: a constant, or a ``LearningRateSchedule`` evaluated at the optimizer's step count.
public enum LearningRate: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The same rate for every update.
    case constant(Float)
    /// A rate that depends on the number of updates applied so far.
    case schedule(any LearningRateSchedule)

    /// A constant rate from a literal (`0.01`).
    public init(floatLiteral value: Float) { self = .constant(value) }

    /// A constant rate from an integer literal (`1`).
    public init(integerLiteral value: Int) { self = .constant(Float(value)) }

    /// The rate for the update that follows `step` completed updates.
    public func value(at step: Int) -> Float {
        switch self {
        case .constant(let rate): return rate
        case .schedule(let schedule): return schedule(step)
        }
    }

    /// The saved form: a number, or `{"class_name": …, "config": {…}}` for a schedule (as Keras).
    var configuration: JSONValue {
        switch self {
        case .constant(let rate): return .number(Double(rate))
        case .schedule(let schedule):
            return .object(["class_name": .string(schedule.typeName), "config": .object(schedule.configuration)])
        }
    }
}

/// The options every optimizer takes, as Keras's base optimizer: the learning rate, decoupled weight
/// decay and gradient clipping. ``Optimizer/apply(_:to:)`` applies them around each optimizer's own
/// update rule, in Keras's order:
///
/// 1. the learning rate is evaluated at the current ``Optimizer/iterations`` (before counting this
///    update);
/// 2. the gradients are clipped: `clipNorm` rescales each gradient on its own so that its L2 norm is
///    at most `clipNorm`; `globalClipNorm` rescales all gradients together so that the norm of their
///    concatenation is at most `globalClipNorm`; `clipValue` clamps every element to
///    [−`clipValue`, `clipValue`] (at most one of the three may be set);
/// 3. weight decay shrinks every trainable parameter: `w ← w − w·weightDecay·learningRate`;
/// 4. the optimizer's update rule runs with the (clipped) gradients.
public struct OptimizerOptions {
    /// The learning rate, constant or scheduled.
    public var learningRate: LearningRate
    /// The decoupled weight decay factor, or `nil` for none.
    public var weightDecay: Float?
    /// The largest L2 norm allowed for each gradient, or `nil` for no clipping.
    public var clipNorm: Float?
    /// The largest absolute value allowed for each gradient element, or `nil` for no clipping.
    public var clipValue: Float?
    /// The largest L2 norm allowed for all gradients together, or `nil` for no clipping.
    public var globalClipNorm: Float?

    /// Options; ``validate(for:)`` checks them (optimizers do so before every update).
    public init(learningRate: LearningRate, weightDecay: Float? = nil, clipNorm: Float? = nil,
                clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.globalClipNorm = globalClipNorm
    }

    /// Checks the options of the optimizer named `optimizer`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer (or the schedule) and the
    ///   option: a constant learning rate or a weight decay that is negative or not finite, an invalid
    ///   schedule, a clipping bound ≤ 0, or more than one kind of clipping.
    public func validate(for optimizer: String) throws {
        switch learningRate {
        case .constant(let rate): try ArgumentCheck.nonNegative(rate, "learningRate", in: optimizer)
        case .schedule(let schedule): try schedule.validate()
        }
        if let weightDecay { try ArgumentCheck.nonNegative(weightDecay, "weightDecay", in: optimizer) }
        if let clipNorm { try ArgumentCheck.positive(clipNorm, "clipNorm", in: optimizer) }
        if let clipValue { try ArgumentCheck.positive(clipValue, "clipValue", in: optimizer) }
        if let globalClipNorm { try ArgumentCheck.positive(globalClipNorm, "globalClipNorm", in: optimizer) }
        let clippings = (clipNorm == nil ? 0 : 1) + (clipValue == nil ? 0 : 1) + (globalClipNorm == nil ? 0 : 1)
        guard clippings <= 1 else {
            let set = [("clipNorm", clipNorm), ("clipValue", clipValue), ("globalClipNorm", globalClipNorm)]
                .compactMap { label, value in value.map { "\(label) \($0)" } }
            throw SynapseError.invalidArgument("\(optimizer): only one of clipNorm, clipValue and globalClipNorm can be set, found \(set.joined(separator: " and "))")
        }
    }

    /// `learning_rate`, `weight_decay`, `clipnorm`, `clipvalue`, `global_clipnorm` (Keras's names;
    /// null when not set).
    var configuration: [String: JSONValue] {
        var result: [String: JSONValue] = ["learning_rate": learningRate.configuration]
        for (key, value) in [("weight_decay", weightDecay), ("clipnorm", clipNorm),
                             ("clipvalue", clipValue), ("global_clipnorm", globalClipNorm)] {
            result[key] = value.map { .number(Double($0)) } ?? .null
        }
        return result
    }

    /// Clips the gradients in place; only those whose parameter is updated (`isUpdated`) are clipped
    /// and count towards the global norm. `gradients[i]` holds `parameters[i].count` values.
    ///
    /// - Throws: ``SynapseError/invalidData(_:)`` when a norm to clip by is infinite (nothing is changed).
    func clip(_ gradients: [UnsafeMutablePointer<Float>], updating isUpdated: [Bool], parameters: [Parameter], optimizer: String) throws {
        func norm(_ i: Int) -> Double { OptimizerKernels.sumOfSquares(gradients[i], count: parameters[i].count).squareRoot() }
        if let limit = clipNorm {
            var scales: [(Int, Float)] = []
            for i in gradients.indices where isUpdated[i] {
                let n = norm(i)
                guard n.isFinite else {
                    throw SynapseError.invalidData("\(optimizer).apply: cannot clip the gradient for parameter \(parameters[i].path) to norm \(limit): its norm is infinite")
                }
                if n > Double(limit) { scales.append((i, Float(Double(limit) / n))) }
            }
            for (i, scale) in scales { OptimizerKernels.scale(gradients[i], into: gradients[i], count: parameters[i].count, by: scale) }
        } else if let limit = globalClipNorm {
            var total = 0.0
            for i in gradients.indices where isUpdated[i] { total += OptimizerKernels.sumOfSquares(gradients[i], count: parameters[i].count) }
            let n = total.squareRoot()
            guard n.isFinite else {
                throw SynapseError.invalidData("\(optimizer).apply: cannot clip the gradients to global norm \(limit): their norm is infinite")
            }
            if n > Double(limit) {
                let scale = Float(Double(limit) / n)
                for i in gradients.indices where isUpdated[i] { OptimizerKernels.scale(gradients[i], into: gradients[i], count: parameters[i].count, by: scale) }
            }
        } else if let limit = clipValue {
            for i in gradients.indices where isUpdated[i] { OptimizerKernels.clamp(gradients[i], into: gradients[i], count: parameters[i].count, limit: limit) }
        }
    }
}
