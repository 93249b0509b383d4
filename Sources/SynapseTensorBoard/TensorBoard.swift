import Foundation
import Synapse

/// Writes TensorBoard logs while a model trains — Keras's `TensorBoard` callback.
///
/// Two runs, as Keras writes them: `<logDirectory>/train/` and `<logDirectory>/validation/`, each
/// holding an event file (`events.out.tfevents.<unix seconds>.<host name>`). Point TensorBoard at
/// the log directory (`tensorboard --logdir logs`) to see:
///
/// - at the end of every epoch (step = epoch, 0-based), one scalar per ``History`` key, named as
///   Keras 3 names them: `epoch_loss`, `epoch_accuracy`, … in the train run, the `val_` values under
///   the same tags in the validation run (so the two curves overlay), and `epoch_learning_rate` (the
///   optimizer's learning rate) in the train run;
/// - with ``UpdateFrequency/batches(_:)``, every N batches also `batch_loss`, `batch_accuracy`, …
///   (the epoch's running values, as in the progress bar) at step = the global batch count, 1-based
///   and counted over the whole `fit`;
/// - with `histogramFrequency` k > 0, every k epochs (epochs 0, k, 2k, …) a histogram of every
///   parameter's values (tag `<layer>/<parameter>`, e.g. `dense/kernel`) and of every trainable
///   parameter's gradient in the epoch's last batch (`dense/kernel/gradient`), in 30 buckets as
///   TensorFlow's `tf.summary.histogram`;
/// - the numbers other callbacks recorded in `TrainingContext.measurements` — such as
///   `GradientFlow`'s `gradient_flow/<layer>/gradient_norm`, `…/weight_norm`,
///   `…/update_ratio` and `…/dead_fraction` — as scalars in the train run at their own steps (the
///   global batch count), written at each epoch's end and when training ends, so the order of the
///   callbacks does not matter;
/// - with `writeGraph`, the model's graph (TensorBoard's Graphs tab): a node per input and per layer
///   call, with the layer's type as its op (see ``Tensorflow_GraphDef/init(model:)``).
///
/// ```swift
/// try model.fit(x, y, epochs: 10, validationSplit: 0.2,
///               callbacks: [try TensorBoard(logDirectory: "logs", histogramFrequency: 1)])
/// ```
///
/// Events are written at the end of every epoch, and the files closed when training ends. A
/// later `fit` with the same callback starts new files in the same runs.
public final class TensorBoard: Callback {
    /// `true`: under a ``DistributionStrategy`` only the chief runs it (it writes the event files).
    public var runsOnChiefOnly: Bool { true }

    /// When batch-level scalars are written.
    public enum UpdateFrequency: Equatable, Sendable {
        /// Only at the end of each epoch (Keras's `update_freq="epoch"`).
        case epoch
        /// Also every this many batches (Keras's `update_freq=N`).
        case batches(Int)
    }

    /// The folder holding the `train` and `validation` runs.
    public let logDirectory: String
    /// When batch-level scalars are written.
    public let updateFrequency: UpdateFrequency
    /// Write histograms every this many epochs; 0 writes none.
    public let histogramFrequency: Int
    /// Whether the model's graph is written to the train run when training begins.
    public let writeGraph: Bool

    private var trainWriter: EventFileWriter?
    private var validationWriter: EventFileWriter?
    private var globalBatch = 0
    /// How many of the context's `TrainingContext.measurements` were written.
    private var measurementsWritten = 0

    /// Creates the callback, with Keras's defaults (`log_dir="logs"`, `update_freq="epoch"`,
    /// `histogram_freq=0`, `write_graph=True`).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when `logDirectory` is empty,
    ///   `histogramFrequency` is negative or the batch frequency is below 1.
    public init(logDirectory: String = "logs", updateFrequency: UpdateFrequency = .epoch, histogramFrequency: Int = 0,
                writeGraph: Bool = true) throws {
        guard !logDirectory.isEmpty else {
            throw SynapseError.invalidArgument("TensorBoard: logDirectory must name a folder, found an empty string")
        }
        if case .batches(let count) = updateFrequency, count < 1 {
            throw SynapseError.invalidArgument("TensorBoard: updateFrequency .batches(N) needs N ≥ 1, found \(count)")
        }
        guard histogramFrequency >= 0 else {
            throw SynapseError.invalidArgument("TensorBoard: histogramFrequency must be ≥ 0 (0 for no histograms), found \(histogramFrequency)")
        }
        self.logDirectory = logDirectory
        self.updateFrequency = updateFrequency
        self.histogramFrequency = histogramFrequency
        self.writeGraph = writeGraph
    }

