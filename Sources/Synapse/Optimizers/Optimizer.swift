/// Updates parameters from their gradients. An optimizer knows parameters and gradients only — never
/// layers or models — so new optimizers plug in without touching either.
///
/// Conforming types implement ``update(_:values:gradient:count:learningRate:step:)`` for one parameter; the
/// shared ``apply(_:to:)`` validates shapes, counts steps, resolves the learning rate and applies the
/// options every optimizer has (``OptimizerOptions``: schedules, gradient clipping, weight decay).
///
/// The optimizers follow Keras 3: ``SGD``, ``Adam``, ``AdamW``, ``RMSprop``, ``Adagrad``,
/// ``Adadelta``, ``Adamax`` and ``Nadam`` take Keras's defaults and apply its update rules, so that a
/// model trained here follows the same path as the same model trained in Keras. ``DecaySGD`` is the
/// original framework's epoch-based schedule.
public protocol Optimizer: AnyObject {
    /// The Keras name of the optimizer (`SGD`, `Adam`), under which it is saved.
    var name: String { get }
    /// The learning rate (constant or scheduled) and the shared options: weight decay and clipping.
    var options: OptimizerOptions { get set }
    /// The learning rate the next update will use. Setting it replaces a schedule with that constant
    /// rate (as callbacks such as a plateau-based reduction do).
    var learningRate: Float { get set }
    /// The number of updates applied so far.
    var iterations: Int { get set }
    /// Updates one parameter's `count` values in place with its (already clipped) gradient; the
    /// parameter identifies the optimizer's slots for it. `step` counts from 1.
    func update(_ parameter: Parameter, values: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
                count: Int, learningRate: Float, step: Int)
    /// Checks the hyper-parameters and ``options``. ``apply(_:to:)`` runs it before every update, so
    /// an invalid value never reaches the parameters; call it to check an optimizer earlier.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the optimizer and the argument.
    func validate() throws
    /// Whether the update rule treats every value on its own (true of every Keras optimizer), so that
    /// a model's trainable parameters can be updated in one pass over their flat block. An optimizer
    /// whose rule looks at a whole tensor (a per-layer norm) returns `false` and is called per parameter.
    var updatesElementwise: Bool { get }
    /// Called by `fit` before each epoch (0-based), for epoch-driven schedules.
    func epochWillBegin(_ epoch: Int)
    /// The optimizer's own hyper-parameters under Keras's names (`beta_1`, `momentum`), without the
    /// shared options; ``configuration`` adds those.
    var hyperParameters: [String: JSONValue] { get }
    /// The per-parameter state (momenta, moments) under names `<slot>/<parameter path>`, for saving.
    func stateTensors(for parameters: [Parameter]) -> [String: Tensor]
    /// Restores state written by ``stateTensors(for:)``.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` when a tensor has the wrong shape.
    func loadStateTensors(_ tensors: [String: Tensor], for parameters: [Parameter]) throws
}

extension Optimizer {
    /// `true`: the rule treats every value on its own.
    public var updatesElementwise: Bool { true }

    /// Does nothing: only epoch-driven optimizers such as ``DecaySGD`` act on it.
    public func epochWillBegin(_ epoch: Int) {}

    /// The learning rate the next update will use: the constant rate, or the schedule evaluated at
    /// ``iterations``. Setting it replaces a schedule with that constant rate.
    public var learningRate: Float {
        get { options.learningRate.value(at: iterations) }
        set { options.learningRate = .constant(newValue) }
    }

    /// The learning-rate schedule, or `nil` when the rate is constant. Setting `nil` keeps the current
    /// rate as a constant.
    public var learningRateSchedule: (any LearningRateSchedule)? {
        get {
            if case .schedule(let schedule) = options.learningRate { return schedule }
            return nil
        }
        set {
            options.learningRate = newValue.map { .schedule($0) } ?? .constant(learningRate)
        }
    }

    /// All hyper-parameters under Keras's names — the shared options (`learning_rate`,
    /// `weight_decay`, `clipnorm`, `clipvalue`, `global_clipnorm`) and ``hyperParameters`` — for
    /// summaries and saved configurations.
    public var configuration: [String: JSONValue] {
        options.configuration.merging(hyperParameters) { _, own in own }
    }

