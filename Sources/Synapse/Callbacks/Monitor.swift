/// Whether a monitored quantity is better when lower or when higher.
public enum MonitorMode: String, Sendable, CaseIterable {
    /// Inferred from the name, as Keras does from its metrics: quantities named like accuracy, AUC,
    /// precision, recall, F-scores, IoU, R², sensitivity, specificity, cosine similarity or true
    /// positives/negatives (`accuracy`, `val_auc`, `top_k_categorical_accuracy`, …) are better
    /// higher; everything else (`loss`, `val_loss`, `mean_squared_error`, …) lower.
    case auto
    /// Lower is better (a loss).
    case min
    /// Higher is better (an accuracy).
    case max
}

/// The comparison shared by the callbacks that watch one entry of the epoch logs: which direction
/// is better and by how much a value must beat another to count as an improvement.
struct Monitor {
    /// The key watched in the logs (`val_loss`).
    let key: String
    /// Whether higher values are better.
    let prefersHigher: Bool
    /// The margin an improvement must exceed (≥ 0).
    let minDelta: Float

    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming `owner` when `key` is empty or
    ///   `minDelta` is not finite.
    init(key: String, mode: MonitorMode, minDelta: Float, owner: String) throws {
        guard !key.isEmpty else {
            throw SynapseError.invalidArgument("\(owner): monitor must name an entry of the logs (such as \"val_loss\"), found an empty string")
        }
        guard minDelta.isFinite else {
            throw SynapseError.invalidArgument("\(owner): minDelta must be a finite number, found \(minDelta)")
        }
        self.key = key
        self.minDelta = Swift.abs(minDelta)
        switch mode {
        case .min: prefersHigher = false
        case .max: prefersHigher = true
        case .auto: prefersHigher = Monitor.isHigherBetter(key)
        }
    }

    /// The worst possible value, where the search for the best starts: +∞ for `min`, −∞ for `max`.
    var worst: Float { prefersHigher ? -.infinity : .infinity }

    /// Whether `value` beats `reference` by more than ``minDelta`` (never for NaN).
    func isImprovement(_ value: Float, over reference: Float) -> Bool {
        prefersHigher ? value - minDelta > reference : value + minDelta < reference
    }

    /// Whether the quantity named `key` (with or without `val_`) is better higher, from its name.
    static func isHigherBetter(_ key: String) -> Bool {
        let name = (key.hasPrefix("val_") ? String(key.dropFirst(4)) : key).lowercased()
        if name == "loss" || name.hasSuffix("_loss") { return false }
        let higherIsBetter = ["acc", "auc", "precision", "recall", "f1", "fbeta", "iou", "r2",
                              "true_positives", "true_negatives", "sensitivity", "specificity", "cosine_similarity"]
        return higherIsBetter.contains { name.contains($0) }
    }

    /// The keys of `logs`, in Keras's display order and comma-separated, for warnings.
    static func available(in logs: Logs) -> String {
        History.ordered(Array(logs.keys)).joined(separator: ",")
    }
}
