extension Model {
    /// The weight of every row for `fit`, `evaluate` and the batch methods, from `sampleWeight`
    /// (one weight per row) or `classWeight` (a weight per class, applied through each row's label),
    /// or `nil` when neither is given. Checked: one finite weight ≥ 0 per row, never both arguments,
    /// class weights only for one output whose labels name one class per row.
    ///
    /// A class missing from `classWeight` weighs 1, as in Keras.
    func resolvedSampleWeights(_ sampleWeight: Tensor?, classWeight: [Int: Float]?, labels: [Tensor],
                               operation: String) throws -> Tensor? {
        let rows = labels[0].shape[0]
        switch (sampleWeight, classWeight) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw SynapseError.invalidArgument("\(operation): give sampleWeight or classWeight, not both (Keras neither allows both)")
        case (let weights?, nil):
            guard weights.shape == [rows] || weights.shape == [rows, 1] else {
                throw SynapseError.shapeMismatch("\(operation): expected sample weights of shape [\(rows)] (one per row), found \(weights.shape)")
            }
            try Self.requireWeights(weights.scalars, what: "sample weight", operation: operation)
            return weights.shape == [rows] ? weights : try weights.reshaped([rows])
        case (nil, let classWeight?):
            guard labels.count == 1 else {
                throw SynapseError.invalidArgument("\(operation): classWeight needs a model of one output, this one has \(labels.count); give sampleWeight instead")
            }
            for (label, weight) in classWeight {
                guard label >= 0 else {
                    throw SynapseError.invalidArgument("\(operation): classWeight keys are class indices ≥ 0, found \(label)")
                }
                try Self.requireWeights([weight], what: "class weight of class \(label)", operation: operation)
            }
            let classes = try Self.classIndices(of: labels[0], operation: operation)
            return Tensor(uncheckedShape: [rows], scalars: classes.map { classWeight[$0] ?? 1 })
        }
    }

    /// The class of each row: the largest entry of a one-hot row, else the rounded label (a class
    /// index, or 0/1 for a binary output).
    private static func classIndices(of labels: Tensor, operation: String) throws -> [Int] {
        let rows = labels.shape[0]
        let width = labels.count / max(rows, 1)
        if labels.rank == 2 && width >= 2 {
            return try labels.argmax(alongAxis: -1)
        }
        guard width == 1 else {
            throw SynapseError.invalidArgument("\(operation): classWeight needs one class per row (class indices, one-hot rows or binary labels), found labels of shape \(labels.shape); give sampleWeight instead")
        }
        // Labels far outside any class index (a custom loss's targets) have no class weight.
        return labels.scalars.map { Swift.abs($0) < 1e9 ? Int($0.rounded()) : -1 }
    }

    private static func requireWeights(_ weights: [Float], what: String, operation: String) throws {
        if let bad = weights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            let position = weights.count > 1 ? " in row \(bad)" : ""
            throw SynapseError.invalidArgument("\(operation): expected a finite \(what) ≥ 0, found \(weights[bad])\(position)")
        }
    }
}
