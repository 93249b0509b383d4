import Foundation
import Synapse

/// What `synapse train` stores in a model file's metadata beside the model itself, so that the other
/// subcommands can read a CSV file the way the model was trained on it.
///
/// Each entry is one metadata key under `synapse.cli.`; lists are JSON arrays, so that any
/// safetensors reader shows them plainly.
struct ModelCard: Equatable {
    /// Classification or regression (never `auto`).
    var task: TrainingTask
    /// The name of the label column.
    var labelName: String
    /// The feature columns, in the order the model takes them.
    var featureNames: [String]
    /// The class names, label index `i` standing for `classNames[i]`; empty for regression.
    var classNames: [String]
    /// The standardisation fitted to the training rows.
    var scaler: StandardScaler

    private static let prefix = "synapse.cli."
    private enum Key: String, CaseIterable {
        case task, label, features, classes
        case featureMeans = "feature_means", featureStandardDeviations = "feature_standard_deviations"
    }

    /// The metadata entries to save with the model.
    ///
    /// - Throws: ``SynapseError/invalidData(_:)`` if a list cannot be written as JSON.
    func metadata() throws -> [String: String] {
        [
            Self.prefix + Key.task.rawValue: task.rawValue,
            Self.prefix + Key.label.rawValue: labelName,
            Self.prefix + Key.features.rawValue: try Self.json(featureNames),
            Self.prefix + Key.classes.rawValue: try Self.json(classNames),
            Self.prefix + Key.featureMeans.rawValue: try Self.json(scaler.means),
            Self.prefix + Key.featureStandardDeviations.rawValue: try Self.json(scaler.standardDeviations),
        ]
    }

    /// The card stored in the model file at `path`.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` if the file is not a Synapse model or was not written
    ///   by `synapse train` (an entry is missing or malformed).
    init(contentsOf path: String) throws {
        let metadata = try Model.readMetadata(from: path)
        func entry(_ key: Key) throws -> String {
            guard let value = metadata[Self.prefix + key.rawValue] else {
                throw SynapseError.fileError("model file '\(path)': the metadata has no '\(Self.prefix + key.rawValue)'; the model was not written by `synapse train`")
            }
            return value
        }
        func list<T: Decodable>(_ key: Key, of _: T.Type) throws -> [T] {
            guard let values = try? JSONDecoder().decode([T].self, from: Data(try entry(key).utf8)) else {
                throw SynapseError.fileError("model file '\(path)': metadata '\(Self.prefix + key.rawValue)' is not a JSON list of \(T.self == String.self ? "strings" : "numbers")")
            }
            return values
        }
        guard let task = TrainingTask(rawValue: try entry(.task)), task != .auto else {
            throw SynapseError.fileError("model file '\(path)': metadata '\(Self.prefix + Key.task.rawValue)' must be 'classification' or 'regression', found '\(try entry(.task))'")
        }
        self.task = task
        labelName = try entry(.label)
        featureNames = try list(.features, of: String.self)
        classNames = try list(.classes, of: String.self)
        do {
            scaler = try StandardScaler(means: try list(.featureMeans, of: Float.self),
                                        standardDeviations: try list(.featureStandardDeviations, of: Float.self))
        } catch let error as SynapseError {
            throw SynapseError.fileError("model file '\(path)': \(error.message)")
        }
        guard scaler.means.count == featureNames.count else {
            throw SynapseError.fileError("model file '\(path)': the metadata names \(featureNames.count) features but holds statistics for \(scaler.means.count)")
        }
    }

    /// A card from its parts.
    init(task: TrainingTask, labelName: String, featureNames: [String], classNames: [String], scaler: StandardScaler) {
        self.task = task
        self.labelName = labelName
        self.featureNames = featureNames
        self.classNames = classNames
        self.scaler = scaler
    }

    /// One line describing what the model predicts, for `summary`.
    var taskDescription: String {
        switch task {
        case .classification:
            return "Classification of '\(labelName)' into \(classNames.count) classes: \(classNames.joined(separator: ", "))"
        default:
            return "Regression of '\(labelName)'"
        }
    }

    private static func json<T: Encodable>(_ values: [T]) throws -> String {
        do {
            return String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
        } catch {
            throw SynapseError.invalidData("synapse train: cannot store \(values) in the model file's metadata as JSON: \(error)")
        }
    }
}
