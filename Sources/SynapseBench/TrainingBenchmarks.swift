import Foundation
import Synapse
#if canImport(Glibc)
import Glibc
#endif

/// The training workloads of `shared/bench/WORKLOADS.md`, run through the public API a user would
/// call (`Sequential`, `compile`, `fit`, `evaluate`, `predict`), printing the peers' JSON fields.
struct TrainingBenchmarks {
    let workload: String
    let threads: Int

    /// The MLP workloads' settings.
    private struct MLPSpec {
        let hidden: [Int]
        /// A model other than the plain 784-hidden-10 chain (W7, W7-chain, W1-custom).
        var makeModel: (() throws -> Model)? = nil
        /// The shape one image is given (W3's `[28, 28, 1]`); flat 784 values when `nil`.
        var imageShape: [Int]? = nil
        let optimizer: () -> any Optimizer
        let batch: Int
        let epochs: Int
        let description: [String: Any]
    }

    private var spec: MLPSpec? {
        switch workload {
        case "W1", "W5":
            return MLPSpec(hidden: [128, 64], optimizer: { Adam(learningRate: 1e-3, epsilon: 1e-7) }, batch: 32, epochs: 5,
                           description: ["kind": "mlp", "hidden": [128, 64], "opt": "adam", "lr": 1e-3, "batch": 32, "epochs": 5])
        case "W7", "W7-chain":
            let skip = workload == "W7"
            return MLPSpec(hidden: [256, 256, 256], makeModel: { try TrainingBenchmarks.residualModel(skip: skip) },
                           optimizer: { Adam(learningRate: 1e-3, epsilon: 1e-7) }, batch: 32, epochs: 5,
                           description: ["kind": "resmlp", "width": 256, "blocks": 2, "skip": skip, "opt": "adam", "lr": 1e-3, "batch": 32, "epochs": 5])
        case "W1-custom":
            return MLPSpec(hidden: [128, 64], makeModel: {
                Sequential(seed: 0) {
                    Input(784)
                    Dense(128, activation: .relu)
                    BenchmarkScale()
                    Dense(64, activation: .relu)
                    Dense(10, activation: .softmax)
                }
            }, optimizer: { Adam(learningRate: 1e-3, epsilon: 1e-7) }, batch: 32, epochs: 5,
               description: ["kind": "mlp", "hidden": [128, 64], "custom_layer": "scale after the first Dense, through the tape", "opt": "adam", "lr": 1e-3, "batch": 32, "epochs": 5])
        case "W3":
            return MLPSpec(hidden: [], makeModel: {
                Sequential(seed: 0) {
                    Input(shape: [28, 28, 1])
                    Conv2D(32, kernelSize: 3, activation: .relu)
                    MaxPooling2D(poolSize: 2)
                    Conv2D(64, kernelSize: 3, activation: .relu)
                    MaxPooling2D(poolSize: 2)
                    Flatten()
                    Dense(128, activation: .relu)
                    Dense(10, activation: .softmax)
                }
            }, imageShape: [28, 28, 1], optimizer: { Adam(learningRate: 1e-3, epsilon: 1e-7) }, batch: 64, epochs: 2,
               description: ["kind": "cnn", "conv": [32, 64], "kernel": 3, "pool": 2, "dense": 128, "opt": "adam", "lr": 1e-3, "batch": 64, "epochs": 2])
        case "W4", "W4b":
            // The 28 rows of each image as a sequence of 28 steps of 28 features; W4b: GRU(128), resetAfter.
            let lstm = workload == "W4"
            var description: [String: Any] = ["kind": "rnn", "cell": lstm ? "lstm" : "gru", "units": 128, "steps": 28, "features": 28,
                                              "opt": "adam", "lr": 1e-3, "batch": 64, "epochs": 2]
            if !lstm { description["reset_after"] = true }
            return MLPSpec(hidden: [], makeModel: {
                Sequential(seed: 0) {
                    Input(shape: [28, 28])
                    if lstm { LSTM(128) } else { GRU(128) }
                    Dense(10, activation: .softmax)
                }
            }, imageShape: [28, 28], optimizer: { Adam(learningRate: 1e-3, epsilon: 1e-7) }, batch: 64, epochs: 2,
               description: description)
        case "W1-sgd":
            return MLPSpec(hidden: [128, 64], optimizer: { SGD(learningRate: 0.1) }, batch: 32, epochs: 5,
                           description: ["kind": "mlp", "hidden": [128, 64], "opt": "sgd", "lr": 0.1, "batch": 32, "epochs": 5])
        case "W2":
            return MLPSpec(hidden: [1024, 1024], optimizer: { SGD(learningRate: 0.05, momentum: 0.9) }, batch: 256, epochs: 3,
                           description: ["kind": "mlp", "hidden": [1024, 1024], "opt": "momentum", "lr": 0.05, "momentum": 0.9, "batch": 256, "epochs": 3])
        default:
            return nil
        }
    }

