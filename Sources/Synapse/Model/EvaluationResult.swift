/// What `evaluate` returns: the loss and every metric in a stable order — the loss first, then
/// (with several outputs) each output's loss, then the metrics in the order they were compiled.
///
/// It reads like Keras's list (`result[0]` is the loss, `Array(result)` all values) and like its
/// dictionary (`result["accuracy"]`):
///
/// ```swift
/// let result = try model.evaluate(x, y)
/// print(result)                    // loss: 0.2134 - accuracy: 0.9400
/// let accuracy = result["accuracy"]!
/// for (name, value) in zip(result.names, result) { print(name, value) }
/// ```
public struct EvaluationResult: RandomAccessCollection, Equatable, Sendable, CustomStringConvertible {
    /// The names, in order (`loss` first).
    public let names: [String]
    /// The values, in the order of ``names``.
    public let values: [Float]

    /// A result of `names` and their `values` (the same number of each, names distinct).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when the counts differ or a name repeats.
    public init(names: [String], values: [Float]) throws {
        guard names.count == values.count, Set(names).count == names.count else {
            throw SynapseError.invalidArgument("EvaluationResult: expected as many distinct names as values, found names \(names) and \(values.count) values")
        }
        self.names = names
        self.values = values
    }

    /// Entries already known to be well formed (the model's own).
    init(_ entries: [(String, Float)]) {
        names = entries.map(\.0)
        values = entries.map(\.1)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }

    /// The value at `position`, as in Keras's list (`0` is the loss).
    public subscript(position: Int) -> Float { values[position] }

    /// The value named `name`, or `nil` if there is none.
    public subscript(name: String) -> Float? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// The loss: the first value.
    public var loss: Float { values[0] }

    /// The values keyed by name, as Keras's `return_dict=True` (and as callbacks' logs).
    public var dictionary: [String: Float] {
        Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
    }

    /// `loss: 0.2134 - accuracy: 0.9400`, as the progress bar shows them.
    public var description: String {
        zip(names, values).map { "\($0): \(ProgressBar.format($1))" }.joined(separator: " - ")
    }
}
