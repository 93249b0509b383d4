/// The edge amounts (paddings, crops) of the reshaping layers, as Keras accepts them: one number, a
/// pair, or a pair per axis.
extension Configuration {
    /// The (before, after) amounts of `axes` spatial axes under `key`, as Keras's `ZeroPadding` and
    /// `Cropping` accept them: one number for every edge; for one axis a pair (before, after); for two
    /// axes a pair (symmetric height, symmetric width) or a pair of pairs ((top, bottom), (left, right)).
    func edgeAmounts(_ key: String, axes: Int, default defaultValue: [EdgeAmounts]) throws -> [EdgeAmounts] {
        let value = values[key] ?? .null
        let limit = 1 << 20
        func bad() -> SynapseError {
            .fileError("\(owner): '\(key)' must be a whole number in 0...\(limit), \(axes == 1 ? "or a pair (before, after)" : "a pair (height, width) or a pair of pairs ((top, bottom), (left, right))"), found \(value)")
        }
        func number(_ item: JSONValue) throws -> Int {
            guard case .number(let n) = item, n == n.rounded(), n >= 0, n <= Double(limit) else { throw bad() }
            return Int(n)
        }
        switch value {
        case .null: return defaultValue
        case .number:
            let n = try number(value)
            return [EdgeAmounts](repeating: EdgeAmounts(before: n, after: n), count: axes)
        case .array(let items):
            if axes == 1 {
                guard items.count == 2 else { throw bad() }
                return [EdgeAmounts(before: try number(items[0]), after: try number(items[1]))]
            }
            guard items.count == axes else { throw bad() }
            return try items.map { item in
                if case .array(let pair) = item {
                    guard pair.count == 2 else { throw bad() }
                    return EdgeAmounts(before: try number(pair[0]), after: try number(pair[1]))
                }
                let n = try number(item)
                return EdgeAmounts(before: n, after: n)
            }
        default: throw bad()
        }
    }
}

/// The amounts added (padding) or removed (cropping) at the two ends of one spatial axis.
struct EdgeAmounts: Equatable, Sendable {
    let before: Int
    let after: Int

    var configurationValue: JSONValue { .array([.number(Double(before)), .number(Double(after))]) }
}

/// Shape checks shared by the pooling and reshaping layers.
enum SpatialShape {
    /// The largest number of values one sample may hold (positions are stored as `Int32` in kernels).
    static let sampleLimit = Int(Int32.max)

    /// Checks that a sample of `shape` has `rank` axes (spatial axes then channels), all ≥ 1.
    static func check(_ shape: [Int], rank: Int, layer: String) throws {
        guard shape.count == rank, shape.allSatisfy({ $0 >= 1 }) else {
            let form = rank == 2 ? "[steps, channels]" : rank == 3 ? "[height, width, channels]" : "rank \(rank)"
            throw SynapseError.shapeMismatch("\(layer): expected samples of shape \(form) (channels last), found \(shape)")
        }
    }

    /// The sample shape of a batch `input`, which must have `rank` axes besides the batch.
    static func sample(of input: Tensor, rank: Int, layer: String) throws -> [Int] {
        guard input.rank == rank + 1 else {
            throw SynapseError.shapeMismatch("\(layer): expected a batch of samples with \(rank) axes (channels last), found input of shape \(input.shape)")
        }
        let sample = Array(input.shape.dropFirst())
        try check(sample, rank: rank, layer: layer)
        return sample
    }

    /// The number of values of `shape`, checked against overflow and ``sampleLimit``.
    static func checkedCount(_ shape: [Int], layer: String) throws -> Int {
        try Shape.checkedCount(shape, what: "\(layer): a sample", limit: sampleLimit)
    }

}
