import Foundation

/// A minimal SVG writer: elements with escaped attributes and text, nested groups, and numbers
/// written short (`12.5`, not `12.500000001`), so the output is always well-formed XML.
struct SVGDocument {
    let width: Double
    let height: Double
    private var lines: [String] = []
    private var openElements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Adds an element, with text content if given (escaped), or self-closing.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String? = nil) {
        element(name, attributes.map { ($0.key, $0.value) }, text: text)
    }

    /// Adds an element whose attributes were assembled as a list.
    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        let start = "<\(name)\(SVGDocument.attributeText(attributes))"
        if let text {
            append(start + ">" + SVGDocument.escaped(text) + "</\(name)>")
        } else {
            append(start + "/>")
        }
    }

    /// Opens an element whose children follow until the matching ``close()``.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        open(name, attributes.map { ($0.key, $0.value) })
    }

    /// Opens an element whose attributes were assembled as a list.
    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        append("<\(name)\(SVGDocument.attributeText(attributes))>")
        openElements.append(name)
    }

    /// Closes the innermost open element.
    mutating func close() {
        guard let name = openElements.popLast() else { return }
        append("</\(name)>")
    }

    /// The document, with every element still open closed.
    func rendered() -> String {
        var document = self
        while !document.openElements.isEmpty { document.close() }
        let w = SVGDocument.number(width), h = SVGDocument.number(height)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
            font-family="Helvetica, Arial, sans-serif" font-size="12">

            """ + document.lines.joined(separator: "\n") + "\n</svg>\n"
    }

    private mutating func append(_ line: String) {
        lines.append(String(repeating: "  ", count: openElements.count + 1) + line)
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escaped($0.1))\"" }.joined()
    }

    /// Text safe inside XML content and attribute values: markup characters become entities and
    /// characters XML 1.0 forbids (control characters other than tab, newline and return) become
    /// U+FFFD.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A coordinate with at most two decimals and no trailing zeros; non-finite values become 0 so
    /// that no `nan` ever reaches the document.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
