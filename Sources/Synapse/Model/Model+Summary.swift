import Foundation

extension Model {
    /// Prints a table of the model's layers, their output shapes and parameter counts, laid out as
    /// Keras 3's `model.summary()`, and returns the same text.
    ///
    /// ```
    /// Model: "sequential"
    /// ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
    /// ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
    /// ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
    /// │ dense (Dense)                   │ (None, 128)            │       100,480 │
    /// ├─────────────────────────────────┼────────────────────────┼───────────────┤
    /// │ dense_1 (Dense)                 │ (None, 10)             │         1,290 │
    /// └─────────────────────────────────┴────────────────────────┴───────────────┘
    ///  Total params: 101,770 (397.54 KB)
    ///  Trainable params: 101,770 (397.54 KB)
    ///  Non-trainable params: 0 (0.00 B)
    /// ```
    ///
    /// Sizes count 4 bytes per (Float32) value and 1024 bytes per KB. Layers that are not built yet
    /// (the input shape is unknown) show `?` as their output shape and `0 (unbuilt)` parameters, as in
    /// Keras. Text too long for its column wraps onto further lines of the row.
    ///
    /// - Parameter print: whether to print the table to standard output (`true` by default); pass
    ///   `false` to only get the text.
    /// - Returns: the table, lines separated by `"\n"`, without a final newline.
    @discardableResult
    public func summary(print: Bool = true) -> String {
        let text = summaryText()
        if print { Swift.print(text) }
        return text
    }

    /// The summary's text (see ``summary(print:)``): a chain shows its layers; a functional graph
    /// shows its inputs too, and Keras's "Connected to" column.
    private func summaryText() -> String {
        var rows: [[String]] = []
        let graph = try? currentGraph()
        if let graph, isFunctional {
            var callIndex: [ObjectIdentifier: Int] = [:]
            var references: [ObjectIdentifier: String] = [:]
            for input in graph.inputs {
                references[ObjectIdentifier(input)] = "\(input.name)[0][0]"
                rows.append(["\(input.name) (InputLayer)", SummaryTable.shapeText(input.shape), "0", "-"])
            }
            // One row per layer, as Keras: the output shape of its first call, and what every call
            // is connected to.
            var rowOfLayer: [ObjectIdentifier: Int] = [:]
            for node in graph.layerNodes {
                let key = ObjectIdentifier(node.layer)
                let index = callIndex[key, default: 0]
                callIndex[key] = index + 1
                for (k, output) in node.outputs.enumerated() { references[ObjectIdentifier(output)] = "\(node.layer.name)[\(index)][\(k)]" }
                let connections = node.callInputs.map { references[ObjectIdentifier($0)]! }.joined(separator: ", ")
                if let row = rowOfLayer[key] {
                    rows[row][3] += ", " + connections
                    continue
                }
                rowOfLayer[key] = rows.count
                rows.append(["\(node.layer.name) (\(node.layer.typeName))",
                             node.outputs.map { SummaryTable.shapeText($0.shape) }.joined(separator: ", "),
                             SummaryTable.grouped(node.layer.parameters.reduce(0) { $0 + $1.count }), connections])
            }
        } else if let sequential = self as? Sequential {
            for (index, layer) in sequential.layers.enumerated() {
                let isBuilt = index < sequential.layerOutputShapes.count
                let shape = isBuilt ? SummaryTable.shapeText(sequential.layerOutputShapes[index]) : "?"
                let count = layer.parameters.reduce(0) { $0 + $1.count }
                rows.append(["\(layer.name) (\(layer.typeName))", shape, isBuilt ? SummaryTable.grouped(count) : "0 (unbuilt)"])
            }
        }
        var columns: [SummaryTable.Column] = [
            .init(title: "Layer (type)", width: 31, alignment: .left),
            .init(title: "Output Shape", width: 22, alignment: .left),
            .init(title: "Param #", width: 13, alignment: .right),
        ]
        if isFunctional {
            columns = [.init(title: "Layer (type)", width: 25, alignment: .left), .init(title: "Output Shape", width: 20, alignment: .left),
                       .init(title: "Param #", width: 10, alignment: .right), .init(title: "Connected to", width: 30, alignment: .left)]
        }
        var table = SummaryTable(columns: columns)
        table.rows = rows

        // Shared parameters count once, as in Keras.
        let unique = parameters
        let trainable = unique.filter(\.isTrainable).reduce(0) { $0 + $1.count }
        let frozen = unique.filter { !$0.isTrainable }.reduce(0) { $0 + $1.count }
        func line(_ label: String, _ count: Int) -> String {
            " \(label): \(SummaryTable.grouped(count)) (\(SummaryTable.readableSize(bytes: count * MemoryLayout<Float>.size)))"
        }
        return ([#"Model: "\#(name)""#] + table.lines() + [
            line("Total params", trainable + frozen),
            line("Trainable params", trainable),
            line("Non-trainable params", frozen),
        ]).joined(separator: "\n")
    }
}

