/// A learning rate that changes with the optimizer's step count, as Keras's
/// `keras.optimizers.schedules.LearningRateSchedule`.
///
/// Pass a schedule wherever a learning rate goes — `Adam(learningRate: ExponentialDecay(…))` — and
/// the optimizer evaluates it before every update at its ``Optimizer/iterations`` (the number of
/// updates applied so far, so the first update uses `schedule(0)`), exactly as Keras does.
///
/// A custom schedule implements ``callAsFunction(_:)``. To be saved with a model and rebuilt on
/// loading, a schedule must also be one of Synapse's own (``ExponentialDecay``,
/// ``PiecewiseConstantDecay``, ``PolynomialDecay``, ``InverseTimeDecay``, ``CosineDecay``,
/// ``CosineDecayRestarts``): loading a model saved with any other schedule throws a
/// ``SynapseError/fileError(_:)`` naming it.
public protocol LearningRateSchedule {
    /// The learning rate for the update that follows `step` completed updates (`step` ≥ 0).
    func callAsFunction(_ step: Int) -> Float
    /// The Keras class name (`ExponentialDecay`), under which the schedule is saved.
    var typeName: String { get }
    /// The hyper-parameters under Keras's names, for saved configurations.
    var configuration: [String: JSONValue] { get }
    /// Checks the hyper-parameters. Optimizers run it before every update, so an invalid schedule
    /// stops training with a clear error instead of producing meaningless rates.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the schedule and the argument.
    func validate() throws
}

extension LearningRateSchedule {
    /// The type's name.
    public var typeName: String { String(describing: Self.self) }
    /// No hyper-parameters.
    public var configuration: [String: JSONValue] { [:] }
    /// Nothing to check.
    public func validate() throws {}
}

/// Argument checks shared by the optimizers and the schedules; each error is a
/// ``SynapseError/invalidArgument(_:)`` naming the owner (`Adam`, `ExponentialDecay`) and the argument.
enum ArgumentCheck {
    /// `value` must be finite and ≥ 0.
    static func nonNegative(_ value: Float, _ label: String, in owner: String) throws {
        guard value.isFinite, value >= 0 else {
            throw SynapseError.invalidArgument("\(owner): \(label) must be a finite number ≥ 0, found \(value)")
        }
    }

    /// `value` must be finite and > 0.
    static func positive(_ value: Float, _ label: String, in owner: String) throws {
        guard value.isFinite, value > 0 else {
            throw SynapseError.invalidArgument("\(owner): \(label) must be a finite number > 0, found \(value)")
        }
    }

    /// `value` must be > 0.
    static func positive(_ value: Int, _ label: String, in owner: String) throws {
        guard value > 0 else {
            throw SynapseError.invalidArgument("\(owner): \(label) must be > 0, found \(value)")
        }
    }

    /// `value` must lie in [0, 1), or in [0, 1] when `includingOne`.
    static func fraction(_ value: Float, _ label: String, in owner: String, includingOne: Bool = false) throws {
        guard value >= 0, includingOne ? value <= 1 : value < 1 else {
            throw SynapseError.invalidArgument("\(owner): \(label) must be in [0, 1\(includingOne ? "]" : ")"), found \(value)")
        }
    }
}
