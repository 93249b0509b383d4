// Data-parallel training over Open MPI: every rank loads the same MNIST digits and builds the same
// small MLP; `fit(…, strategy: MPIDataParallel())` gives each rank its slice of every global batch and
// averages the gradients, so two ranks train exactly as one process with the same global batch.
//
//   mpirun --oversubscribe -np 2 .build/release/synapse-distributed-example
//   .build/release/synapse-distributed-example --single      (the same training in one process)
//
// Options: --rows N (training images, 2000), --epochs E (3), --batch-size B (64, global), --hidden H
// (32), --validation-split F (0.1), --verbose V (2), --output PATH (rank 0 writes the history, the
// evaluation and the final weights there as JSON, rank r to PATH.rank<r>), --timeout S (60), and for the tests --die-at-batch N
// (rank 1 kills itself at batch N of the first epoch), --stall-at-batch N (rank 1 hangs there, so that
// the other rank's collective call times out), --throw-at-batch N (a callback on rank 1 throws there)
// and --mismatch (rank 1 builds a wider model).
// --threads N sets each process's kernel and BLAS threads (1). --w2 runs the benchmark workload W2
// (784-1024-1024-10, SGD momentum 0.9 lr 0.05, global batch 256, 3 epochs on 8,000 images) and rank 0
// prints one JSON line with the seconds of every epoch.
import Foundation
import Synapse
import SynapseDistributed

/// The command-line options.
struct Options {
    var rows = 2_000
    var epochs = 3
    var batchSize = 64
    var hidden = 32
    var validationSplit: Float = 0.1
    var verbose = 2
    var output: String?
    var timeout = 60.0
    var single = false
    var dieAtBatch: Int?
    var stallAtBatch: Int?
    var throwAtBatch: Int?
    var mismatch = false
    var threads = 1
    var w2 = false

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw SynapseError.invalidArgument("\(name) needs a value") }
            return next
        }
        func number<T: LosslessStringConvertible>(_ name: String) throws -> T {
            let text = try value(name)
            guard let number = T(text) else { throw SynapseError.invalidArgument("\(name): expected a number, found \"\(text)\"") }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--rows": rows = try number(argument)
            case "--epochs": epochs = try number(argument)
            case "--batch-size": batchSize = try number(argument)
            case "--hidden": hidden = try number(argument)
            case "--validation-split": validationSplit = try number(argument)
            case "--verbose": verbose = try number(argument)
            case "--output": output = try value(argument)
            case "--timeout": timeout = try number(argument)
            case "--die-at-batch": dieAtBatch = try number(argument)
            case "--stall-at-batch": stallAtBatch = try number(argument)
            case "--throw-at-batch": throwAtBatch = try number(argument)
            case "--single": single = true
            case "--mismatch": mismatch = true
            case "--threads": threads = try number(argument)
            case "--w2": w2 = true
            default: throw SynapseError.invalidArgument("unknown option \"\(argument)\"")
            }
        }
    }
}

/// What rank 0 writes with --output.
struct Report: Codable {
    var ranks: Int
    var history: [String: [Float]]
    var evaluation: [String: Float]
    var weights: [[Float]]
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let strategy: (any DistributionStrategy)? = options.single ? nil : try MPIDataParallel(timeout: options.timeout)
    let rank = strategy?.rank ?? 0
    Parallel.setThreadCount(options.threads)
    if options.w2 {
        try benchmarkW2(strategy: strategy, threads: options.threads)
        exit(0)
    }

    let (train, test) = try MNIST.loadBundled().split()
    let images = try train.images.rows(0..<min(options.rows, train.count))
    let labels = try train.labels.rows(0..<images.shape[0])
    let testImages = try test.images.rows(0..<min(1_000, test.count))
    let testLabels = try test.labels.rows(0..<testImages.shape[0])

    let hidden = options.mismatch && rank == 1 ? options.hidden + 1 : options.hidden
    let model = Sequential(name: "mlp", seed: 7) {
        Input(shape: [784])
        Dense(hidden, activation: .relu)
        Dense(10, activation: .softmax)
    }
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])

    var callbacks: [any Callback] = []
    if rank == 1, options.dieAtBatch != nil || options.stallAtBatch != nil || options.throwAtBatch != nil {
        callbacks.append(LambdaCallback(onBatchBegin: { batch in
            if batch == options.dieAtBatch { raise(SIGKILL) }
            if batch == options.stallAtBatch { sleep(600) }
            if batch == options.throwAtBatch { throw SynapseError.invalidState("rank 1 was told to fail at batch \(batch)") }
        }))
    }
    let history = try model.fit(images, labels, epochs: options.epochs, batchSize: options.batchSize,
                                validationSplit: options.validationSplit, verbose: options.verbose,
                                callbacks: callbacks, strategy: strategy)
    let evaluation = try model.evaluate(testImages, testLabels, batchSize: 100, strategy: strategy)
    if rank == 0 { print("ranks: \(strategy?.worldSize ?? 1); test \(evaluation)") }
    if let output = options.output {
        // Rank 0 writes PATH, the others PATH.rank<r>, so that the ranks' results can be compared.
        let report = Report(ranks: strategy?.worldSize ?? 1, history: history.values, evaluation: evaluation.dictionary,
                            weights: model.getWeights().map(\.scalars))
        try JSONEncoder().encode(report).write(to: URL(fileURLWithPath: rank == 0 ? output : "\(output).rank\(rank)"))
    }
} catch {
    FileHandle.standardError.write(Data("synapse-distributed-example: \(error)\n".utf8))
    exit(1)
}
