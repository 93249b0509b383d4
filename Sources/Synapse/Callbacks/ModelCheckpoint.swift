import Foundation

/// Saves the model (or only its weights) at the end of every epoch — Keras's `ModelCheckpoint`.
///
/// The path may hold Python-style fields filled from the epoch (counted from 1, as Keras) and its
/// logs, such as `"checkpoints/ckpt-{epoch:02d}-{val_loss:.2f}.safetensors"`; see ``path``. With
/// `saveBestOnly` a file is written only when the monitored value improved on the best so far, so a
/// path without fields always holds the best model. Files are written atomically (to a temporary
/// name, then renamed), and missing folders are created.
///
/// ```swift
/// let checkpoint = try ModelCheckpoint(path: "best.safetensors", monitor: "val_accuracy", saveBestOnly: true)
/// try model.fit(x, y, epochs: 20, validationSplit: 0.1, callbacks: [checkpoint])
/// let best = try Sequential.load(from: "best.safetensors")
/// ```
///
/// A full checkpoint is what ``Model/save(to:metadata:)`` writes and ``Model/load(from:)`` reads;
/// a weights-only one is what ``Model/saveWeights(to:)`` writes and
/// ``Model/loadWeights(from:)`` reads. With `verbose: 1` it prints Keras's messages:
/// `Epoch 3: val_loss improved from 0.50000 to 0.40000, saving model to …`,
/// `Epoch 4: val_loss did not improve from 0.40000`, or `Epoch 3: saving model to …`.
public final class ModelCheckpoint: Callback {
    /// `true`: under a ``DistributionStrategy`` only the chief runs it (it writes files).
    public var runsOnChiefOnly: Bool { true }

    /// The path template: `{epoch}` (from 1) and any key of the epoch logs (`{loss}`,
    /// `{val_accuracy}`, `{learning_rate}`), each optionally with a format spec
    /// `[0][width][.precision][type]` (type `d`, `f`, `e` or `g`), as in Python's `str.format`:
    /// `{epoch:02d}`, `{val_loss:.4f}`. `{{` and `}}` are literal braces.
    public let path: String
    /// The key watched in the epoch logs when `saveBestOnly`.
    public var monitor: String { comparison.key }
    /// Whether a file is written only when the monitored value improved.
    public let saveBestOnly: Bool
    /// Whether only the weights are saved, rather than the whole model with its optimizer state.
    public let saveWeightsOnly: Bool
    /// Whether lower or higher values of the monitored quantity are better.
    public let mode: MonitorMode
    /// 0: silent; 1: a message for every epoch.
    public let verbose: Int
    /// The best monitored value so far (kept across `fit` calls, so resumed training does not
    /// overwrite a better checkpoint); starts at `initialValueThreshold`, or the worst value.
    public private(set) var best: Float
    /// The files written, in order.
    public private(set) var savedPaths: [String] = []

    private let template: PathTemplate
    private let comparison: Monitor
    private let write: (String) -> Void
    private var warnedAboutMissingKey = false

    /// Creates a checkpoint callback with Keras's parameters and defaults.
    ///
    /// - Parameters:
    ///   - path: where to save, with optional fields; see ``path``.
    ///   - monitor: the key in the epoch logs that decides what is best.
    ///   - verbose: 1 prints Keras's messages through `write`.
    ///   - saveBestOnly: save only when the monitored value improved.
    ///   - saveWeightsOnly: save only the weights.
    ///   - mode: `.min`, `.max`, or `.auto` to infer it from the name of `monitor`.
    ///   - initialValueThreshold: a value the first saved model must beat (with `saveBestOnly`).
    ///   - write: where messages go; standard output by default.
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when `path` is empty, names a folder (ends in
    ///   `/`), or has a malformed field or a format spec outside the supported subset.
    public init(path: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
                saveWeightsOnly: Bool = false, mode: MonitorMode = .auto, initialValueThreshold: Float? = nil,
                write: @escaping (String) -> Void = writeToStandardOutput) throws {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw SynapseError.invalidArgument("ModelCheckpoint: path must name a file, such as \"ckpt-{epoch:02d}.safetensors\", found '\(path)'")
        }
        template = try PathTemplate(path, owner: "ModelCheckpoint")
        comparison = try Monitor(key: monitor, mode: mode, minDelta: 0, owner: "ModelCheckpoint")
        self.path = path
        self.verbose = verbose
        self.saveBestOnly = saveBestOnly
        self.saveWeightsOnly = saveWeightsOnly
        self.mode = mode
        self.write = write
        best = initialValueThreshold ?? comparison.worst
    }

    /// Checks before the first epoch that the checkpoints' folder (when the path fixes it) can be
    /// created and written, so that a bad path fails at once rather than after an epoch of training.
    public func trainingWillBegin(_ training: TrainingContext) throws {
        warnedAboutMissingKey = false
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.contains("{") else { return }
        do {
            try createFolder(folder.isEmpty ? "." : folder)
        } catch let error as SynapseError {
            throw error.prefixed("ModelCheckpoint")
        }
        if template.fieldNames.isEmpty {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw SynapseError.fileError("ModelCheckpoint: cannot save to '\(path)': it is a folder; give a file name")
            }
        }
    }

    /// Fills in the path and saves the model or its weights, unless `saveBestOnly` and no improvement.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when the path uses a key the logs lack, or
    ///   ``SynapseError/fileError(_:)`` when the file cannot be written.
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) throws {
        var values = logs.mapValues(PathTemplate.Value.number)
        values["epoch"] = .integer(epoch + 1)
        let file = try template.render(values)
        guard shouldSave(epoch: epoch, logs: logs, file: file) else { return }
        do {
            try createFolder((file as NSString).deletingLastPathComponent)
            if saveWeightsOnly {
                try training.model.saveWeights(to: file)
            } else {
                try training.model.save(to: file)
            }
        } catch let error as SynapseError {
            throw error.prefixed("ModelCheckpoint (epoch \(epoch + 1))")
        }
        savedPaths.append(file)
    }

    /// Whether to save this epoch, printing Keras's message for the decision.
    private func shouldSave(epoch: Int, logs: Logs, file: String) -> Bool {
        guard saveBestOnly else {
            if verbose > 0 { write("Epoch \(epoch + 1): saving model to \(file)\n") }
            return true
        }
        guard let current = logs[monitor] else {
            if !warnedAboutMissingKey {
                warnedAboutMissingKey = true
                write("Warning: Can save best model only with \(monitor) available. Available metrics are: \(Monitor.available(in: logs))\n")
            }
            return true
        }
        let bestText = String(format: "%.5f", best)
        guard comparison.isImprovement(current, over: best) else {
            if verbose > 0 { write("Epoch \(epoch + 1): \(monitor) did not improve from \(bestText)\n") }
            return false
        }
        if verbose > 0 {
            write("Epoch \(epoch + 1): \(monitor) improved from \(bestText) to \(String(format: "%.5f", current)), saving model to \(file)\n")
        }
        best = current
        return true
    }

    /// Creates `folder` (and its parents) unless it exists, and checks that it can be written.
    private func createFolder(_ folder: String) throws {
        guard !folder.isEmpty else { return }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw SynapseError.fileError("cannot save checkpoints into '\(folder)': it is a file, not a folder")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SynapseError.fileError("cannot create the folder '\(folder)' for checkpoints: \((error as NSError).localizedDescription)")
            }
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw SynapseError.fileError("cannot save checkpoints into '\(folder)': the folder is not writable")
        }
    }
}
