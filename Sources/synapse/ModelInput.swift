import Foundation
import Synapse

/// A CSV file read the way a trained model expects it: the model's feature columns picked by name,
/// in its order, standardised with the statistics stored in its ``ModelCard``, and the label column
/// (when present) as class indices or values.
struct ModelInput {
    /// The standardised features, `[rows, features]`.
    var features: Tensor
    /// The labels, `[rows]`, as the model was trained on them (class indices for a classifier);
    /// nil when the file has no label column.
    var labels: Tensor?

    /// Reads `path` for the model described by `card`.
    ///
    /// - Parameter requiringLabels: whether the label column must be present (to evaluate).
    /// - Throws: ``SynapseError`` naming the file and the column: a missing file, no header, a feature
    ///   or label column the model needs that is missing, a class the model does not know.
    init(contentsOf path: String, for card: ModelCard, requiringLabels: Bool) throws {
        let hasLabel = requiringLabels || Self.headerNames(ofFile: path).contains(card.labelName)
        let table = try CSV.read(contentsOf: path, header: .present,
                                 labelColumn: hasLabel ? .name(card.labelName) : nil)
        let names = table.featureNames ?? []
        var columns: [Int] = []
        var missing: [String] = []
        for name in card.featureNames {
            if let column = names.firstIndex(of: name) { columns.append(column) } else { missing.append(name) }
        }
        guard missing.isEmpty else {
            throw SynapseError.invalidArgument("CSV file '\(path)': the model needs the feature column\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")), which the file does not have (it has \(names.map { "'\($0)'" }.joined(separator: ", ")))")
        }
        let rows = table.rowCount, width = names.count
        let picked = (0..<rows).flatMap { row in columns.map { row * width + $0 } }
        features = try card.scaler.transform(try table.features.gathering(flatIndices: picked, shape: [rows, columns.count]))
        labels = try table.labels.map { try Self.modelLabels($0, classes: table.labelClasses, card: card, path: path) }
    }

    /// The file's labels as the model's targets: class indices among `card.classNames` for a
    /// classifier, the values themselves for a regression.
    private static func modelLabels(_ labels: Tensor, classes: [String]?, card: ModelCard, path: String) throws -> Tensor {
        guard card.task == .classification else {
            guard classes == nil else {
                throw SynapseError.invalidData("CSV file '\(path)': the label column '\(card.labelName)' holds class names, but the model is a regression and expects numbers")
            }
            return labels
        }
        var indices: [String: Int] = [:]
        for (index, name) in card.classNames.enumerated() { indices[name] = index }
        let values = try labels.scalars.enumerated().map { row, value -> Float in
            let name = classes.map { $0[Int(value)] } ?? ClassNames.name(ofNumber: value)
            guard let index = indices[name] else {
                throw SynapseError.invalidData("CSV file '\(path)': data row \(row + 1): the label '\(name)' in column '\(card.labelName)' is not a class the model knows (\(card.classNames.joined(separator: ", ")))")
            }
            return Float(index)
        }
        return try Tensor(shape: [values.count], scalars: values)
    }

    /// The cells of the first line of a CSV file, quotes and surrounding spaces removed; used only to
    /// tell whether an optional column is present (``CSV/read(contentsOf:delimiter:header:labelColumn:allowNonFinite:)``
    /// reads and checks the file itself).
    private static func headerNames(ofFile path: String) -> [String] {
        // A file that cannot be opened has no header here; reading it then reports why.
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        let line = String(decoding: start.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        return line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
}

/// The names of classes that are whole numbers in a CSV file.
enum ClassNames {
    /// The name of a whole-number class label: `2` for 2.0.
    static func name(ofNumber value: Float) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