    func run() throws {
        if workload == "W6" { return try xor() }
        guard let spec else { throw SynapseError.invalidArgument("unknown workload \(workload)") }
        let (train, test) = try MNIST.loadBundled().split()
        let trainImages = try spec.imageShape.map { try train.images.reshaped([-1] + $0) } ?? train.images
        let testImages = try spec.imageShape.map { try test.images.reshaped([-1] + $0) } ?? test.images
        let model = try spec.makeModel?() ?? Sequential(seed: 0) {
            Input(784)
            for units in spec.hidden { Dense(units, activation: .relu) }
            Dense(10, activation: .softmax)
        }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: spec.optimizer(), metrics: [.accuracy])
        let timer = EpochTimer()
        let history = try model.fit(trainImages, train.labels, epochs: spec.epochs, batchSize: spec.batch,
                                    verbose: 0, callbacks: [timer])
        var fields = common(spec.description)
        let steady = Array(timer.seconds.dropFirst())
        fields["epoch_s"] = timer.seconds.map { round5($0) }
        fields["first_epoch_s"] = round5(timer.seconds[0])
        fields["median_epoch_s"] = round5(Timing.percentile(steady.isEmpty ? timer.seconds : steady, 0.5))
        fields["total_train_s"] = round5(timer.seconds.reduce(0, +))
        let steps = (train.count + spec.batch - 1) / spec.batch
        fields["median_step_ms"] = round5(Timing.percentile(steady.isEmpty ? timer.seconds : steady, 0.5) / Double(steps) * 1000)
        fields["final_train_loss"] = Double(history["loss"]!.last!)
        fields["test_acc"] = Double(try model.evaluate(testImages, test.labels)["accuracy"]!)
        if workload == "W5" { try predictionFigures(model, testImages, into: &fields) }
        fields["peak_rss_mb"] = peakResidentMegabytes()
        printJSON(fields)
    }

    /// W7: Input(784) → Dense(256, relu) → twice h = h + Dense(256, relu)(h) → Dense(10, softmax), in the
    /// functional API; W7-chain: the same layers without the additions.
    static func residualModel(skip: Bool) throws -> Model {
        setRandomSeed(0)
        let input = Input(shape: [784])
        var h = try Dense(256, activation: .relu)(input)
        for _ in 0..<2 {
            let inner = try Dense(256, activation: .relu)(h)
            h = skip ? try Add()([h, inner]) : inner
        }
        let output = try Dense(10, activation: .softmax)(h)
        return try Model(inputs: [input], outputs: [output])
    }

    /// W5: latency of predicting one sample, and one call on all test samples.
    private func predictionFigures(_ model: Model, _ images: Tensor, into fields: inout [String: Any]) throws {
        let one = try images.rows(0..<1)
        for _ in 0..<20 { _ = try model.predict(one) }
        var samples: [Double] = []
        for _ in 0..<1000 { samples.append(try Timing.seconds { _ = try model.predict(one) }) }
        fields["latency_1"] = ["predict": latencyStats(samples)]
        let all = try Timing.median(repeats: 20, warmup: 3) { _ = try model.predict(images) }
        fields["throughput_2000"] = ["predict": ["samples_per_s": round(Double(images.shape[0]) / all * 10) / 10,
                                                 "median_s": round(all * 1e6) / 1e6]]
    }

    /// W6: XOR, 2-16-16-1, full batch of 4, 2,000 steps of SGD 0.1.
    private func xor() throws {
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor([[0], [1], [1], [0]])
        let model = Sequential(seed: 0) {
            Input(2)
            Dense(16, activation: .relu)
            Dense(16, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1))
        let first = try Timing.seconds { try model.fit(x, y, epochs: 1, batchSize: 4, verbose: 0) }
        var history = History()
        let rest = try Timing.seconds {
            history = try model.fit(x, y, epochs: 2000, batchSize: 4, initialEpoch: 1, verbose: 0)
        }
        let predictions = try model.predict(x)
        let correct = zip(predictions.scalars, y.scalars).filter { ($0 > 0.5) == ($1 > 0.5) }.count
        var fields = common(["kind": "xor", "hidden": [16, 16], "opt": "sgd", "lr": 0.1, "batch": 4, "epochs": 2000])
        fields["method"] = "model.fit(x, y, batchSize: 4, epochs: 2000, verbose: 0), one call after one warm-up epoch"
        fields["total_s"] = round5(first + rest)
        fields["first_step_s"] = round5(first)
        fields["steady_step_us"] = round(rest / 1999 * 1e7) / 10
        fields["final_loss"] = Double(history["loss"]!.last!)
        fields["xor_acc"] = Double(correct) / 4
        fields["peak_rss_mb"] = peakResidentMegabytes()
        printJSON(fields)
    }

    private func common(_ spec: [String: Any]) -> [String: Any] {
        ["framework": "synapse", "workload": workload, "threads": threads, "variant": "release", "spec": spec]
    }
}

