/// What `fit` returns: per-epoch values of the loss and every metric, keyed like Keras
/// (`loss`, `accuracy`, `val_loss`, `val_accuracy`), and the epoch numbers (0-based, as Keras).
public struct History: Equatable, Sendable {
    /// The epochs trained, 0-based.
    public internal(set) var epochs: [Int] = []
    /// The values per key, one per epoch.
    public internal(set) var values: [String: [Float]] = [:]

    /// Creates an empty history.
    public init() {}

    /// The values recorded under `key`, one per epoch, or `nil` if there are none.
    public subscript(key: String) -> [Float]? { values[key] }

    /// The keys recorded: training keys alphabetically, then validation keys.
    public var keys: [String] { History.ordered(Array(values.keys)) }

    /// Appends one epoch's logs.
    mutating func append(epoch: Int, logs: [String: Float]) {
        epochs.append(epoch)
        for (key, value) in logs { values[key, default: []].append(value) }
    }

    /// Keras's display order: training keys alphabetically, then `val_` keys alphabetically.
    static func ordered(_ keys: [String]) -> [String] {
        keys.sorted { a, b in
            let (va, vb) = (a.hasPrefix("val_"), b.hasPrefix("val_"))
            return va == vb ? a < b : !va
        }
    }
}
