import Foundation

/// The cross-entropy computations behind ``Loss``, with Keras's clipping and stable logit forms.
enum CrossEntropy {
    /// Keras's ε: probabilities are clipped to [ε, 1 − ε].
    static let epsilon: Float = 1e-7

    /// −(y·log p + (1 − y)·log(1 − p)) per element, with p clipped.
    static func binaryCrossEntropy(probabilities: Tensor, labels: Tensor) throws -> Tensor {
        let p = try probabilities.clipped(min: epsilon, max: 1 - epsilon)
        let positive = try labels * p.log()
        let negative = try (1 - labels) * (1 - p).log()
        return try -(positive + negative)
    }

    /// max(z, 0) − z·y + log(1 + e^−|z|) per element; its gradient is exactly sigmoid(z) − y.
    static func sigmoidCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
        var result = logits.zipValues(labels) { z, y in
            Swift.max(z, 0) - z * y + Foundation.log1p(Foundation.exp(-Swift.abs(z)))
        }
        if Tensor.anyRecording(logits, labels) {
            let z = logits.detached, y = labels.detached
            let logitsRecording = logits.isRecording, labelsRecording = labels.isRecording
            result.record("sigmoidCrossEntropy", inputs: [logits, labels]) { g in
                let dz = logitsRecording ? g.zipValues(z.sigmoid().zipValues(y, -), *) : nil
                let dy = labelsRecording ? g.zipValues(z) { gi, zi in -gi * zi } : nil
                return [dz, dy]
            }
        }
        return result
    }

    /// −Σ y·log p over the last axis, one value per sample.
    ///
    /// On probabilities, rows are renormalised and clipped (categorical: renormalise then clip; sparse:
    /// clip then renormalise, as Keras). On logits, log p is a stable log-softmax.
    static func categorical(_ predictions: Tensor, oneHot labels: Tensor, fromLogits: Bool, renormalizeFirst: Bool) throws -> Tensor {
        let logProbabilities: Tensor
        if fromLogits {
            logProbabilities = try predictions.logSoftmax(alongAxis: -1)
        } else if renormalizeFirst {
            let p = try predictions / predictions.sum(alongAxis: -1, keepingDimensions: true)
            logProbabilities = try p.clipped(min: epsilon, max: 1 - epsilon).log()
        } else {
            let clipped = try predictions.clipped(min: epsilon, max: 1 - epsilon)
            logProbabilities = try (clipped / clipped.sum(alongAxis: -1, keepingDimensions: true)).log()
        }
        return try -(labels * logProbabilities).sum(alongAxis: -1)
    }

    /// One-hot rows from integer class labels `[batch]` or `[batch, 1]`, checked against the
    /// number of classes in `predictions` (`[batch, classes]`).
    static func oneHot(classLabels labels: Tensor, predictions: Tensor, lossName: String) throws -> Tensor {
        guard predictions.rank == 2 else {
            throw SynapseError.shapeMismatch("\(lossName): expected predictions of shape [batch, classes], found \(predictions.shape)")
        }
        let (batch, classes) = (predictions.shape[0], predictions.shape[1])
        guard labels.shape == [batch] || labels.shape == [batch, 1] else {
            throw SynapseError.shapeMismatch("\(lossName): expected integer class labels of shape [\(batch)] or [\(batch), 1] for predictions \(predictions.shape), found \(labels.shape)")
        }
        var oneHot = [Float](repeating: 0, count: batch * classes)
        for (row, label) in labels.scalars.enumerated() {
            guard label == label.rounded(), label >= 0, Int(label) < classes else {
                throw SynapseError.invalidData("\(lossName): label \(label) in row \(row) is not a class index in 0..<\(classes)")
            }
            oneHot[row * classes + Int(label)] = 1
        }
        return Tensor(uncheckedShape: [batch, classes], scalars: oneHot)
    }
}
