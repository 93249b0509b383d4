extension Sequential {
    /// Checks a data set against the model before training or evaluation: matching row counts, no
    /// empty data, only finite values, samples of the input shape, labels that fit the output and
    /// the loss. Returns the labels reshaped where Keras accepts a shortcut (`[n]` for one output unit).
    func validatedLabels(_ x: Tensor, _ y: Tensor, loss: Loss, operation: String) throws -> Tensor {
        guard x.rank >= 2 else {
            throw SynapseError.shapeMismatch("\(operation): expected inputs of shape [samples, features…], found \(x.shape)")
        }
        guard x.shape[0] > 0 else {
            throw SynapseError.invalidData("\(operation): the data set is empty (inputs of shape \(x.shape))")
        }
        guard y.rank >= 1, y.shape[0] == x.shape[0] else {
            throw SynapseError.shapeMismatch("\(operation): \(x.shape[0]) input rows but labels of shape \(y.shape)")
        }
        try Sequential.requireFinite(x, what: "inputs", operation: operation)
        try Sequential.requireFinite(y, what: "labels", operation: operation)
        if let inputShape, Array(x.shape.dropFirst()) != inputShape {
            throw SynapseError.shapeMismatch("\(operation): the Input layer expects samples of shape \(inputShape), found inputs of shape \(x.shape)")
        }
        try ensureBuilt(forBatch: try x.rows(0..<1))
        let outputShape = self.outputShape!
        let rows = x.shape[0]
        if loss.kind == .sparseCategoricalCrossEntropy {
            guard y.shape == [rows] || y.shape == [rows, 1] else {
                throw SynapseError.shapeMismatch("\(operation): \(loss.name) expects integer class labels of shape [\(rows)], found \(y.shape)")
            }
            let classes = outputShape.last ?? 1
            for (row, label) in y.scalars.enumerated() where label != label.rounded() || label < 0 || Int(label) >= classes {
                throw SynapseError.invalidData("\(operation): label \(label) in row \(row) is not a class index in 0..<\(classes) (the model has \(classes) outputs)")
            }
            return y
        }
        let expected = [rows] + outputShape
        if y.shape == expected { return y }
        if outputShape == [1] && y.shape == [rows] { return try y.reshaped(expected) }
        let hint = loss.kind == .categoricalCrossEntropy && y.rank == 1 ? " (one-hot labels are needed; use sparseCategoricalCrossEntropy for class indices)" : ""
        throw SynapseError.shapeMismatch("\(operation): labels of shape \(y.shape) do not match the model's output \(expected)\(hint)")
    }

    /// Throws naming the first row with a NaN or infinite value.
    static func requireFinite(_ t: Tensor, what: String, operation: String) throws {
        let width = max(1, t.count / max(t.shape.first ?? 1, 1))
        let firstBad = t.withUnsafeBufferPointer { p -> Int? in
            guard p.count > 0, !VectorMath.allFinite(p.baseAddress!, count: p.count) else { return nil }
            for i in 0..<p.count where !p[i].isFinite { return i }
            return nil
        }
        if let bad = firstBad {
            throw SynapseError.invalidData("\(operation): \(what) contain \(t.scalars[bad]) in row \(bad / width)")
        }
    }

    /// Keras's validation split: the last `fraction` of the rows, taken before any shuffling.
    static func splitForValidation(_ x: Tensor, _ y: Tensor, fraction: Float) throws -> (train: (Tensor, Tensor), validation: (Tensor, Tensor)) {
        let rows = x.shape[0]
        let splitAt = Int((Double(rows) * (1 - Double(fraction))).rounded(.up))
        guard splitAt > 0, splitAt < rows else {
            throw SynapseError.invalidArgument("fit: validationSplit \(fraction) of \(rows) rows leaves \(splitAt) for training and \(rows - splitAt) for validation; both must be non-empty")
        }
        return ((try x.rows(0..<splitAt), try y.rows(0..<splitAt)),
                (try x.rows(splitAt..<rows), try y.rows(splitAt..<rows)))
    }
}
