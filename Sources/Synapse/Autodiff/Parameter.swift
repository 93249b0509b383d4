/// A trainable (or frozen) tensor owned by a layer: a kernel, a bias, a moving statistic.
///
/// Optimizers see only parameters and their gradients, never layers.
public final class Parameter {
    /// The parameter's name within its layer (`kernel`, `bias`).
    public let name: String
    /// The full, stable name within a model (`dense_1.kernel`); set when the model is built.
    public internal(set) var path: String
    /// The current value.
    public var value: Tensor
    /// Whether optimizers update this parameter.
    public var isTrainable: Bool

    /// Creates a parameter with an initial value.
    public init(name: String, value: Tensor, isTrainable: Bool = true) {
        self.name = name
        self.path = name
        self.value = value.detached
        self.isTrainable = isTrainable
    }

    /// The number of values.
    public var count: Int { value.count }
}

/// Evaluates `function` (typically a loss computed from a model's output) and returns its value and
/// its gradient with respect to each parameter — the building block of a custom training loop:
///
/// ```swift
/// let (loss, gradients) = try valueWithGradient(at: model.trainableParameters) {
///     try Loss.meanSquaredError(model(x, training: true), y)
/// }
/// try optimizer.apply(gradients, to: model.trainableParameters)
/// ```
public func valueWithGradient(at parameters: [Parameter], of function: () throws -> Tensor) throws -> (value: Tensor, gradients: [Tensor]) {
    for parameter in parameters { parameter.value.watch(name: parameter.path) }
    defer { for parameter in parameters { parameter.value = parameter.value.detached } }
    let value = try function()
    let gradients = try gradientsOf(value, with: parameters.map(\.value))
    return (value.detached, gradients)
}
