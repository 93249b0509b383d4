// The original framework's decaying SGD: the learning rate stays at 0.1 for 3 epochs, then shrinks
// by e^-0.3 at the start of every epoch.
import Foundation
import Synapse

/// Prints the learning rate used in each epoch.
final class RateLogger: Callback {
    func epochWillBegin(_ epoch: Int, training: TrainingContext) {
        print(String(format: "  learning rate for epoch %d: %.5f", epoch + 1, training.model.compiled!.optimizer.learningRate))
    }
}

do {
    let (train, test) = try MNIST.loadBundled().split()
    let model = Sequential(name: "decaying_sgd", seed: 0) {
        Input(784)
        Dense(128, activation: .relu)
        Dense(10, activation: .softmax)
    }
    let optimizer = DecaySGD(initialRate: 0.1, decayAfter: 3, decayRate: 0.3)
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: optimizer, metrics: [.accuracy])
    try model.fit(train.images, train.labels, epochs: 8, batchSize: 32, verbose: 2, callbacks: [RateLogger()])
    let scores = try model.evaluate(test.images, test.labels)
    print(String(format: "Test accuracy %.4f", scores["accuracy"]!))
} catch {
    print("error: \(error)")
    exit(1)
}
