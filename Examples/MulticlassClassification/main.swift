// Multiclass classification with one-hot labels and categorical cross-entropy.
import Foundation
import Synapse

do {
    let (train, test) = try MNIST.loadBundled().split()
    let trainLabels = try oneHot(labels: train.labels, classCount: 10)
    let testLabels = try oneHot(labels: test.labels, classCount: 10)
    let model = Sequential(name: "digits", seed: 0) {
        Input(784)
        Dense(128, activation: .relu)
        Dense(64, activation: .relu)
        Dense(10, activation: .softmax)
    }
    try model.compile(loss: .categoricalCrossEntropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
    try model.fit(train.images, trainLabels, epochs: 10, batchSize: 32, validationSplit: 0.1)
    let scores = try model.evaluate(test.images, testLabels)
    print(String(format: "Test accuracy %.4f, loss %.4f", scores["accuracy"]!, scores["loss"]!))
    let firstFive = try model.predict(try test.images.rows(0..<5)).argmax(alongAxis: -1)
    print("First five test images: predicted \(firstFive), actual \(test.labels.scalars[0..<5].map { Int($0) })")
} catch {
    print("error: \(error)")
    exit(1)
}
