import Foundation
import Synapse
import Testing

/// A strategy whose collective calls leave their buffers as they are (as one rank alone would), that
/// claims the rank and size it is given and records what `fit` asked of it. For the agreement check at
/// the start (5 numbers per rank, gathered into zeros) it fills every rank's slot with its own, as if
/// every other rank had the same model.
final class RecordingStrategy: DistributionStrategy {
    let rank: Int
    let worldSize: Int
    var broadcastBytes: [Int] = []
    var floatReductions: [Int] = []
    var doubleReductions: [Int] = []
    var failures: [String] = []
    /// The bytes of every broadcast, in order: recorded on rank 0, replayed into the buffers on another rank.
    var broadcasts: [[UInt8]] = []
    private var replayed = 0

    init(rank: Int = 0, worldSize: Int = 1) {
        self.rank = rank
        self.worldSize = worldSize
    }

    func broadcast(_ buffer: UnsafeMutableRawBufferPointer, from root: Int) throws {
        broadcastBytes.append(buffer.count)
        if rank == root {
            broadcasts.append(Array(buffer))
        } else if replayed < broadcasts.count {
            let bytes = broadcasts[replayed]
            precondition(bytes.count == buffer.count, "test: broadcast of \(buffer.count) bytes, recorded \(bytes.count)")
            buffer.copyBytes(from: bytes)
            replayed += 1
        }
    }
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws { floatReductions.append(values.count) }
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        doubleReductions.append(values.count)
        if worldSize > 1, values.count == 5 * worldSize {
            for other in 0..<worldSize where other != rank {
                for i in 0..<5 { values[other * 5 + i] = values[rank * 5 + i] }
            }
        }
    }
    func trainingFailed(_ error: any Error) { failures.append("\(error)") }
}

@Suite("DistributionStrategy")
struct DistributionStrategyTests {
    @Test func oneProcessStrategyTrainsAsNoStrategy() throws {
        let plain = try tinyRegressionModel(optimizer: Adam(learningRate: 0.05))
        let distributed = try tinyRegressionModel(optimizer: Adam(learningRate: 0.05))
        let expected = try plain.fit(callbackX, callbackY, epochs: 3, batchSize: 3, validationSplit: 0.25, verbose: 0)
        let history = try distributed.fit(callbackX, callbackY, epochs: 3, batchSize: 3, validationSplit: 0.25, verbose: 0,
                                          strategy: SingleProcessStrategy())
        #expect(history == expected)
        #expect(distributed.getWeights() == plain.getWeights())
        #expect(try distributed.evaluate(callbackX, callbackY, batchSize: 5, strategy: SingleProcessStrategy())
                == (try plain.evaluate(callbackX, callbackY, batchSize: 5)))
    }

    @Test func fitMakesTheCollectiveCallsOfDataParallelTraining() throws {
        let model = try tinyRegressionModel()
        let strategy = RecordingStrategy()
        // 8 rows in batches of 3: 3 batches per epoch, 2 epochs, no metrics.
        try model.fit(callbackX, callbackY, epochs: 2, batchSize: 3, verbose: 0, strategy: strategy)
        // The 4 parameters (2·3, 3, 3·1, 1 values of 4 bytes), then the optimizer header (3 Int64); SGD
        // without momentum has no state to send.
        #expect(strategy.broadcastBytes == [24, 12, 12, 4, 24])
        // Per batch: the gradient block (each of the 4 parameters padded to 16 values: 64), and nothing
        // else in Float.
        #expect(strategy.floatReductions == [Int](repeating: 64, count: 6))
        // The agreement check (5 numbers per rank), then per batch the loss sums and the stop vote,
        // and per epoch one more stop vote.
        #expect(strategy.doubleReductions == [5] + [Int](repeating: 1, count: 14))
        #expect(strategy.failures.isEmpty)
    }

    @Test func theStartBroadcastsTheChiefsWeightsAndOptimizerState() throws {
        // The chief has trained a little (Adam has moments and 2 iterations); another rank starts fresh
        // from another seed and receives, in the same order, what the chief broadcast.
        let (chiefOptimizer, otherOptimizer) = (Adam(learningRate: 0.05), Adam(learningRate: 0.05))
        let chief = try tinyRegressionModel(optimizer: chiefOptimizer)
        try chief.fit(callbackX, callbackY, epochs: 1, batchSize: 4, verbose: 0)
        let chiefStrategy = RecordingStrategy(rank: 0, worldSize: 2)
        try chief.fit(callbackX, callbackY, epochs: 0, batchSize: 4, verbose: 0, strategy: chiefStrategy)
        let other = try tinyRegressionModel(optimizer: otherOptimizer, seed: 99)
        #expect(other.getWeights() != chief.getWeights())
        let otherStrategy = RecordingStrategy(rank: 1, worldSize: 2)
        otherStrategy.broadcasts = chiefStrategy.broadcasts
        try other.fit(callbackX, callbackY, epochs: 0, batchSize: 4, verbose: 0, strategy: otherStrategy)
        #expect(other.getWeights() == chief.getWeights())
        #expect(otherOptimizer.iterations == 2)
        for (mine, theirs) in zip(other.parameters, chief.parameters) {
            #expect(otherOptimizer.variables(for: mine) == chiefOptimizer.variables(for: theirs))
            #expect(!otherOptimizer.variables(for: mine).isEmpty)
        }
    }

    @Test func onlyTheChiefRunsCallbacksThatWriteFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strategy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var epochsSeen = 0
        for rank in [1, 0] {
            let model = try tinyRegressionModel()
            let log = folder.appendingPathComponent("rank\(rank).csv").path
            try model.fit(callbackX, callbackY, epochs: 2, batchSize: 4, verbose: 0,
                          callbacks: [try CSVLogger(path: log), LambdaCallback(onEpochEnd: { _, _ in epochsSeen += 1 })],
                          strategy: RecordingStrategy(rank: rank, worldSize: 2))
            #expect(FileManager.default.fileExists(atPath: log) == (rank == 0))
        }
        #expect(epochsSeen == 4)
        #expect(ProgressBar(verbose: 1).runsOnChiefOnly)
        #expect(try GradientFlow().runsOnChiefOnly)
        #expect(!(try EarlyStopping(patience: 1)).runsOnChiefOnly)
        #expect(RecordingStrategy(rank: 0, worldSize: 2).isChief && !RecordingStrategy(rank: 1, worldSize: 2).isChief)
    }

    @Test func anErrorDuringTrainingIsHandedToTheStrategy() throws {
        let model = try tinyRegressionModel()
        let strategy = RecordingStrategy()
        let failing = LambdaCallback(onBatchEnd: { batch, _ in
            if batch == 1 { throw SynapseError.invalidState("callback failed") }
        })
        #expect(throws: SynapseError.self) {
            try model.fit(callbackX, callbackY, epochs: 1, batchSize: 2, verbose: 0, callbacks: [failing], strategy: strategy)
        }
        #expect(strategy.failures.count == 1)
        #expect(strategy.failures.first?.contains("callback failed") == true)
    }
}
