extension Loss {
    /// How a loss turns its per-sample values into the value it returns, as Keras's `reduction`.
    public enum Reduction: String, Equatable, Sendable, Codable, CaseIterable {
        /// The sum of the (weighted) values divided by their number: the mean over the batch when
        /// there are no weights. Keras's default, `"sum_over_batch_size"`.
        case sumOverBatchSize = "sum_over_batch_size"
        /// The sum of the (weighted) values.
        case sum
        /// No reduction: the (weighted) values, one per sample (`[batch]`, or `[batch, steps]`).
        case none

        /// `values` (first axis the batch) weighted by `sampleWeight` and reduced.
        func reduce(_ values: Tensor, sampleWeight: Tensor?, lossName: String) throws -> Tensor {
            var weighted = values
            if let sampleWeight {
                weighted = try values * Self.broadcastable(sampleWeight, to: values.shape, lossName: lossName)
            }
            switch self {
            case .none: return weighted
            case .sum: return weighted.sum()
            case .sumOverBatchSize: return weighted.mean()
            }
        }

        /// Weights of shape `[batch]`, `[batch, 1]` or the values' own shape, reshaped to broadcast
        /// over the values.
        private static func broadcastable(_ weights: Tensor, to shape: [Int], lossName: String) throws -> Tensor {
            if weights.shape == shape { return weights }
            let batch = shape.first ?? 1
            guard weights.shape == [batch] || weights.shape == [batch, 1] else {
                throw SynapseError.shapeMismatch("\(lossName): expected sample weights of shape [\(batch)], [\(batch), 1] or \(shape), found \(weights.shape)")
            }
            return try weights.reshaped([batch] + [Int](repeating: 1, count: max(shape.count - 1, 0)))
        }
    }
}
