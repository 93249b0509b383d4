/// Readers for the spatial hyper-parameters of the convolution, pooling and reshaping layers, in the
/// forms Keras's configurations use.
extension Configuration {
    /// `count` whole numbers under `key`, within `range`: one number (used for every axis) or a list
    /// of `count` numbers; `defaultValue` when the key is absent or null (an error when that is `nil`).
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

    /// Refuses any `data_format` but `channels_last` (or none): Synapse's layers are channels-last.
    func requireChannelsLast() throws {
        switch values["data_format"] {
        case nil, .null?, .string("channels_last")?: return
        case let other?:
            throw SynapseError.fileError("\(owner): data_format must be 'channels_last' (samples [steps, channels] or [height, width, channels]; transpose channels-first data first), found \(other)")
        }
    }
}

extension JSONValue {
    /// A list of whole numbers, as Keras's `get_config()` saves sizes (`[3, 3]`).
    static func integers(_ values: [Int]) -> JSONValue { .array(values.map { .number(Double($0)) }) }
}
