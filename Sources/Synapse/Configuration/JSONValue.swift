import Foundation

/// A JSON value: the vocabulary of layer, optimizer and model configurations.
///
/// Its description is the value written as JSON (`0`, `0.5`, `"relu"`, `[3, 3]`, `null`), as a
/// message about a file's contents should show it.
public enum JSONValue: Codable, Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let n = try? container.decode(Double.self) { self = .number(n) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// The value as compact JSON text; a whole number without a fraction (`16`, not `16.0`), long
    /// lists and objects shortened.
    public var description: String {
        switch self {
        case .number(let n):
            return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
        case .string(let s):
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            let shown = items.prefix(8).map(\.description) + (items.count > 8 ? ["… (\(items.count) values)"] : [])
            return "[" + shown.joined(separator: ", ") + "]"
        case .object(let members):
            let keys = members.keys.sorted()
            let shown = keys.prefix(8).map { "\"\($0)\": \(members[$0]!)" } + (keys.count > 8 ? ["…"] : [])
            return "{" + shown.joined(separator: ", ") + "}"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let n): try container.encode(n)
        case .string(let s): try container.encode(s)
        case .bool(let b): try container.encode(b)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        case .null: try container.encodeNil()
        }
    }
}

/// A configuration object with typed, checked accessors whose errors name the owner and the key.
public struct Configuration: Sendable {
    /// The values by key.
    public var values: [String: JSONValue]
    /// What the configuration describes (`Dense "dense_1"`), for error messages.
    public let owner: String

    /// Wraps `values` describing `owner`.
    public init(_ values: [String: JSONValue], owner: String) {
        self.values = values
        self.owner = owner
    }

    /// "`owner`: `key` must be `expected`, found `value`" — the value as it is written in the file.
    private func missing(_ key: String, _ expected: String) -> SynapseError {
        .fileError("\(owner): \(key) must be \(expected), found \(values[key].map { "\($0)" } ?? "nothing (the key is missing)")")
    }

    /// A range as messages write it: `1…16777216`.
    static func describe(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)…\(range.upperBound)" }

    /// A number under `key`, or `defaultValue` when absent.
    public func double(_ key: String, default defaultValue: Double? = nil) throws -> Double {
        if case .number(let n)? = values[key] { return n }
        if values[key] == nil, let defaultValue { return defaultValue }
        throw missing(key, "a number")
    }

    /// A `Float` under `key`.
    public func float(_ key: String, default defaultValue: Float? = nil) throws -> Float {
        Float(try double(key, default: defaultValue.map(Double.init)))
    }

    /// A whole number under `key`, within `range`.
    public func int(_ key: String, default defaultValue: Int? = nil, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        let n = try double(key, default: defaultValue.map(Double.init))
        guard n == n.rounded(), n >= Double(range.lowerBound), n <= Double(range.upperBound) else {
            throw missing(key, "a whole number in \(Configuration.describe(range))")
        }
        return Int(n)
    }

    /// A Boolean under `key`.
    public func bool(_ key: String, default defaultValue: Bool? = nil) throws -> Bool {
        if case .bool(let b)? = values[key] { return b }
        if values[key] == nil, let defaultValue { return defaultValue }
        throw missing(key, "a Boolean")
    }

    /// A string under `key`.
    public func string(_ key: String, default defaultValue: String? = nil) throws -> String {
        if case .string(let s)? = values[key] { return s }
        if values[key] == nil, let defaultValue { return defaultValue }
        throw missing(key, "a string")
    }

    /// A list of whole numbers (a shape) under `key`; each must be ≥ 0.
    public func shape(_ key: String) throws -> [Int] {
        guard case .array(let items)? = values[key] else { throw missing(key, "a list of sizes") }
        return try items.map { item in
            guard case .number(let n) = item, n == n.rounded(), n >= 0, n < 1e9 else { throw missing(key, "a list of sizes") }
            return Int(n)
        }
    }

    /// The raw value under `key`.
    public subscript(key: String) -> JSONValue? { values[key] }
}
