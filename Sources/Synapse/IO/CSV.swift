/// A table read from a CSV file: the numeric feature columns, and the label column if one was chosen.
public struct CSVDataset {
    /// The feature columns, shape `[rows, featureCount]`.
    public var features: Tensor
    /// The label column, shape `[rows]`; nil when no label column was chosen.
    public var labels: Tensor?
    /// The header's names of the feature columns, or nil if the file has no header row.
    public var featureNames: [String]?
    /// The header's name of the label column, or nil if there is no header or no label column.
    public var labelName: String?
    /// The class names of a label column of strings, in sorted order: label `i` stands for
    /// `labelClasses[i]`. Nil when the labels are numbers or no label column was chosen.
    ///
    /// Map a prediction back to its name with `labelClasses[predictedIndex]`.
    public var labelClasses: [String]?

    /// The number of data rows.
    public var rowCount: Int { features.shape[0] }
}

/// Reading numeric CSV files.
///
/// Every feature cell must be a number (`3`, `-0.5`, `1e-3`); an optional first row of column names
/// is recognised automatically or as told. One column may be set aside as the label. Labels may be
/// numbers, or class names: a label column holding any cell that is not a number is read as names
/// (all of its cells, numeric-looking ones too), and each name becomes its index among the distinct
/// names sorted in Unicode order, like scikit-learn's `LabelEncoder`. The names are kept in
/// ``CSVDataset/labelClasses``.
///
/// ```swift
/// let iris = try CSV.read(contentsOf: "Data/iris/iris.csv", labelColumn: "species")
/// // iris.features: [150, 4], iris.labels: [150] holding 0, 1 or 2,
/// // iris.labelClasses: ["setosa", "versicolor", "virginica"]
/// let predicted = try model.predict(iris.features).argmax(alongAxis: 1)
/// let names = predicted.map { iris.labelClasses![$0] }
/// ```
///
/// Errors name the file and the 1-based line and column of the offending cell, as an editor shows them.
public enum CSV {
    /// Whether the first row of a file names its columns.
    public enum Header: Sendable {
        /// The first row is a header when none of its cells is a number.
        case automatic
        /// The first row is a header.
        case present
        /// There is no header: the first row is data.
        case absent
    }

    /// A column chosen by its 0-based position (negative positions count from the end, −1 being the
    /// last) or by its name in the header row.
    public enum Column: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
        /// The column at a 0-based position; −1 is the last column.
        case index(Int)
        /// The column whose header cell is this name.
        case name(String)