/// A box-drawn table with a heavy header and a line between rows, as Keras draws with `rich`.
struct SummaryTable {
    struct Column {
        enum Alignment { case left, right }
        var title: String
        /// The width of the text, without the one space of padding on each side.
        var width: Int
        var alignment: Alignment
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(columns: [Column]) { self.columns = columns }

    /// The table's lines, top border to bottom border.
    func lines() -> [String] {
        func border(_ left: Character, _ fill: Character, _ join: Character, _ right: Character) -> String {
            String(left) + columns.map { String(repeating: fill, count: $0.width + 2) }.joined(separator: String(join)) + String(right)
        }
        var lines = [border("┏", "━", "┳", "┓")]
        lines += cells(columns.map(\.title), separator: "┃")
        if rows.isEmpty { return lines + [border("└", "─", "┴", "┘")] }
        lines.append(border("┡", "━", "╇", "┩"))
        for (index, row) in rows.enumerated() {
            if index > 0 { lines.append(border("├", "─", "┼", "┤")) }
            lines += cells(row, separator: "│")
        }
        return lines + [border("└", "─", "┴", "┘")]
    }

    /// One row of cells; as many lines as its most wrapped cell needs.
    private func cells(_ texts: [String], separator: Character) -> [String] {
        let wrapped = zip(texts, columns).map { SummaryTable.wrap($0, width: $1.width) }
        let height = wrapped.map(\.count).max() ?? 1
        return (0..<height).map { lineIndex in
            let parts = zip(wrapped, columns).map { pieces, column -> String in
                let text = lineIndex < pieces.count ? pieces[lineIndex] : ""
                let padding = String(repeating: " ", count: max(0, column.width - text.count))
                return " " + (column.alignment == .left ? text + padding : padding + text) + " "
            }
            return String(separator) + parts.joined(separator: String(separator)) + String(separator)
        }
    }

    /// Greedy word wrapping at spaces; a word longer than the width is cut into pieces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
            while current.count > width {
                lines.append(String(current.prefix(width)))
                current = String(current.dropFirst(width))
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// `(None, 28, 28)`: the batch axis first, as Keras shows it.
    static func shapeText(_ shape: [Int]) -> String {
        "(" + (["None"] + shape.map(String.init)).joined(separator: ", ") + ")"
    }

    /// `100480` → `100,480`.
    static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return count < 0 ? "-" + result : result
    }

    /// `437544` → `427.29 KB`: two decimals, 1024 bytes per KB, as Keras shows sizes.
    static func readableSize(bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB", "PB"]
        var size = Double(bytes)
        for unit in units.dropLast() {
            if size / 1024 < 1 { return String(format: "%.2f ", size) + unit }
            size /= 1024
        }
        return String(format: "%.2f ", size) + units.last!
    }
}
