/// A weight penalty added to the loss while training: `l1·Σ|w| + l2·Σw²`, as Keras's `L1`, `L2` and
/// `L1L2` regularisers.
///
/// ```swift
/// Dense(64, activation: .relu, kernelRegularizer: .l2(0.01), biasRegularizer: .l1(0.001))
/// ```
///
/// The penalty is made of differentiable tensor ops, so its gradient (`l1·sign(w) + 2·l2·w`) reaches
/// the weights with the loss's. The loss that `fit` and `evaluate` report includes it, as in Keras.
/// Factors must be finite and ≥ 0; a layer checks them when it is built.
public struct Regularizer: Equatable, Sendable, CustomStringConvertible {
    /// The factor of Σ|w|.
    public let l1: Float
    /// The factor of Σw².
    public let l2: Float

    /// A penalty `l1·Σ|w| + l2·Σw²` (Keras's `L1L2`, whose factors default to 0).
    public init(l1: Float = 0, l2: Float = 0) {
        self.l1 = l1
        self.l2 = l2
    }

    /// `factor·Σ|w|`, Keras's `L1` (default factor 0.01).
    public static func l1(_ factor: Float = 0.01) -> Regularizer { Regularizer(l1: factor) }
    /// `factor·Σw²`, Keras's `L2` (default factor 0.01). Note: no ½, as in Keras.
    public static func l2(_ factor: Float = 0.01) -> Regularizer { Regularizer(l2: factor) }
    /// `l1·Σ|w| + l2·Σw²`, Keras's `L1L2` (factors default to 0).
    public static func l1l2(l1: Float = 0, l2: Float = 0) -> Regularizer { Regularizer(l1: l1, l2: l2) }

    /// Keras's class and factors: `L2(0.01)`, `L1(0.001)`, `L1L2(l1: 0.01, l2: 0.02)`.
    public var description: String {
        switch (l1 != 0, l2 != 0) {
        case (true, false): return "L1(\(l1))"
        case (false, true): return "L2(\(l2))"
        default: return "L1L2(l1: \(l1), l2: \(l2))"
        }
    }

    /// The penalty on `weights` as a one-value tensor, recording its gradient when the weights are
    /// watched; `nil` when both factors are 0 (no term is added, as in Keras).
    public func penalty(_ weights: Tensor) throws -> Tensor? {
        var terms: [Tensor] = []
        if l1 != 0 { terms.append(l1 * weights.abs().sum()) }
        if l2 != 0 { terms.append(l2 * (try weights * weights).sum()) }
        guard var total = terms.first else { return nil }
        for term in terms.dropFirst() { total = try total + term }
        return total
    }

    /// Checks that both factors are finite and ≥ 0.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming `owner` (for example
    ///   `dense: kernelRegularizer`) and the bad factor.
    public func validate(owner: String) throws {
        for (label, factor) in [("l1", l1), ("l2", l2)] where !(factor.isFinite && factor >= 0) {
            throw SynapseError.invalidArgument("\(owner): the \(label) factor must be a finite number ≥ 0, found \(factor)")
        }
    }
}

// MARK: - Saved configuration

extension Regularizer {
    /// The regulariser as saved in a layer's configuration, in Keras's form:
    /// `{"class_name": "L2", "config": {"l2": 0.01}}` (`L1`, `L2` or `L1L2`).
    public var configurationValue: JSONValue {
        let className: String
        var config: [String: JSONValue] = [:]
        switch (l1 != 0, l2 != 0) {
        case (true, false): className = "L1"; config["l1"] = .number(Double(l1))
        case (false, true): className = "L2"; config["l2"] = .number(Double(l2))
        default: className = "L1L2"; config = ["l1": .number(Double(l1)), "l2": .number(Double(l2))]
        }
        return .object(["class_name": .string(className), "config": .object(config)])
    }

    /// Reads a saved regulariser; `null` means none.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming `owner` for an unknown class or bad factors.
    public init?(configurationValue value: JSONValue, owner: String) throws {
        if value == .null { return nil }
        guard case .object(let object) = value, case .string(let className)? = object["class_name"] else {
            throw SynapseError.fileError("\(owner): a regularizer must be {\"class_name\": \"L1\" | \"L2\" | \"L1L2\", \"config\": {…}} or null, found \(value)")
        }
        var configValues: [String: JSONValue] = [:]
        if case .object(let values)? = object["config"] { configValues = values }
        let config = Configuration(configValues, owner: "\(owner) (\(className))")
        switch className {
        case "L1": self.init(l1: try config.float("l1", default: 0.01))
        case "L2": self.init(l2: try config.float("l2", default: 0.01))
        case "L1L2": self.init(l1: try config.float("l1", default: 0), l2: try config.float("l2", default: 0))
        default:
            throw SynapseError.fileError("\(owner): unknown regularizer '\(className)' (expected L1, L2 or L1L2)")
        }
        do {
            try validate(owner: owner)
        } catch let error as SynapseError {
            throw SynapseError.fileError(error.message)
        }
    }
}
