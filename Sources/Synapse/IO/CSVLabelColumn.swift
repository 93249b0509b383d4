/// The label column of a CSV file, turned into numbers.
///
/// A column whose every cell is a number gives those numbers. A column holding any cell that is not a
/// number is a column of class names — all of its cells, numeric-looking ones included, are then taken
/// as names — and each name becomes its index among the distinct names in sorted order, as
/// scikit-learn's `LabelEncoder` and `np.unique` number them.
enum CSVLabelColumn {
    /// The labels' values, and the class names (nil for numeric labels).
    struct Encoded {
        var values: [Float]
        var classes: [String]?
    }

    /// Checks one label cell as it is read: an empty cell is an error naming its row and column.
    ///
    /// - Parameter row: the 1-based number of the data row, not counting the header.
    static func check(_ cell: CSVTokenizer.Cell, row: Int, names: [String]?, source: String) throws {
        guard cell.text.isEmpty else { return }
        throw SynapseError.fileError("\(source): data row \(row), \(CSV.place(of: cell, names: names)): expected a label (a number or a class name), found an empty cell")
    }

    /// Encodes the label column's cells, in row order.
    ///
    /// - Parameter number: reads one cell as a number, throwing as the feature columns do.
    static func encode(_ cells: [CSVTokenizer.Cell],
                       number: (CSVTokenizer.Cell) throws -> Float) throws -> Encoded {
        if cells.allSatisfy({ Float($0.text) != nil }) {
            return Encoded(values: try cells.map(number), classes: nil)
        }
        let classes = Set(cells.map(\.text)).sorted()
        var indices: [String: Int] = [:]
        for (index, name) in classes.enumerated() { indices[name] = index }
        // Every cell's text is among the classes, so the lookup always succeeds.
        return Encoded(values: cells.map { Float(indices[$0.text]!) }, classes: classes)
    }
}
