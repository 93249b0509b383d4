/// Evaluates `function` at `inputs` and returns its value together with its gradient with respect to
/// each input, computed by reverse-mode automatic differentiation.
///
/// `function` must return a tensor holding exactly one value (the loss). Inputs that do not influence
/// the value get a gradient of zeros.
///
/// ```swift
/// let (value, gradients) = try valueWithGradient(at: [x, w]) { t in
///     try (t[0].matmul(t[1])).sum()
/// }
/// ```
///
/// - Throws: whatever `function` throws, or ``SynapseError/shapeMismatch(_:)`` if its value is not a
///   single number.
public func valueWithGradient(at inputs: [Tensor], of function: ([Tensor]) throws -> Tensor) throws -> (value: Tensor, gradients: [Tensor]) {
    var watched = inputs
    for i in watched.indices { watched[i].watch(name: "input \(i)") }
    let value = try function(watched)
    let gradients = try gradientsOf(value, with: watched)
    return (value.detached, gradients)
}

/// Evaluates `function` at `input` and returns its value and its gradient with respect to `input`.
public func valueWithGradient(at input: Tensor, of function: (Tensor) throws -> Tensor) throws -> (value: Tensor, gradient: Tensor) {
    let (value, gradients) = try valueWithGradient(at: [input]) { try function($0[0]) }
    return (value, gradients[0])
}

/// Runs the backward pass from the scalar `value` and reads the gradients collected at `leaves`.
func gradientsOf(_ value: Tensor, with leaves: [Tensor]) throws -> [Tensor] {
    guard value.count == 1 else {
        throw SynapseError.shapeMismatch("valueWithGradient: the function must return a single value, found shape \(value.shape)")
    }
    try value.node?.backpropagate(seed: Tensor(uncheckedShape: value.shape, scalars: [1]))
    return leaves.map { leaf in leaf.leafGradient ?? Tensor.zeros(like: leaf) }
}
