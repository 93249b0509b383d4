import Foundation

/// Writes every epoch's logs to a CSV file as training goes — Keras's `CSVLogger`.
///
/// The file starts with a header `epoch,<keys sorted>` taken from the first epoch's logs, then holds
/// one row per epoch: the epoch (0-based, as Keras) and each value with the fewest digits that read
/// back as the same `Float` (`nan`, `inf`, `-inf` for those; `NA` for a key missing from an epoch).
/// Lines end with `\n`.
///
/// ```csv
/// epoch,accuracy,loss,val_accuracy,val_loss
/// 0,0.8125,0.5231,0.875,0.4402
/// 1,0.90625,0.3127,0.9,0.3511
/// ```
///
/// The whole file is rewritten atomically after every epoch (a temporary file, then renamed), so a
/// crash leaves the rows of the epochs finished so far, never a half-written line. With `append`, the
/// rows follow those already in the file (the header is written only if the file is empty or
/// missing), which suits resumed training.
public final class CSVLogger: Callback {
    /// `true`: under a ``DistributionStrategy`` only the chief runs it (it writes a file).
    public var runsOnChiefOnly: Bool { true }

    /// The CSV file.
    public let path: String
    /// The text between values.
    public let separator: String
    /// Whether rows are added to an existing file rather than replacing it.
    public let append: Bool

    private var contents = ""
    private var keys: [String]?
    private var needsHeader = true

    /// Creates a logger writing to `path`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when `path` is empty or `separator` is empty or
    ///   holds a quote or a line break.
    public init(path: String, separator: String = ",", append: Bool = false) throws {
        guard !path.isEmpty else {
            throw SynapseError.invalidArgument("CSVLogger: path must name a file, found an empty string")
        }
        guard !separator.isEmpty, !separator.contains(where: { $0 == "\"" || $0.isNewline }) else {
            throw SynapseError.invalidArgument("CSVLogger: separator must be non-empty text without quotes or line breaks, found \"\(separator)\"")
        }
        self.path = path
        self.separator = separator
        self.append = append
    }

    /// Reads the existing rows when appending, and writes the file at once, so that an unwritable
    /// path fails before any training.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be read or written.
    public func trainingWillBegin(_ training: TrainingContext) throws {
        keys = nil
        contents = ""
        if append && FileManager.default.fileExists(atPath: path) {
            do {
                contents = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw SynapseError.fileError("CSVLogger: cannot read '\(path)' to append to it: \((error as NSError).localizedDescription)")
            }
            if !contents.isEmpty && !contents.hasSuffix("\n") { contents += "\n" }
        }
        needsHeader = contents.isEmpty
        try save()
    }

    /// Adds the epoch's row (and the header, first) and rewrites the file.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be written.
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) throws {
        let keys = self.keys ?? logs.keys.sorted()
        if self.keys == nil {
            self.keys = keys
            if needsHeader { contents += line(["epoch"] + keys) }
        }
        contents += line([String(epoch)] + keys.map { key in logs[key].map(CSVLogger.number) ?? "NA" })
        try save()
    }

    private func save() throws {
        do {
            try AtomicFileWriter.write(contents, to: path)
        } catch let error as SynapseError {
            throw error.prefixed("CSVLogger")
        }
    }

    private func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: separator) + "\n"
    }

    /// A field, quoted (with doubled quotes) when it holds the separator, a quote or a line break.
    private func field(_ text: String) -> String {
        guard text.contains(separator) || text.contains(where: { $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func number(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return value.description
    }
}
