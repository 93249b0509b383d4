import Foundation
import Synapse

/// Seconds per epoch, measured by every rank (each waits for the others in every step's all-reduce).
final class EpochClock: Callback {
    private(set) var seconds: [Double] = []
    private var start: UInt64 = 0
    func epochWillBegin(_ epoch: Int, training: TrainingContext) { start = DispatchTime.now().uptimeNanoseconds }
    func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}

/// The benchmark workload W2 of `shared/bench/WORKLOADS.md` (784-1024-1024-10, SGD momentum 0.9 at
/// 0.05, batch 256, 3 epochs on the first 8,000 bundled images), data-parallel when `strategy` is
/// given; rank 0 prints one JSON line: the seconds of each epoch and the median of epochs 2 and 3.
func benchmarkW2(strategy: (any DistributionStrategy)?, threads: Int) throws {
    let (train, test) = try MNIST.loadBundled().split()
    let model = Sequential(seed: 0) {
        Input(784)
        Dense(1024, activation: .relu)
        Dense(1024, activation: .relu)
        Dense(10, activation: .softmax)
    }
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD(learningRate: 0.05, momentum: 0.9),
                      metrics: [.accuracy])
    let clock = EpochClock()
    let history = try model.fit(train.images, train.labels, epochs: 3, batchSize: 256, verbose: 0, callbacks: [clock],
                                strategy: strategy)
    let accuracy = try model.evaluate(test.images, test.labels, batchSize: 256, strategy: strategy)["accuracy"] ?? .nan
    guard strategy?.isChief ?? true else { return }
    let steady = clock.seconds.dropFirst().sorted()
    let median = steady.isEmpty ? clock.seconds[0] : (steady[(steady.count - 1) / 2] + steady[steady.count / 2]) / 2
    let epochs = clock.seconds.map { String(format: "%.4f", $0) }.joined(separator: ", ")
    print(#"{"workload": "W2", "ranks": \#(strategy?.worldSize ?? 1), "threads": \#(threads), "epoch_s": [\#(epochs)], "#
        + #""median_epoch_s": \#(String(format: "%.4f", median)), "final_train_loss": \#(history["loss"]!.last!), "test_acc": \#(accuracy)}"#)
}
