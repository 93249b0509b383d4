import Foundation

/// What is wrong with a model configuration that is valid JSON but not a valid configuration, said
/// in the file's language: the key path and the value as the file writes them (`seed must be a whole
/// number in 0…18446744073709551615, found -1`), not Swift's decoding error.
enum ConfigurationDecodingError {
    /// The message for `error`, met while decoding the configuration `text`.
    static func message(for error: DecodingError, in text: String) -> String {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            return "the model configuration is not valid JSON: \(reason)"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(expectation(for: type, at: context.codingPath)), found \(value(at: context.codingPath, in: document))"
        case .dataCorrupted(let context):
            // Foundation reports a number that does not fit its type (a seed of −1) as invalid JSON,
            // without a path: find the value, since the JSON itself is valid.
            guard !context.codingPath.isEmpty else { return outOfRangeNumber(in: document) ?? "the model configuration has a value of the wrong type or range" }
            return "\(path(context.codingPath)) must be \(expectation(for: nil, at: context.codingPath)), found \(value(at: context.codingPath, in: document))"
        @unknown default:
            return "the model configuration is not valid: \(error)"
        }
    }

    /// The first top-level whole number that does not fit its type, described.
    private static func outOfRangeNumber(in document: JSONValue) -> String? {
        guard case .object(let members) = document else { return nil }
        let ranges: [(key: String, low: Double, high: Double, text: String)] = [
            ("seed", 0, 18_446_744_073_709_551_615, "0…\(UInt64.max)"),
            ("epoch", -9_223_372_036_854_775_808, 9_223_372_036_854_775_807, "\(Int.min)…\(Int.max)"),
        ]
        for range in ranges {
            guard let value = members[range.key], case .number(let n) = value else { continue }
            if n != n.rounded() || n < range.low || n > range.high {
                return "\(range.key) must be a whole number in \(range.text), found \(value)"
            }
        }
        return nil
    }

    /// `layers[2].config.units`.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text.isEmpty ? "the configuration" : text
    }

    /// What a value of `type` (or, when the decoder does not say, of the key at the end of the path) is.
    private static func expectation(for type: Any.Type?, at codingPath: [any CodingKey]) -> String {
        if codingPath.last?.stringValue == "seed" || type == UInt64.self { return "a whole number in 0…\(UInt64.max)" }
        guard let type else { return "a whole number in \(Int.min)…\(Int.max)" }
        if type == Bool.self { return "a Boolean (true or false)" }
        if type == String.self { return "a string" }
        if type == Int.self { return "a whole number in \(Int.min)…\(Int.max)" }
        if type == Float.self || type == Double.self { return "a number" }
        if type is any ExpressibleByDictionaryLiteral.Type { return "an object" }
        if type is any Collection.Type { return "a list" }
        return "a value of the form Synapse writes (\(type))"
    }

    /// The JSON value at `codingPath` in `document`, as JSON text, or "nothing".
    private static func value(at codingPath: [any CodingKey], in document: JSONValue) -> String {
        var current: JSONValue? = document
        for key in codingPath {
            switch current {
            case .object(let members)?: current = members[key.stringValue]
            case .array(let items)?: current = key.intValue.flatMap { $0 < items.count ? items[$0] : nil }
            default: current = nil
            }
        }
        return current.map(\.description) ?? "nothing"
    }
}
