/// Readers and checks for the spatial hyper-parameters of the pooling and reshaping layers, in the
/// forms Keras accepts: a size per spatial axis given as one number or a list, and edge amounts
/// (paddings, crops) given as one number, a pair, or a pair per axis.
extension Configuration {
    /// `count` whole numbers under `key`, within `range`: one number (used for every axis) or a list
    /// of `count` numbers; `defaultValue` when the key is absent (or null, when `nullIsDefault`).
    func spatialSizes(_ key: String, count: Int, default defaultValue: [Int]?, in range: ClosedRange<Int>) throws -> [Int] {
        let value = values[key] ?? .null
        func bad() -> SynapseError {
            .fileError("\(owner): '\(key)' must be a whole number in \(range) or a list of \(count), found \(value)")
        }
        func number(_ item: JSONValue) throws -> Int {
            guard case .number(let n) = item, n == n.rounded(), n >= Double(range.lowerBound), n <= Double(range.upperBound) else { throw bad() }
            return Int(n)
        }
        switch value {
        case .null:
            guard let defaultValue else { throw bad() }
            return defaultValue
        case .number: return [Int](repeating: try number(value), count: count)
        case .array(let items):
            guard items.count == count else { throw bad() }
            return try items.map(number)
        default: throw bad()
        }
    }

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

    /// Refuses `data_format: "channels_first"`: Synapse is channels-last only.
    func requireChannelsLast() throws {
        switch values["data_format"] {
        case nil, .null?, .string("channels_last")?: return
        case let other?:
            throw SynapseError.invalidArgument("\(owner): only data_format 'channels_last' is supported (samples [steps, channels] or [height, width, channels]), found \(other)")
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
        var n = 1
        for d in shape {
            let (product, overflow) = n.multipliedReportingOverflow(by: d)
            guard d >= 0, !overflow, product <= sampleLimit else {
                throw SynapseError.invalidArgument("\(layer): a sample of shape \(shape) holds more than \(sampleLimit) values")
            }
            n = product
        }
        return n
    }

    /// The JSON list of `sizes`.
    static func list(_ sizes: [Int]) -> JSONValue { .array(sizes.map { .number(Double($0)) }) }
}
