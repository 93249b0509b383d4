import Foundation

extension CSV {
    /// `text` as one CSV field: unchanged, or quoted (with its quotes doubled) when it holds a comma,
    /// a quote or a line break, as RFC 4180 and Python's `csv` module write it.
    ///
    /// ```swift
    /// CSV.field("setosa")          // setosa
    /// CSV.field("a, \"b\"")        // "a, ""b"""
    /// ```
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
