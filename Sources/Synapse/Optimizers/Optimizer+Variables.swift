/// An optimizer that keeps its per-parameter state in ``OptimizerSlots`` (every built-in one), so that
/// the state can be read by Keras's names.
protocol SlottedOptimizer: Optimizer {
    /// The per-parameter state.
    var variableSlots: OptimizerSlots { get }
}

extension Optimizer {
    /// The names of the variables the optimizer keeps per parameter, as Keras 3 names them: Adam's
    /// `["momentum", "velocity"]` (and `velocity_hat` with AMSGrad), SGD's `["momentum"]` and so on.
    /// Empty for an optimizer without state (SGD without momentum), and for an optimizer of your own.
    ///
    /// ``iterations`` is the optimizer's one variable that is not per parameter.
    public var variableNames: [String] {
        (self as? any SlottedOptimizer)?.variableSlots.kerasNames ?? []
    }

    /// The variables the optimizer keeps for `parameter`, by Keras 3's names (``variableNames``);
    /// empty before the parameter's first update. The tensors are copies.
    ///
    /// An optimizer of your own reports its ``stateTensors(for:)`` under their slot names.
    public func variables(for parameter: Parameter) -> [String: Tensor] {
        guard let slots = (self as? any SlottedOptimizer)?.variableSlots else {
            let suffix = "/\(parameter.path)"
            return Dictionary(uniqueKeysWithValues: stateTensors(for: [parameter]).compactMap { key, tensor in
                key.hasSuffix(suffix) ? (String(key.dropLast(suffix.count)), tensor) : nil
            })
        }
        guard let values = slots.values(of: parameter) else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(slots.kerasNames, values))
    }

    /// The variable `name` the optimizer keeps for `parameter` — a copy — or `nil` before the
    /// parameter's first update.
    ///
    /// `name` is Keras 3's variable name (`"momentum"`, `"velocity"`) or the name of the list Keras's
    /// optimizer keeps those variables in (`"momentums"`, `"velocities"`; Adamax's `"m"` and `"u"`):
    ///
    /// ```swift
    /// let v = try optimizer.variable(named: "velocities", for: dense.kernel)
    /// ```
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when the optimizer has no variable of that name,
    ///   listing the names it has. (An optimizer of your own returns `nil` for any name its
    ///   ``stateTensors(for:)`` lacks.)
    public func variable(named name: String, for parameter: Parameter) throws -> Tensor? {
        guard let slots = (self as? any SlottedOptimizer)?.variableSlots else { return variables(for: parameter)[name] }
        guard let index = slots.index(ofKerasName: name) else {
            let hint = name == "iterations" || name == "iteration" ? " (the step count is the optimizer's `iterations`)" : ""
            guard !slots.names.isEmpty else {
                throw SynapseError.invalidArgument("\(self.name).variable(named:): this optimizer keeps no per-parameter variables, found a request for \"\(name)\"\(hint)")
            }
            let known = zip(slots.kerasNames, slots.kerasListNames).map { "\"\($0)\" (or \"\($1)\")" }
            throw SynapseError.invalidArgument("\(self.name).variable(named:): expected one of \(known.joined(separator: ", ")), found \"\(name)\"\(hint)")
        }
        return slots.values(of: parameter)?[index]
    }
}
