// A small convolutional network on the bundled MNIST digits: convolutions, batch normalization,
// pooling and dropout in a Sequential model. It trains on the first 8,000 images, is tested on the
// last 2,000, saved to one file (the batch normalization's moving statistics included), loaded back
// without code, and predicts exactly the same.
import Foundation
import Synapse

do {
    let (train, test) = try MNIST.loadBundled(flatten: false).split()
    // Channels last, as in Keras: [images, rows, columns, channels].
    let trainImages = try train.images.reshaped([-1, 28, 28, 1])
    let testImages = try test.images.reshaped([-1, 28, 28, 1])

    let model = Sequential(name: "convnet", seed: 0) {
        Input(shape: [28, 28, 1])
        Conv2D(32, kernelSize: 3, activation: .relu)
        BatchNormalization()
        Conv2D(32, kernelSize: 3, activation: .relu)
        MaxPooling2D(poolSize: 2)
        Conv2D(64, kernelSize: 3, activation: .relu)
        BatchNormalization()
        MaxPooling2D(poolSize: 2)
        Flatten()
        Dropout(0.3)
        Dense(128, activation: .relu)
        Dense(10, activation: .softmax)
    }
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
    model.summary()

    try model.fit(trainImages, train.labels, epochs: 8, batchSize: 64, validationSplit: 0.1, verbose: 2)
    let scores = try model.evaluate(testImages, test.labels)
    print(String(format: "Test accuracy %.4f, loss %.4f", scores["accuracy"]!, scores["loss"]!))

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("convnet.safetensors").path
    try model.save(to: path)
    let restored = try Model.load(from: path)
    let same = try restored.predict(testImages) == model.predict(testImages)
    print("Saved to \(path); the loaded model predicts \(same ? "exactly the same values" : "DIFFERENT values") on \(test.count) test images")
    if !same || scores["accuracy"]! < 0.98 { exit(1) }
} catch {
    print("error: \(error)")
    exit(1)
}
