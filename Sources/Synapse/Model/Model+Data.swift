extension Model {
    /// Checks a data set against the model before training or evaluation: one tensor per input and
    /// per output, matching row counts, no empty data, only finite values, samples of the input
    /// shapes, labels that fit each output and its loss. Returns the labels reshaped where Keras
    /// accepts a shortcut (`[n]` for one output unit; class indices as `[n]` or `[n, 1]`).
    func validated(_ x: [Tensor], _ y: [Tensor], settings: CompiledSettings, operation: String) throws -> (inputs: [Tensor], labels: [Tensor]) {
        guard let first = x.first, first.rank >= 2 else {
            throw SynapseError.shapeMismatch("\(operation): expected inputs of shape [samples, features…], found \(x.first.map { "\($0.shape)" } ?? "no input")")
        }
        let rows = first.shape[0]
        guard rows > 0 else {
            throw SynapseError.invalidData("\(operation): the data set is empty (inputs of shape \(first.shape))")
        }
        for tensor in x { try Model.requireFinite(tensor, what: "inputs", operation: operation) }
        try prepare(forInputs: x)
        let graph = try currentGraph()
        try checkInputs(x, graph: graph, operation: operation)
        guard y.count == graph.outputs.count else {
            throw SynapseError.invalidArgument("\(operation): the model has \(graph.outputs.count) outputs (\(outputNames.joined(separator: ", "))), found \(y.count) label tensors")
        }
        var labels: [Tensor] = []
        for (k, (tensor, output)) in zip(y, graph.outputs).enumerated() {
            guard tensor.rank >= 1, tensor.shape[0] == rows else {
                throw SynapseError.shapeMismatch("\(operation): \(rows) input rows but labels of shape \(tensor.shape)")
            }
            try Model.requireFinite(tensor, what: "labels", operation: operation)
            labels.append(try Model.labels(tensor, for: settings.losses[k], outputShape: output.shape, operation: operation))
        }
        return (x, labels)
    }

    /// One output's labels, checked against its shape and loss, in the shape the loss steps read.
    private static func labels(_ y: Tensor, for loss: Loss, outputShape: [Int], operation: String) throws -> Tensor {
        let rows = y.shape[0]
        if loss.isCustom { return y }
        if loss.kind == .sparseCategoricalCrossEntropy {
            let expected = [rows] + outputShape.dropLast()
            guard y.shape == expected || y.shape == expected + [1] else {
                throw SynapseError.shapeMismatch("\(operation): \(loss.name) expects integer class labels of shape \(expected), found \(y.shape)")
            }
            let classes = outputShape.last ?? 1
            let firstBad = y.withUnsafeBufferPointer { labels in
                labels.firstIndex { $0 != $0.rounded() || $0 < 0 || Int($0) >= classes }
            }
            if let bad = firstBad {
                let width = max(1, y.count / max(rows, 1))
                throw SynapseError.invalidData("\(operation): label \(y.scalars[bad]) in row \(bad / width) is not a class index in 0..<\(classes) (the model has \(classes) outputs)")
            }
            return y.shape == expected ? y : try y.reshaped(expected)
        }
        let expected = [rows] + outputShape
        if loss.kind == .binaryCrossEntropy && (y.shape == expected || (outputShape == [1] && y.shape == [rows])) {
            // Probabilities of the positive class: labels outside [0, 1] (class indices 0–9, say)
            // would train to a negative loss without any error.
            let firstBad = y.withUnsafeBufferPointer { labels in labels.firstIndex { !($0 >= 0 && $0 <= 1) } }
            if let bad = firstBad {
                let width = max(1, y.count / max(rows, 1))
                throw SynapseError.invalidData("\(operation): \(loss.name) expects labels in [0, 1], found \(y.scalars[bad]) in row \(bad / width)")
            }
        }
        if y.shape == expected { return y }
        if outputShape == [1] && y.shape == [rows] { return try y.reshaped(expected) }
        let hint = loss.kind == .categoricalCrossEntropy && y.rank == 1 ? " (one-hot labels are needed; use sparseCategoricalCrossEntropy for class indices)" : ""
        throw SynapseError.shapeMismatch("\(operation): labels of shape \(y.shape) do not match the model's output \(expected)\(hint)")
    }

    /// Tensors given by input or output name, in the model's order.
    func ordered(_ tensors: [String: Tensor], names: [String], what: String, operation: String) throws -> [Tensor] {
        for key in tensors.keys where !names.contains(key) {
            throw SynapseError.invalidArgument("\(operation): no \(what) is named '\(key)'; the model's \(what)s are \(names.joined(separator: ", "))")
        }
        return try names.map { name in
            guard let tensor = tensors[name] else {
                throw SynapseError.invalidArgument("\(operation): no data for the \(what) '\(name)'")
            }
            return tensor
        }
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

    /// Keras's validation split: the last `fraction` of the rows of every tensor, taken before any shuffling.
    static func splitForValidation(_ x: [Tensor], _ y: [Tensor], fraction: Float) throws
        -> (train: (x: [Tensor], y: [Tensor]), validation: (x: [Tensor], y: [Tensor])) {
        let rows = x[0].shape[0]
        let splitAt = Int((Double(rows) * (1 - Double(fraction))).rounded(.up))
        guard splitAt > 0, splitAt < rows else {
            throw SynapseError.invalidArgument("fit: validationSplit \(fraction) of \(rows) rows leaves \(splitAt) for training and \(rows - splitAt) for validation; both must be non-empty")
        }
        return ((try x.map { try $0.rows(0..<splitAt) }, try y.map { try $0.rows(0..<splitAt) }),
                (try x.map { try $0.rows(splitAt..<rows) }, try y.map { try $0.rows(splitAt..<rows) }))
    }
}
