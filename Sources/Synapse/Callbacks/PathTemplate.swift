import Foundation

/// A file path with Python-style replacement fields, as Keras's `ModelCheckpoint` takes:
/// `"ckpt-{epoch:02d}-{val_loss:.2f}.safetensors"` becomes `ckpt-03-0.41.safetensors`.
///
/// A field is `{name}` or `{name:spec}` with spec `[0][width][.precision][type]`, type one of `d`
/// (integers only), `f`, `e`, `g` or none; `{{` and `}}` stand for literal braces. Without a type or
/// precision a number is written with the fewest digits that read back as the same `Float`.
struct PathTemplate {
    /// One piece of the template.
    enum Piece: Equatable {
        case text(String)
        case field(name: String, spec: Spec)
    }

    /// A parsed format spec.
    struct Spec: Equatable {
        var zeroPadded = false
        var width: Int?
        var precision: Int?
        var type: Character?
        /// The spec as written, for messages.
        var text = ""
    }

    /// A value a field can take.
    enum Value {
        case integer(Int)
        case number(Float)
    }

    let template: String
    let pieces: [Piece]
    /// Who uses the template, for messages (`ModelCheckpoint`).
    let owner: String

    /// The names of the fields, in order.
    var fieldNames: [String] {
        pieces.compactMap { if case .field(let name, _) = $0 { name } else { nil } }
    }

    /// Parses `template`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming `owner` for an unbalanced brace, an
    ///   empty or positional field, or a format spec outside the supported subset.
    init(_ template: String, owner: String) throws {
        self.template = template
        self.owner = owner
        func failure(_ problem: String) -> SynapseError {
            .invalidArgument("\(owner): path template '\(template)': \(problem)")
        }
        var pieces: [Piece] = []
        var text = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "}" {
                guard next < template.endIndex, template[next] == "}" else {
                    throw failure("a lone '}' (write '}}' for a literal brace)")
                }
                text.append("}")
                index = template.index(after: next)
                continue
            }
            guard character == "{" else {
                text.append(character)
                index = next
                continue
            }
            if next < template.endIndex, template[next] == "{" {
                text.append("{")
                index = template.index(after: next)
                continue
            }
            guard let close = template[next...].firstIndex(of: "}") else {
                throw failure("a '{' without its closing '}' (write '{{' for a literal brace)")
            }
            let field = String(template[next..<close])
            let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard !name.isEmpty, !name.contains("{"), Int(name) == nil else {
                throw failure("'{\(field)}' needs a key name, such as {epoch} or {val_loss}")
            }
            guard !name.contains("!"), !name.contains("["), !name.contains(".") else {
                throw failure("'{\(field)}': conversions, indexing and attributes are not supported; write {name} or {name:spec}")
            }
            let spec = try parts.count > 1 ? PathTemplate.parseSpec(String(parts[1]), field: field, failure: failure) : Spec()
            if !text.isEmpty { pieces.append(.text(text)); text = "" }
            pieces.append(.field(name: name, spec: spec))
            index = template.index(after: close)
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    /// `[0][width][.precision][type]`.
    private static func parseSpec(_ text: String, field: String, failure: (String) -> SynapseError) throws -> Spec {
        var spec = Spec(text: text)
        var rest = Substring(text)
        if let last = rest.last, "dfeg".contains(last) {
            spec.type = last
            rest = rest.dropLast()
        }
        if let dot = rest.firstIndex(of: ".") {
            guard let precision = Int(rest[rest.index(after: dot)...]), precision >= 0, precision <= 50 else {
                throw unsupported()
            }
            spec.precision = precision
            rest = rest[..<dot]
        }
        if rest.first == "0" && rest.count > 1 {
            spec.zeroPadded = true
            rest = rest.dropFirst()
        }
        if !rest.isEmpty {
            guard rest.allSatisfy(\.isASCII), let width = Int(rest), width >= 0, width <= 100 else { throw unsupported() }
            spec.width = width
        }
        if spec.type == "d" && spec.precision != nil {
            throw failure("'{\(field)}': precision is not allowed with the integer format 'd'")
        }
        return spec

        func unsupported() -> SynapseError {
            failure("'{\(field)}': the format '\(text)' is not supported; use [0][width][.precision][type] with type d, f, e or g, as in {epoch:02d} or {val_loss:.4f}")
        }
    }

    /// The path for `values`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming `owner` when a field's key is not among
    ///   `values` (listing those that are), or when `d` is asked of a number with a fraction.
    func render(_ values: [String: Value]) throws -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text):
                result += text
            case .field(let name, let spec):
                guard let value = values[name] else {
                    let known = values.keys.sorted { ($0 == "epoch" ? "" : $0) < ($1 == "epoch" ? "" : $1) }
                    throw SynapseError.invalidArgument("\(owner): path template '\(template)' uses {\(name)}, which is not among the epoch's values; available: \(known.map { "{\($0)}" }.joined(separator: ", "))")
                }
                result += try format(value, spec, name: name)
            }
        }
        return result
    }

    private func format(_ value: Value, _ spec: Spec, name: String) throws -> String {
        let flags = (spec.zeroPadded ? "0" : "") + (spec.width.map(String.init) ?? "")
        // As in Python, a precision without a type means the general format.
        let type = spec.type ?? (spec.precision == nil ? nil : "g")
        switch (value, type) {
        case (.integer(let n), nil), (.integer(let n), "d"):
            return String(format: "%\(flags)ld", n)
        case (.integer(let n), let type?):
            return String(format: "%\(flags)\(spec.precision.map { ".\($0)" } ?? "")\(type)", Double(n))
        case (.number, "d"):
            throw SynapseError.invalidArgument("\(owner): path template '\(template)': {\(name):\(spec.text)} formats an integer, but \(name) is a fractional number; use a format such as {\(name):.4f}")
        case (.number(let x), let type?):
            return String(format: "%\(flags)\(spec.precision.map { ".\($0)" } ?? "")\(type)", Double(x))
        case (.number(let x), nil):
            let text = x.isNaN ? "nan" : x.description
            let width = spec.width ?? 0
            guard text.count < width else { return text }
            let padding = String(repeating: spec.zeroPadded && x.isFinite ? "0" : " ", count: width - text.count)
            return x < 0 && spec.zeroPadded && x.isFinite ? "-" + padding + text.dropFirst() : padding + text
        }
    }
}