    /// The train run's folder, `<logDirectory>/train`.
    public var trainDirectory: String { (logDirectory as NSString).appendingPathComponent("train") }
    /// The validation run's folder, `<logDirectory>/validation`.
    public var validationDirectory: String { (logDirectory as NSString).appendingPathComponent("validation") }

    /// Starts the train run's event file, so that an unwritable folder fails before any training,
    /// and writes the model's graph there when asked.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the folder or file when it cannot be created.
    public func trainingWillBegin(_ training: TrainingContext) throws {
        try closeWriters()
        globalBatch = 0
        measurementsWritten = 0
        let writer = try EventFileWriter(directory: trainDirectory)
        trainWriter = writer
        if writeGraph {
            var event = Tensorflow_Event()
            event.wallTime = Date().timeIntervalSince1970
            do {
                event.graphDef = try Tensorflow_GraphDef(model: training.model).serializedData()
            } catch {
                throw SynapseError.invalidData("TensorBoard: cannot encode the graph of \(training.model.name): \(error)")
            }
            try writer.write(event)
            try writer.flush()
        }
    }

    /// Counts the batch and, every N batches with ``UpdateFrequency/batches(_:)``, adds its scalars.
    public func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) throws {
        globalBatch += 1
        guard case .batches(let count) = updateFrequency, globalBatch % count == 0, let trainWriter else { return }
        try trainWriter.write(Self.scalars(logs, prefix: "batch_"), step: globalBatch)
    }

    /// Writes the epoch's scalars (and histograms, when due) and flushes both runs.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be written.
    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) throws {
        guard let trainWriter else { return }
        var trainLogs = logs.filter { !$0.key.hasPrefix("val_") }
        trainLogs["learning_rate"] = training.optimizer.learningRate
        try trainWriter.write(Self.scalars(trainLogs, prefix: "epoch_"), step: epoch)
        let validationLogs = Dictionary(uniqueKeysWithValues: logs.compactMap { key, value in
            key.hasPrefix("val_") ? (String(key.dropFirst(4)), value) : nil
        })
        if !validationLogs.isEmpty {
            if validationWriter == nil { validationWriter = try EventFileWriter(directory: validationDirectory) }
            try validationWriter?.write(Self.scalars(validationLogs, prefix: "epoch_"), step: epoch)
        }
        if histogramFrequency > 0 && epoch % histogramFrequency == 0 {
            try trainWriter.write(Self.histograms(training), step: epoch)
        }
        try writeMeasurements(training)
        try trainWriter.flush()
        try validationWriter?.flush()
    }

    /// Flushes and closes the event files.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be written.
    public func trainingDidEnd(_ training: TrainingContext) throws {
        try writeMeasurements(training)
        try closeWriters()
    }

    /// Writes the measurements recorded since the last call, one event per step, in the order recorded.
    private func writeMeasurements(_ training: TrainingContext) throws {
        guard let trainWriter else { return }
        let new = training.measurements.dropFirst(measurementsWritten)
        measurementsWritten = training.measurements.count
        var start = new.startIndex
        while start < new.endIndex {
            let step = new[start].step
            let end = new[start...].firstIndex { $0.step != step } ?? new.endIndex
            try trainWriter.write(new[start..<end].map { .scalar($0.value, tag: $0.tag) }, step: step)
            start = end
        }
    }

    private func closeWriters() throws {
        defer { trainWriter = nil; validationWriter = nil }
        try trainWriter?.close()
        try validationWriter?.close()
    }

    /// One scalar per entry, tagged `<prefix><key>`, in key order.
    private static func scalars(_ logs: Logs, prefix: String) -> [Tensorflow_Summary.Value] {
        logs.sorted { $0.key < $1.key }.map { .scalar($0.value, tag: prefix + $0.key) }
    }

    /// The histograms of every parameter's values and of every trainable parameter's last gradient.
    private static func histograms(_ training: TrainingContext) -> [Tensorflow_Summary.Value] {
        training.model.parameters.flatMap { parameter -> [Tensorflow_Summary.Value] in
            let tag = histogramTag(of: parameter)
            var values: [Tensorflow_Summary.Value] = [.histogram(of: parameter.value.scalars, tag: tag)]
            if let gradient = training.gradient(of: parameter) {
                values.append(.histogram(of: gradient.scalars, tag: tag + "/gradient"))
            }
            return values
        }
    }

    /// `<layer>/<parameter>`: the parameter's path (`dense_1.kernel`) with TensorBoard's separator.
    static func histogramTag(of parameter: Parameter) -> String {
        parameter.path.replacingOccurrences(of: ".", with: "/")
    }
}
