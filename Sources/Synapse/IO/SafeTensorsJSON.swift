/// The small, strict JSON reader and writer behind safetensors headers.
///
/// A header comes from an untrusted file, so this parser is written to fail cleanly on anything:
/// it keeps object keys in file order (so duplicate names can be reported), keeps numbers as their
/// literal text (so that huge or fractional values are rejected with a clear message instead of being
/// rounded), limits nesting depth, and never traps. It accepts exactly RFC 8259 JSON.
///
/// Why not Foundation's `JSONSerialization` or `JSONDecoder` (measured with Swift 6.3.1 on Linux;
/// `scripts/foundation_json_probe.swift` reproduces it): both keep the last of two equal keys without
/// a word, while the safetensors format disallows duplicate keys (its README; accepting them is the
/// parser differential of Trail of Bits' 2023 safetensors audit, TOB-SFTN-7), and both lose the order
/// of keys. They also accept trailing commas (`[1,]`, `{"a":1,}`), UTF-16 text and a byte order mark,
/// read `1.0` and `1e3` as integers, and report errors only as "Invalid value around character N".
/// With `JSONSerialization` behind ``parse(_:)``, 17 expectations in 7 of the 48 SafeTensors tests
/// failed. Their one strength, a depth limit (512), is matched here by ``maximumDepth``.
enum SafeTensorsJSON {
    case object([(key: String, value: SafeTensorsJSON)])
    case array([SafeTensorsJSON])
    case string(String)
    /// A number, as its literal text (already checked against the JSON number grammar).
    case number(String)
    case bool(Bool)
    case null

    /// A short English name of the value's kind, for error messages ("an array", "a string", …).
    var kindDescription: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number(let text): return "the number \(text)"
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }

    /// A malformed document: what is wrong and the byte offset (within the JSON text) where it was found.
    struct SyntaxError: Error {
        var reason: String
        var offset: Int
    }

    /// Objects and arrays nested deeper than this are rejected (a safetensors header needs 3 levels).
    static let maximumDepth = 64

    /// Parses one JSON value that may be surrounded by JSON whitespace and nothing else.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(SyntaxError) -> SafeTensorsJSON {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw parser.error("unexpected \(parser.describeCurrent()) after the end of the JSON value")
        }
        return value
    }

    /// The value of an integer literal, or why it is not one `Int` can hold without loss.
    enum IntegerValue {
        case value(Int)
        case negative
        case fractional
        case tooLarge
    }

    /// Interprets a number literal as a whole `Int`.
    static func integer(fromLiteral text: String) -> IntegerValue {
        var digits = Substring(text)
        let isNegative = digits.first == "-"
        if isNegative { digits = digits.dropFirst() }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .fractional }
        let significant = digits.drop(while: { $0 == "0" })
        if significant.isEmpty { return .value(0) }
        if isNegative { return .negative }
        guard significant.count <= 19, let value = Int(significant) else { return .tooLarge }
        return .value(value)
    }

    // MARK: Writing

    /// Appends `string` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else as raw UTF-8.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `[a,b,c]` for a list of integers.
    static func appendIntegers(_ values: [Int], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array(String(value).utf8))
        }
        out.append(UInt8(ascii: "]"))
    }
}

// MARK: - Parser

private struct Parser {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    func error(_ reason: String) -> SafeTensorsJSON.SyntaxError {
        SafeTensorsJSON.SyntaxError(reason: reason, offset: position)
    }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func describeCurrent() -> String {
        guard let byte = current else { return "end of the header" }
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            position += 1
        }
    }

    mutating func expect(_ literal: String) throws(SafeTensorsJSON.SyntaxError) {
        for byte in literal.utf8 {
            guard current == byte else { throw error("unexpected \(describeCurrent()); expected '\(literal)'") }
            position += 1
        }
    }

    mutating func parseValue(depth: Int) throws(SafeTensorsJSON.SyntaxError) -> SafeTensorsJSON {
        guard let byte = current else { throw error("unexpected end of the header; expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected \(describeCurrent()); expected a value")
        }
    }

    mutating func parseObject(depth: Int) throws(SafeTensorsJSON.SyntaxError) -> SafeTensorsJSON {
        guard depth <= SafeTensorsJSON.maximumDepth else {
            throw error("objects and arrays nested more than \(SafeTensorsJSON.maximumDepth) deep")
        }
        position += 1  // {
        var members: [(key: String, value: SafeTensorsJSON)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()); expected a quoted key")
            }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()); expected ':' after key \"\(key)\"")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append((key, value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(members)
            default: throw error("unexpected \(describeCurrent()); expected ',' or '}' in an object")
            }
        }
    }

    mutating func parseArray(depth: Int) throws(SafeTensorsJSON.SyntaxError) -> SafeTensorsJSON {
        guard depth <= SafeTensorsJSON.maximumDepth else {
            throw error("objects and arrays nested more than \(SafeTensorsJSON.maximumDepth) deep")
        }
        position += 1  // [
        var elements: [SafeTensorsJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw error("unexpected \(describeCurrent()); expected ',' or ']' in an array")
            }
        }
    }

    mutating func parseNumber() throws(SafeTensorsJSON.SyntaxError) -> String {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        guard isDigit(current) else { throw error("malformed number: expected a digit") }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            while isDigit(current) { position += 1 }
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard isDigit(current) else { throw error("malformed number: expected a digit after '.'") }
            while isDigit(current) { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard isDigit(current) else { throw error("malformed number: expected a digit in the exponent") }
            while isDigit(current) { position += 1 }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    mutating func parseHex4() throws(SafeTensorsJSON.SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw error("unexpected end of the header in a \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: throw error("malformed \\u escape: \(describeCurrent()) is not a hex digit")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    mutating func parseString() throws(SafeTensorsJSON.SyntaxError) -> String {
        let start = position
        position += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else {
                position = start
                throw error("unterminated string")
            }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    position = start
                    throw error("string is not valid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                position += 1
                guard let escape = current else { throw error("unterminated string") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""): utf8.append(0x22)
                case UInt8(ascii: "\\"): utf8.append(0x5C)
                case UInt8(ascii: "/"): utf8.append(0x2F)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard current == UInt8(ascii: "\\"),
                              position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                            throw error("lone UTF-16 surrogate in a \\u escape")
                        }
                        position += 2
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw error("lone UTF-16 surrogate in a \\u escape")
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw error("lone UTF-16 surrogate in a \\u escape")
                    }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw error("\\u escape is not a Unicode scalar")
                    }
                    UTF8.encode(scalar) { utf8.append($0) }
                default:
                    position -= 1
                    throw error("invalid escape in a string: a backslash followed by \(describeCurrent())")
                }
            case 0..<0x20:
                throw error("unescaped control character (\(describeCurrent())) in a string")
            default:
                utf8.append(byte)
                position += 1
            }
        }
    }
}
