extension TrainingContext {
    /// The gradient of the loss with respect to `parameter` from the last training batch: what the
    /// optimizer applied in that batch's update (the regularisation penalty's gradient included, after
    /// clipping when the optimizer clips). Read it in ``Callback/batchDidEnd(_:logs:training:)`` for
    /// every batch, or in ``Callback/epochDidEnd(_:logs:training:)`` for the epoch's last batch.
    ///
    /// ```swift
    /// for parameter in training.model.trainableParameters {
    ///     if let gradient = training.gradient(of: parameter) { print(parameter.path, gradient.shape) }
    /// }
    /// ```
    ///
    /// - Returns: a copy of the gradient, shaped as the parameter; `nil` before the model's first
    ///   training batch (or its first after its layers changed), and for a parameter that is not
    ///   trainable or not the model's. A batch whose loss was not finite
    ///   changes no weight and leaves the previous batch's gradients in place.
    public func gradient(of parameter: Parameter) -> Tensor? {
        model.engine.lastGradient(of: parameter)
    }
}
