// Two sequence models. An LSTM reads the bundled MNIST digits row by row (28 steps of 28 pixels),
// trained on the first 8,000 images and tested on the last 2,000. Then variable-length sequences of
// integer tokens, zero-padded: an Embedding with maskZero feeds a Bidirectional GRU that learns
// whether a sequence is longer than 10 tokens — an answer only the mask (the padding skipped) gives.
// Both models are saved, loaded back without code, and must predict exactly the same.
import Foundation
import Synapse

/// Saves `model`, loads it back and says whether the loaded one predicts exactly what `model` does.
func predictsTheSameAfterLoading(_ model: Model, on x: Tensor, file: String) throws -> Bool {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(file).path
    try model.save(to: path)
    let restored = try Model.load(from: path)
    let same = try restored.predict(x) == model.predict(x)
    print("Saved to \(path); the loaded model predicts \(same ? "exactly the same values" : "DIFFERENT values")")
    return same
}

/// An LSTM reading each image as 28 time steps of 28 features. Returns the test accuracy.
func mnistRowByRow() throws -> (accuracy: Float, reloads: Bool) {
    let (train, test) = try MNIST.loadBundled(flatten: false).split()
    let model = Sequential(name: "rows", seed: 0) {
        Input(shape: [28, 28])
        LSTM(128)
        Dense(10, activation: .softmax)
    }
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
    model.summary()
    try model.fit(train.images, train.labels, epochs: 12, batchSize: 64, validationSplit: 0.1, verbose: 2)
    let scores = try model.evaluate(test.images, test.labels)
    print(String(format: "MNIST row by row: test accuracy %.4f, loss %.4f", scores["accuracy"]!, scores["loss"]!))
    return (scores["accuracy"]!, try predictsTheSameAfterLoading(model, on: test.images, file: "rows.safetensors"))
}

/// `count` sequences of 1…`steps` tokens in 1…9, zero-padded to `steps`; the label is 1 when the
/// sequence has more than `steps / 2` tokens.
func paddedSequences(count: Int, steps: Int, seed: UInt64) throws -> (x: Tensor, y: Tensor) {
    var generator = RandomGenerator(seed: seed)
    var tokens = [Float](repeating: 0, count: count * steps), labels: [Float] = []
    for row in 0..<count {
        let length = 1 + generator.nextInt(below: steps)
        for step in 0..<length { tokens[row * steps + step] = Float(1 + generator.nextInt(below: 9)) }
        labels.append(length > steps / 2 ? 1 : 0)
    }
    return (try Tensor(shape: [count, steps], scalars: tokens), try Tensor(shape: [count, 1], scalars: labels))
}

/// Embedding(maskZero) → Bidirectional(GRU) on padded token sequences. Returns the test accuracy.
func maskedLength() throws -> (accuracy: Float, reloads: Bool) {
    let steps = 20
    let (x, y) = try paddedSequences(count: 3_000, steps: steps, seed: 1)
    let (testX, testY) = try paddedSequences(count: 1_000, steps: steps, seed: 2)
    let model = Sequential(name: "lengths", seed: 0) {
        Input(shape: [steps])
        Embedding(inputDim: 10, outputDim: 8, maskZero: true)   // index 0 is padding: masked
        Bidirectional(GRU(16))                                   // both directions skip the padding
        Dense(1, activation: .sigmoid)
    }
    try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
    model.summary()
    try model.fit(x, y, epochs: 10, batchSize: 32, validationSplit: 0.1, verbose: 2)
    let scores = try model.evaluate(testX, testY)
    print(String(format: "Longer than %d tokens: test accuracy %.4f, loss %.4f", steps / 2, scores["accuracy"]!, scores["loss"]!))
    return (scores["accuracy"]!, try predictsTheSameAfterLoading(model, on: testX, file: "lengths.safetensors"))
}

do {
    let rows = try mnistRowByRow()
    let lengths = try maskedLength()
    if rows.accuracy < 0.95 || lengths.accuracy < 0.95 || !rows.reloads || !lengths.reloads { exit(1) }
} catch {
    print("error: \(error)")
    exit(1)
}
