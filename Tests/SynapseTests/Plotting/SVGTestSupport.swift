import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element parsed from an SVG document, for tests to query.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""
    weak var parent: XMLNode?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// This element and every element below it, in document order.
    var all: [XMLNode] { [self] + children.flatMap(\.all) }

    /// The elements below (or equal to) this one named `name`, optionally with `attribute` equal to `value`.
    func elements(_ name: String, where attribute: String? = nil, is value: String? = nil) -> [XMLNode] {
        all.filter { $0.name == name && (attribute == nil || $0.attributes[attribute!] == value) }
    }

    /// The text of every `<text>` element below this one.
    var texts: [String] { elements("text").map(\.text) }

    /// Parses `xml`, or returns `nil` (and the parser's error) when it is not well-formed.
    static func parse(_ xml: String) -> (root: XMLNode?, error: String?) {
        let builder = Builder()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            return (nil, parser.parserError.map { "\($0) at line \(parser.lineNumber)" } ?? "no root element")
        }
        return (root, nil)
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        var current: XMLNode?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            let node = XMLNode(name: elementName, attributes: attributes)
            node.parent = current
            if let current { current.children.append(node) } else { root = node }
            current = node
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            current = current?.parent
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            current?.text += string
        }
    }
}
