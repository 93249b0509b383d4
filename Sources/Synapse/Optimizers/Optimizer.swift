/// Updates parameters from their gradients. An optimizer knows parameters and gradients only — never
/// layers or models — so new optimizers plug in without touching either.
///
/// Conforming types implement ``update(_:gradient:learningRate:step:)`` for one parameter; the
/// shared ``apply(_:to:)`` validates shapes, counts steps and resolves the learning rate.
public protocol Optimizer: AnyObject {
    /// The Keras name of the optimizer (`SGD`, `Adam`).
    var name: String { get }
    /// The learning rate used by the next update.
    var learningRate: Float { get set }
    /// The number of updates applied so far.
    var iterations: Int { get set }
    /// Updates one parameter in place. `step` counts from 1.
    func update(_ parameter: Parameter, gradient: Tensor, learningRate: Float, step: Int)
    /// Called by `fit` before each epoch (0-based), for epoch-driven schedules.
    func epochWillBegin(_ epoch: Int)
    /// The hyper-parameters, for summaries and saved configurations.
    var configuration: [String: Double] { get }
    /// The per-parameter state (momenta, moments) under names `<slot>/<parameter path>`, for saving.
    func stateTensors(for parameters: [Parameter]) -> [String: Tensor]
    /// Restores state written by ``stateTensors(for:)``.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` when a tensor has the wrong shape.
    func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws
}

extension Optimizer {
    public func epochWillBegin(_ epoch: Int) {}

    /// Applies one update: `gradients[i]` to `parameters[i]`. Frozen parameters are skipped.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` when counts or shapes differ, or
    ///   ``SynapseError/invalidData(_:)`` when a gradient holds NaN.
    public func apply(_ gradients: [Tensor], to parameters: [Parameter]) throws {
        guard gradients.count == parameters.count else {
            throw SynapseError.shapeMismatch("\(name).apply: \(gradients.count) gradients for \(parameters.count) parameters")
        }
        for (gradient, parameter) in zip(gradients, parameters) where gradient.shape != parameter.value.shape {
            throw SynapseError.shapeMismatch("\(name).apply: gradient of shape \(gradient.shape) for parameter \(parameter.path) of shape \(parameter.value.shape)")
        }
        for (gradient, parameter) in zip(gradients, parameters) where parameter.isTrainable {
            if gradient.withUnsafeBufferPointer({ $0.count > 0 && VectorMath.containsNaN($0.baseAddress!, count: $0.count) }) {
                throw SynapseError.invalidData("\(name).apply: the gradient for parameter \(parameter.path) holds NaN")
            }
        }
        iterations += 1
        for (gradient, parameter) in zip(gradients, parameters) where parameter.isTrainable && parameter.count > 0 {
            update(parameter, gradient: gradient, learningRate: learningRate, step: iterations)
        }
    }
}

/// Per-parameter optimizer state (momenta, second moments), keyed by parameter identity.
struct OptimizerSlots {
    private var slots: [ObjectIdentifier: Tensor] = [:]

    /// The slot for `parameter`, created as zeros (or `initial`) on first use.
    mutating func slot(for parameter: Parameter, initial: Float = 0) -> Tensor {
        if let existing = slots[ObjectIdentifier(parameter)] { return existing }
        let created = Tensor(uncheckedShape: parameter.value.shape,
                             scalars: [Float](repeating: initial, count: parameter.count))
        slots[ObjectIdentifier(parameter)] = created
        return created
    }

    /// This slot's tensors for `parameters` that have one, named `<slotName>/<parameter path>`.
    func exported(as slotName: String, for parameters: [Parameter]) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for parameter in parameters {
            if let tensor = slots[ObjectIdentifier(parameter)] { result["\(slotName)/\(parameter.path)"] = tensor }
        }
        return result
    }

    /// Restores the tensors named `<slotName>/<parameter path>` found in `tensors`.
    mutating func load(_ tensors: [String: Tensor], as slotName: String, for parameters: [Parameter]) throws {
        for parameter in parameters {
            guard let tensor = tensors["\(slotName)/\(parameter.path)"] else { continue }
            guard tensor.shape == parameter.value.shape else {
                throw SynapseError.fileError("optimizer state \(slotName)/\(parameter.path) has shape \(tensor.shape), expected \(parameter.value.shape)")
            }
            slots[ObjectIdentifier(parameter)] = tensor.detached
        }
    }

    /// Runs `body` on the slot's buffer in place (no copy: the slot is moved out and back).
    mutating func withSlot<R>(for parameter: Parameter, initial: Float = 0,
                              _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        var tensor = slot(for: parameter, initial: initial)
        slots[ObjectIdentifier(parameter)] = nil
        defer { slots[ObjectIdentifier(parameter)] = tensor }
        return tensor.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}

extension Parameter {
    /// Runs `body` on the parameter's values and the gradient's, in place.
    func updateInPlace(with gradient: Tensor, _ body: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int) -> Void) {
        let n = count
        guard n > 0 else { return }
        gradient.withUnsafeBufferPointer { g in
            value.withUnsafeMutableBufferPointer { w in body(w.baseAddress!, g.baseAddress!, n) }
        }
    }
}
