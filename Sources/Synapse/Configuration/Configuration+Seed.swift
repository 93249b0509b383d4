/// Random seeds in configurations: numbers up to 2⁵³ (exact as JSON doubles), larger ones as decimal
/// text, so that every `UInt64` survives a saved model file.
extension JSONValue {
    /// The configuration value of an optional seed (`null` when absent).
    static func seed(_ seed: UInt64?) -> JSONValue {
        guard let seed else { return .null }
        return seed <= 1 << 53 ? .number(Double(seed)) : .string(String(seed))
    }
}

extension Configuration {
    /// The seed under `key`: absent or `null` (no seed), a whole number in 0...2⁵³, or decimal text.
    func seed(_ key: String = "seed") throws -> UInt64? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let value = UInt64(text) else {
                throw SynapseError.fileError("\(owner): '\(key)' must be a whole number in 0...\(UInt64.max), found '\(text)'")
            }
            return value
        default: return UInt64(try int(key, in: 0...Int(1 << 53)))
        }
    }
}
