// Binary classification: is this MNIST digit a 3? One sigmoid output, binary cross-entropy.
import Foundation
import Synapse

do {
    let (train, test) = try MNIST.loadBundled().split()
    // Labels become 1 for the digit 3 and 0 for every other digit.
    let isThree = { (labels: Tensor) in labels .== 3 }
    let model = Sequential(name: "three_or_not", seed: 0) {
        Input(784)
        Dense(128, activation: .sigmoid)
        Dense(64, activation: .relu)
        Dense(1, activation: .sigmoid)
    }
    try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
    try model.fit(train.images, isThree(train.labels), epochs: 5, batchSize: 32, validationSplit: 0.1)
    let scores = try model.evaluate(test.images, isThree(test.labels))
    let share = isThree(test.labels).mean().scalars[0]
    print(String(format: "Test accuracy %.4f (a model always answering 'not 3' would score %.4f)", scores["accuracy"]!, 1 - share))
} catch {
    print("error: \(error)")
    exit(1)
}
