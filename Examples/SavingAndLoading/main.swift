// Saving and loading: train a model, save it to one safetensors file, load it back, check it
// predicts exactly the same, and resume training from where it stopped.
import Foundation
import Synapse

do {
    let (train, test) = try MNIST.loadBundled().split()
    let model = Sequential(name: "digits", seed: 0) {
        Input(784)
        Dense(64, activation: .relu)
        Dense(10, activation: .softmax)
    }
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
    try model.fit(train.images, train.labels, epochs: 2, verbose: 2)

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("digits.safetensors").path
    try model.save(to: path)
    print("Saved to \(path)")

    let restored = try Sequential.load(from: path)
    restored.summary()
    let same = try restored.predict(test.images) == model.predict(test.images)
    print("The loaded model predicts \(same ? "exactly the same values" : "DIFFERENT values") on \(test.count) test images")

    // The file also holds the optimizer's state and the epoch reached, so training resumes exactly.
    try restored.fit(train.images, train.labels, epochs: 4, initialEpoch: restored.epochsTrained, verbose: 2)
    let scores = try restored.evaluate(test.images, test.labels)
    print(String(format: "After 4 epochs in all: test accuracy %.4f", scores["accuracy"]!))
} catch {
    print("error: \(error)")
    exit(1)
}