        /// A column by position: `labelColumn: 0`.
        public init(integerLiteral value: Int) { self = .index(value) }
        /// A column by name: `labelColumn: "species"`.
        public init(stringLiteral value: String) { self = .name(value) }
    }

    /// Reads a numeric CSV file.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - delimiter: the single-byte character between cells (`,` by default; `;` or a tab are common).
    ///   - header: whether the first row names the columns; ``Header/automatic`` decides from its cells.
    ///   - labelColumn: the column to return as ``CSVDataset/labels`` instead of among the features;
    ///     numbers, or class names numbered in sorted order (see ``CSVDataset/labelClasses``).
    ///   - allowNonFinite: whether cells such as `nan` and `inf` are accepted (rejected by default).
    /// - Throws: ``SynapseError/fileError(_:)`` if the file cannot be read, a feature cell is not a
    ///   number, a label cell is empty or rows differ in length (naming the line and column);
    ///   ``SynapseError/invalidData(_:)`` if it
    ///   has no data rows or holds a non-finite value; ``SynapseError/invalidArgument(_:)`` for a
    ///   bad delimiter or a label column that does not exist.
    public static func read(contentsOf path: String, delimiter: Character = ",", header: Header = .automatic,
                            labelColumn: Column? = nil, allowNonFinite: Bool = false) throws -> CSVDataset {
        let bytes = try FileBytes.read(atPath: path, kind: "CSV file")
        return try parse(bytes, source: "CSV file '\(path)'", delimiter: delimiter, header: header,
                         labelColumn: labelColumn, allowNonFinite: allowNonFinite)
    }

    /// Parses numeric CSV text already in memory; see ``read(contentsOf:delimiter:header:labelColumn:allowNonFinite:)``.
    ///
    /// - Parameter source: how to name the text in error messages.
    public static func parse(_ text: String, source: String = "CSV text", delimiter: Character = ",",
                             header: Header = .automatic, labelColumn: Column? = nil,
                             allowNonFinite: Bool = false) throws -> CSVDataset {
        try parse(Array(text.utf8), source: source, delimiter: delimiter, header: header,
                  labelColumn: labelColumn, allowNonFinite: allowNonFinite)
    }

    static func parse(_ bytes: [UInt8], source: String, delimiter: Character, header: Header,
                      labelColumn: Column?, allowNonFinite: Bool) throws -> CSVDataset {
        guard let delimiterByte = delimiter.asciiValue, delimiter != "\"", delimiter != "\n", delimiter != "\r" else {
            throw SynapseError.invalidArgument("\(source): the delimiter must be a single ASCII character other than a quote or a line break, found '\(delimiter)'")
        }
        var tokenizer = CSVTokenizer(bytes: bytes, delimiter: delimiterByte, source: source)
        guard let first = try tokenizer.nextRecord() else {
            throw SynapseError.invalidData("\(source): the file is empty; expected at least one row of numbers")
        }
        let hasHeader: Bool
        switch header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .automatic: hasHeader = !first.cells.contains { Float($0.text) != nil }
        }
        let columnCount = first.cells.count
        let names = hasHeader ? first.cells.map(\.text) : nil
        let labelIndex = try resolve(labelColumn, names: names, columnCount: columnCount, source: source)

        var features: [Float] = []
        var labelCells: [CSVTokenizer.Cell] = []
        var rowCount = 0
        var pending: CSVTokenizer.Record? = hasHeader ? try tokenizer.nextRecord() : first
        while let record = pending {
            guard record.cells.count == columnCount else {
                let reference = hasHeader ? "the header on line \(first.line)" : "line \(first.line)"
                throw SynapseError.fileError("\(source): line \(record.line): found \(record.cells.count) cell\(record.cells.count == 1 ? "" : "s"), expected \(columnCount) as on \(reference)")
            }
            for cell in record.cells {
                if cell.column - 1 == labelIndex {
                    try CSVLabelColumn.check(cell, row: rowCount + 1, names: names, source: source)
                    labelCells.append(cell)
                } else {
                    features.append(try number(in: cell, names: names, source: source, header: header,
                                               allowNonFinite: allowNonFinite))
                }
            }
            rowCount += 1
            pending = try tokenizer.nextRecord()
        }
        guard rowCount > 0 else {
            throw SynapseError.invalidData("\(source): the header on line \(first.line) is followed by no data rows; expected at least one row of numbers")
        }
        let labels = try labelIndex.map { _ in
            try CSVLabelColumn.encode(labelCells) {
                try number(in: $0, names: names, source: source, header: header, allowNonFinite: allowNonFinite)
            }
        }
        let featureCount = labelIndex == nil ? columnCount : columnCount - 1
        var featureNames = names
        var labelName: String?
        if let labelIndex, names != nil { labelName = featureNames?.remove(at: labelIndex) }
        return CSVDataset(features: Tensor(uncheckedShape: [rowCount, featureCount], scalars: features),
                          labels: labels.map { Tensor(uncheckedShape: [rowCount], scalars: $0.values) },
                          featureNames: featureNames, labelName: labelName, labelClasses: labels?.classes)
    }

    /// The 0-based index of the chosen label column.
    private static func resolve(_ column: Column?, names: [String]?, columnCount: Int, source: String) throws -> Int? {
        switch column {
        case nil:
            return nil
        case .index(let index):
            let resolved = index < 0 ? index + columnCount : index
            guard (0..<columnCount).contains(resolved) else {
                throw SynapseError.invalidArgument("\(source): label column index \(index) is out of range; the file has \(columnCount) columns (indices 0..<\(columnCount), or −\(columnCount)...−1 from the end)")
            }
            return resolved
        case .name(let name):
            guard let names else {
                throw SynapseError.invalidArgument("\(source): label column '\(name)' was named, but the file has no header row (its first row is all numbers); choose the column by index, or pass header: .present")
            }
            guard let index = names.firstIndex(of: name) else {
                let list = names.map { "'\($0)'" }.joined(separator: ", ")
                throw SynapseError.invalidArgument("\(source): no column is named '\(name)'; the header names \(list)")
            }
            return index
        }
    }

    /// Where `cell` is, as error messages name it: `line 3, column 2 ('sepal_width')`.
    static func place(of cell: CSVTokenizer.Cell, names: [String]?) -> String {
        "line \(cell.line), column \(cell.column)" + (names.map { " ('\($0[cell.column - 1])')" } ?? "")
    }

    /// The number in `cell`, or an error naming its place.
    private static func number(in cell: CSVTokenizer.Cell, names: [String]?, source: String,
                               header: Header, allowNonFinite: Bool) throws -> Float {
        let location = place(of: cell, names: names)
        guard !cell.text.isEmpty else {
            throw SynapseError.fileError("\(source): \(location): expected a number, found an empty cell")
        }
        guard let value = Float(cell.text) else {
            var hint = ""
            if header == .automatic && names == nil && cell.line == 1 {
                hint = " (if the first row names the columns, pass header: .present)"
            }
            let shown = cell.text.count > 40 ? String(cell.text.prefix(40)) + "…" : cell.text
            throw SynapseError.fileError("\(source): \(location): expected a number, found '\(shown)'\(hint)")
        }
        guard allowNonFinite || value.isFinite else {
            throw SynapseError.invalidData("\(source): \(location): expected a finite number, found '\(cell.text)' (pass allowNonFinite: true to keep such values)")
        }
        return value
    }
}
