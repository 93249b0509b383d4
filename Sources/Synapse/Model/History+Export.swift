import Foundation

extension History {
    /// The history as a JSON object: `"epoch"` (0-based, as Keras numbers them) and then each key,
    /// in the order of ``keys``, with its values.
    ///
    /// ```json
    /// {
    ///   "epoch": [0, 1],
    ///   "accuracy": [0.8125, 0.90625],
    ///   "loss": [0.52, 0.31],
    ///   "val_accuracy": [0.875, 0.9],
    ///   "val_loss": [0.44, 0.35]
    /// }
    /// ```
    ///
    /// Values are written with the fewest digits that read back as the same `Float`. JSON has no
    /// NaN or infinity, so those are written as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`
    /// (which ``init(jsonData:source:)`` reads back).
    public func jsonData() -> Data {
        var lines = ["  \"epoch\": [" + epochs.map(String.init).joined(separator: ", ") + "]"]
        for key in keys {
            let numbers = (values[key] ?? []).map(History.jsonNumber)
            lines.append("  " + History.jsonString(key) + ": [" + numbers.joined(separator: ", ") + "]")
        }
        return Data(("{\n" + lines.joined(separator: ",\n") + "\n}\n").utf8)
    }

    /// Writes ``jsonData()`` to `path`, atomically (a temporary file in the same folder, then renamed).
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be written.
    public func writeJSON(to path: String) throws {
        try History.write(jsonData(), to: path)
    }

    /// Reads a history written by ``jsonData()`` — or by Python's `json.dump(history.history, f)`,
    /// in which case, without an `"epoch"` entry, the epochs are numbered from 0.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` when the data is not such a JSON object, or
    ///   ``SynapseError/invalidArgument(_:)`` when a key's values are not one per epoch.
    public init(jsonData: Data, source: String = "History JSON") throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let file: HistoryFile
        do {
            file = try decoder.decode(HistoryFile.self, from: jsonData)
        } catch {
            throw SynapseError.fileError("\(source): expected a JSON object of \"epoch\": [Int] and keys with lists of numbers, found unreadable data (\(History.describe(error)))")
        }
        let epochs = file.epochs ?? Array(0..<(file.values.values.first?.count ?? 0))
        try self.init(epochs: epochs, values: file.values)
    }

    /// Reads a history from a JSON file written by ``writeJSON(to:)``.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be read or parsed.
    public static func readJSON(from path: String) throws -> History {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SynapseError.fileError("\(path): cannot read the history (\(History.describe(error)))")
        }
        return try History(jsonData: data, source: path)
    }

    /// The history as CSV, like Keras's `CSVLogger`: a header `epoch,<keys in the order of keys>`
    /// and one row per epoch (epochs 0-based). Values are written with the fewest digits that read
    /// back as the same `Float`; NaN and infinities as `nan`, `inf` and `-inf`. Lines end with `\n`.
    public func csv() -> String {
        let keys = self.keys
        var lines = [(["epoch"] + keys).map(CSV.field).joined(separator: ",")]
        for (row, epoch) in epochs.enumerated() {
            let cells = keys.map { key -> String in
                guard let column = values[key], row < column.count else { return "" }
                return History.csvNumber(column[row])
            }
            lines.append(([String(epoch)] + cells).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``csv()`` to `path`, atomically (a temporary file in the same folder, then renamed).
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be written.
    public func writeCSV(to path: String) throws {
        try History.write(Data(csv().utf8), to: path)
    }

    /// Reads a history written by ``csv()`` — or by Keras's `CSVLogger`: a header naming an `epoch`
    /// column and the keys, then one row of numbers per epoch (`nan`, `inf` and `-inf` accepted).
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` for a cell that is not a number, or
    ///   ``SynapseError/invalidArgument(_:)`` when there is no `epoch` column or an epoch is not a
    ///   whole number; messages begin with `source`.
    public init(csv text: String, source: String = "History CSV") throws {
        let table = try CSV.parse(text, source: source, header: .present, labelColumn: "epoch", allowNonFinite: true)
        let epochs = try (table.labels?.scalars ?? []).map { value -> Int in
            guard let epoch = Int(exactly: value) else {
                throw SynapseError.invalidArgument("\(source): the epoch column must hold whole numbers, found \(value)")
            }
            return epoch
        }
        let names = table.featureNames ?? []
        let scalars = table.features.scalars
        var values: [String: [Float]] = [:]
        for (column, name) in names.enumerated() {
            values[name] = stride(from: column, to: scalars.count, by: names.count).map { scalars[$0] }
        }
        try self.init(epochs: epochs, values: values)
    }

    /// Reads a history from a CSV file written by ``writeCSV(to:)`` or Keras's `CSVLogger`.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be read or parsed;
    ///   see ``init(csv:source:)``.
    public static func readCSV(from path: String) throws -> History {
        let bytes = try FileBytes.read(atPath: path, kind: "history CSV file")
        return try History(csv: String(decoding: bytes, as: UTF8.self), source: "history CSV file '\(path)'")
    }

    // MARK: - Helpers

    /// Writes `data` under a temporary name in the destination's folder, then renames it, so that
    /// a crash never leaves a half-written file.
    static func write(_ data: Data, to path: String) throws {
        try AtomicFileWriter.write(data, to: path)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context),
             DecodingError.typeMismatch(_, let context),
             DecodingError.valueNotFound(_, let context),
             DecodingError.keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        default:
            return (error as NSError).localizedDescription
        }
    }

    private static func jsonNumber(_ value: Float) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return value.description
    }

    private static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private static func csvNumber(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return value.description
    }
}

/// The JSON object ``History/init(jsonData:source:)`` reads: an optional `"epoch"` list and lists
/// of numbers (or `null`, read as NaN) under every other key.
private struct HistoryFile: Decodable {
    var epochs: [Int]?
    var values: [String: [Float]] = [:]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "epoch" {
                epochs = try container.decode([Int].self, forKey: key)
            } else {
                values[key.stringValue] = try container.decode([Float?].self, forKey: key).map { $0 ?? .nan }
            }
        }
    }
}
