extension Sequential {
    /// One optimizer step on the rows `batch` of the training data: through the fused dense-stack
    /// kernels when the model allows it, otherwise through the general autodiff graph.
    /// Returns the batch's mean loss, the model's outputs and the batch's labels (for metrics).
    /// A batch whose loss is not finite changes no weight.
    func trainBatch(_ batch: ArraySlice<Int>, of inputs: Tensor, _ labels: Tensor,
                    settings: CompiledSettings) throws -> (loss: Float, predictions: Tensor, labels: Tensor) {
        let batchLabels = try labels.gatherRows(Array(batch))
        if let (stack, outputLoss) = fusedPath(for: settings.loss) {
            let (loss, predictions) = try stack.trainStep(inputs: inputs, labels: labels, batch: batch,
                                                          outputLoss: outputLoss, optimizer: settings.optimizer)
            return (loss, predictions, batchLabels)
        }
        let batchInputs = try inputs.gatherRows(Array(batch))
        var predictions = batchInputs
        let parameters = trainableParameters
        let (loss, gradients) = try valueWithGradient(at: parameters) {
            let result = try lossAndPredictions(batchInputs, batchLabels, settings: settings, training: true)
            predictions = result.predictions
            return result.loss
        }
        // A diverged batch (NaN or infinite loss) updates nothing; `fit` stops with an error unless
        // a callback such as TerminateOnNaN ends training first.
        if loss.scalars[0].isFinite { try settings.optimizer.apply(gradients, to: parameters) }
        return (loss.scalars[0], predictions, batchLabels)
    }

    /// The fused dense-stack path and how it computes `loss`, when ``usesFusedKernels`` is on and
    /// the model and loss allow it.
    func fusedPath(for loss: Loss) -> (FusedDenseStack, FusedDenseStack.OutputLoss)? {
        guard let stack = fusedStackIfAvailable(), let outputLoss = stack.outputLoss(for: loss) else { return nil }
        return (stack, outputLoss)
    }

    /// The fused dense-stack kernels, when ``usesFusedKernels`` is on and the layers allow them.
    func fusedStackIfAvailable() -> FusedDenseStack? {
        guard usesFusedKernels, isBuilt else { return nil }
        if fusedStack == nil { fusedStack = FusedDenseStack.make(layers: layers, inputShape: inputShape) }
        return fusedStack
    }
}
