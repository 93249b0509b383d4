/// A differentiable operation with a hand-written backward pass, defined through public API.
///
/// `value` is the operation's result, computed from `inputs` by any means (a loop over buffers, a
/// library call); `pullback` receives the gradient of the final scalar with respect to `value` and
/// returns the gradient with respect to each input (`nil` for an input that needs none), each of
/// its input's shape. Outside a gradient computation nothing is recorded.
///
/// ```swift
/// /// y = x³, with its derivative written by hand.
/// func cube(_ x: Tensor) throws -> Tensor {
///     let y = try x * x * x
///     let x0 = x.detached
///     return customOperation("cube", inputs: [x], value: y.detached) { g in
///         [try g * 3 * x0 * x0]
///     }
/// }
/// ```
///
/// Check such an operation with ``checkGradients(at:step:absoluteTolerance:relativeTolerance:of:)``.
/// The pullback must not capture recorded tensors (use ``Tensor/detached``), or the record would
/// keep itself alive.
///
/// Errors the pullback throws, and a wrong number or shape of gradients
/// (``SynapseError/shapeMismatch(_:)``), are thrown by the gradient computation that runs it
/// (`valueWithGradient`, `fit`).
public func customOperation(_ name: String, inputs: [Tensor], value: Tensor,
                            pullback: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
    var result = value.detached
    guard inputs.contains(where: \.isRecording) else { return result }
    let shapes = inputs.map(\.shape)
    result.record(name, inputs: inputs) { gradient in
        let gradients = try pullback(gradient)
        guard gradients.count == shapes.count else {
            throw SynapseError.shapeMismatch("\(name): the pullback returned \(gradients.count) gradients for \(shapes.count) inputs")
        }
        for (gradient, shape) in zip(gradients, shapes) where gradient != nil && gradient!.shape != shape {
            throw SynapseError.shapeMismatch("\(name): the pullback returned a gradient of shape \(gradient!.shape) for an input of shape \(shape)")
        }
        return gradients
    }
    return result
}