/// Records the wall time of every epoch.
final class EpochTimer: Callback {
    private(set) var seconds: [Double] = []
    private var start: UInt64 = 0
    func epochWillBegin(_ epoch: Int, training: TrainingContext) { start = DispatchTime.now().uptimeNanoseconds }
    func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}

func round5(_ x: Double) -> Double { (x * 1e5).rounded() / 1e5 }

/// The peers' latency statistics, in microseconds.
func latencyStats(_ seconds: [Double]) -> [String: Any] {
    let us = seconds.map { $0 * 1e6 }
    return ["median_us": round(Timing.percentile(us, 0.5) * 100) / 100, "p10_us": round(Timing.percentile(us, 0.1) * 100) / 100,
            "p90_us": round(Timing.percentile(us, 0.9) * 100) / 100, "min_us": round((us.min() ?? 0) * 100) / 100, "n": us.count]
}

/// The whole process's peak resident memory in MB (`getrusage`; KiB on Linux, bytes on macOS).
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #if os(Linux)
    return round(Double(usage.ru_maxrss) / 1024 * 10) / 10
    #else
    return round(Double(usage.ru_maxrss) / 1_048_576 * 10) / 10
    #endif
}

/// A layer with no kernels of its own (it runs through the tape): `x ⊙ scale`, one trainable scale
/// per feature, starting at 1 — the custom layer of W1-custom.
final class BenchmarkScale: Layer {
    var name = ""
    var typeName: String { "BenchmarkScale" }
    private var scale: Parameter?
    var parameters: [Parameter] { scale.map { [$0] } ?? [] }
    var configuration: [String: JSONValue] { [:] }
    init() {}
    init(configuration: Configuration, name: String) throws { self.name = name }

    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        scale = try makeParameter("scale", shape: [inputShape.last ?? 1], initializer: .ones, generator: &generator)
        return inputShape
    }

    func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try input * scale!.value
    }
}
