/// What `fit` returns: per-epoch values of the loss and every metric, keyed like Keras
/// (`loss`, `accuracy`, `val_loss`, `val_accuracy`), and the epoch numbers (0-based, as Keras).
/// Every key has one value per epoch: NaN where an epoch did not compute it (validation with a
/// `validationFrequency` above 1).
public struct History: Equatable, Sendable {
    /// The epochs trained, 0-based.
    public internal(set) var epochs: [Int] = []
    /// The values per key, one per epoch.
    public internal(set) var values: [String: [Float]] = [:]

    /// Creates an empty history.
    public init() {}

    /// A history from recorded values — for tests, for histories read back from a file, or for
    /// plotting numbers that came from elsewhere.
    ///
    /// ```swift
    /// let history = try History(epochs: [0, 1], values: ["loss": [0.9, 0.5], "val_loss": [1.0, 0.7]])
    /// ```
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when a key is empty or `epoch` (the name of the
    ///   epoch column in exports), or when a key's values are not one per epoch.
    public init(epochs: [Int], values: [String: [Float]]) throws {
        for key in History.ordered(Array(values.keys)) {
            guard !key.isEmpty, key != "epoch" else {
                throw SynapseError.invalidArgument("History: keys must be non-empty and not \"epoch\" (the epoch column of exports), found \"\(key)\"")
            }
            let count = values[key]!.count
            guard count == epochs.count else {
                throw SynapseError.invalidArgument("History: expected one value per epoch (\(epochs.count)) for \"\(key)\", found \(count)")
            }
        }
        self.epochs = epochs
        self.values = values
    }

    /// The values recorded under `key`, one per epoch, or `nil` if there are none.
    public subscript(key: String) -> [Float]? { values[key] }

    /// The keys recorded: training keys alphabetically, then validation keys.
    public var keys: [String] { History.ordered(Array(values.keys)) }

    /// Appends one epoch's logs. A key missing from an epoch (validation that ran only every few
    /// epochs) has NaN there, so that every key keeps one value per epoch.
    mutating func append(epoch: Int, logs: [String: Float]) {
        let earlier = epochs.count
        epochs.append(epoch)
        for (key, value) in logs { values[key, default: [Float](repeating: .nan, count: earlier)].append(value) }
        for key in values.keys where values[key]!.count == earlier { values[key]!.append(.nan) }
    }

    /// Keras's display order: training keys alphabetically, then `val_` keys alphabetically.
    static func ordered(_ keys: [String]) -> [String] {
        keys.sorted { a, b in
            let (va, vb) = (a.hasPrefix("val_"), b.hasPrefix("val_"))
            return va == vb ? a < b : !va
        }
    }
}