    /// Applies one update: `gradients[i]` to `parameters[i]`. Frozen and empty parameters are
    /// skipped. In Keras's order: the learning rate is evaluated at ``iterations``, the gradients are
    /// clipped, weight decay shrinks the parameters, ``iterations`` is counted up and each parameter
    /// is updated by the optimizer's rule.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` when counts or shapes differ,
    ///   ``SynapseError/invalidData(_:)`` when a gradient holds NaN (or an infinite norm is to be
    ///   clipped), or ``SynapseError/invalidArgument(_:)`` when an option is invalid or the learning
    ///   rate is negative or not finite. Nothing is changed when it throws.
    public func apply(_ gradients: [Tensor], to parameters: [Parameter]) throws {
        guard gradients.count == parameters.count else {
            throw SynapseError.shapeMismatch("\(name).apply: \(gradients.count) gradients for \(parameters.count) parameters")
        }
        for (gradient, parameter) in zip(gradients, parameters) where gradient.shape != parameter.shape {
            throw SynapseError.shapeMismatch("\(name).apply: gradient of shape \(gradient.shape) for parameter \(parameter.path) of shape \(parameter.shape)")
        }
        // The update clips in place: work on a copy of the caller's gradients.
        let copies = FloatStorage(zeros: gradients.reduce(0) { $0 + $1.count })
        var addresses: [UnsafeMutablePointer<Float>] = []
        var offset = 0
        for gradient in gradients {
            gradient.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { (copies.base + offset).update(from: base, count: source.count) }
            }
            addresses.append(copies.base + offset)
            offset += gradient.count
        }
        try withExtendedLifetime(copies) { try apply(gradients: addresses, to: parameters) }
    }

    /// One update of a model's trainable parameters from the flat gradients of its `layout`: in
    /// one pass over the whole block when the rule is elementwise, per parameter otherwise. Clipping
    /// still acts on each gradient (or all together) first, as in ``apply(_:to:)``.
    func apply(layout: ParameterLayout) throws {
        try step(gradients: layout.trainableGradients, of: layout.trainable,
                 updating: updatesElementwise ? layout.blockUpdate : layout.parameterUpdates)
    }

    /// ``apply(_:to:)`` on gradients in place (a model's flat gradient storage), which clipping may
    /// overwrite: `gradients[i]` holds `parameters[i].count` values.
    func apply(gradients: [UnsafeMutablePointer<Float>], to parameters: [Parameter]) throws {
        let updates = zip(parameters, gradients).filter { $0.0.isTrainable && $0.0.count > 0 }
        try step(gradients: gradients, of: parameters, updating: updates.map { (parameter: $0.0, gradient: $0.1) })
    }

    /// The shared step, in Keras's order: the NaN check, the learning rate at ``iterations``, clipping of
    /// each gradient of `parameters`, weight decay, the count of iterations, and the rule applied to
    /// `updates` — the parameters themselves, or one block holding them all (whose gradients are the
    /// same buffers). Nothing is changed when it throws.
    private func step(gradients: [UnsafeMutablePointer<Float>], of parameters: [Parameter],
                      updating updates: [(parameter: Parameter, gradient: UnsafeMutablePointer<Float>)]) throws {
        for (gradient, parameter) in zip(gradients, parameters) where parameter.isTrainable && parameter.count > 0 {
            if VectorMath.containsNaN(gradient, count: parameter.count) {
                throw SynapseError.invalidData("\(name).apply: the gradient for parameter \(parameter.path) holds NaN")
            }
        }
        try validate()
        let rate = options.learningRate.value(at: iterations)
        guard rate.isFinite, rate >= 0 else {
            throw SynapseError.invalidArgument("\(name).apply: the learning rate for step \(iterations) is \(rate); it must be a finite number ≥ 0")
        }
        if options.clipNorm != nil || options.clipValue != nil || options.globalClipNorm != nil {
            try options.clip(gradients, updating: parameters.map { $0.isTrainable && $0.count > 0 }, parameters: parameters, optimizer: name)
        }
        if let weightDecay = options.weightDecay, weightDecay > 0 {
            for (parameter, _) in updates { OptimizerKernels.decay(parameter.values, count: parameter.count, factor: weightDecay * rate) }
        }
        iterations += 1
        for (parameter, gradient) in updates {
            update(parameter, values: parameter.values, gradient: gradient, count: parameter.count, learningRate: rate, step: iterations)
        }
    }
}

/// `1 − x` as Keras computes factors such as `1 - self.beta_2`: in double precision from the decimal
/// value the user wrote, rounded to `Float` once. This is not `1 − Float(x)`: for x = 0.999 the two
/// differ by 1.3e-5 relative (`Float(0.999)` is 0.99900001…), enough to move Adam's steps off Keras's.
/// The decimal value is recovered from `x`'s shortest representation, which is the literal written.
func complement(_ x: Float) -> Float {
    Float(1 - (Double(x.description) ?? Double(x)))
}
