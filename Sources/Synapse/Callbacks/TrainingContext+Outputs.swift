extension TrainingContext {
    /// What `layer` produced in the last training batch: its first output, batch first (`[rows, …]`),
    /// in training mode (dropout applied). Read it in ``Callback/batchDidEnd(_:logs:training:)``.
    /// This is a read-only copy of the value the training plan kept for the backward pass;
    /// ``GradientFlow`` uses it to count a ReLU layer's dead units.
    ///
    /// ```swift
    /// let hidden = training.model.layers[0]
    /// if let output = training.output(of: hidden) { print(output.shape) }   // [32, 64]
    /// ```
    ///
    /// - Returns: a copy, `nil` before the model's first training batch, and for a layer the model
    ///   does not call. For a layer called several times, the output of its last call. For a
    ///   sigmoid or softmax output layer whose cross-entropy is computed from its logits (the fused
    ///   path), the logits.
    public func output(of layer: any Layer) -> Tensor? {
        model.engine.lastTrainingOutput(of: layer)
    }
}
