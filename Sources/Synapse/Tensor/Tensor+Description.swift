/// A numpy-like printout: the shape, then the values nested by axis, abbreviated with `…` when an
/// axis has more than six entries.
extension Tensor: CustomStringConvertible {
    public var description: String {
        let header = "Tensor(shape: \(shape), "
        // Rows after the first line up under the first row, one column inside its opening bracket.
        return header + Tensor.format(scalars, shape: shape[...], offset: 0, indent: header.count + 1) + ")"
    }

    private static let edgeItems = 3

    private static func format(_ values: [Float], shape: ArraySlice<Int>, offset: Int, indent: Int) -> String {
        guard let size = shape.first else { return formatValue(values[offset]) }
        let inner = shape.dropFirst()
        let stride = Shape.count(of: Array(inner))
        let abbreviate = size > 2 * edgeItems
        let shown = abbreviate ? Array(0..<edgeItems) + [-1] + Array((size - edgeItems)..<size) : Array(0..<size)
        let parts = shown.map { i in
            i < 0 ? "…" : format(values, shape: inner, offset: offset + i * stride, indent: indent + 1)
        }
        let separator = inner.isEmpty ? ", " : ",\n" + String(repeating: " ", count: indent)
        return "[" + parts.joined(separator: separator) + "]"
    }

    private static func formatValue(_ v: Float) -> String {
        if v == v.rounded() && Swift.abs(v) < 1e7 { return String(Int(v)) + "." }
        let s = String(format: "%.6g", Double(v))
        return s
    }
}

import Foundation
