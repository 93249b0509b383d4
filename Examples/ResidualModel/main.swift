// A residual network in the functional API: layers are called on symbolic tensors, and a block's
// input is added to its output (h = h + Dense(h)). The model trains on the bundled MNIST digits,
// is saved to one file, loaded back without code, and predicts exactly the same.
import Foundation
import Synapse

do {
    let (train, test) = try MNIST.loadBundled().split()
    setRandomSeed(0)                                 // the same initial weights on every run

    let input = Input(shape: [784], name: "pixels")
    var h = try Dense(256, activation: .relu, name: "stem")(input)
    for block in 1...2 {
        let inner = try Dense(256, activation: .relu, name: "block\(block)_dense")(h)
        h = try Add(name: "block\(block)_add")([h, inner])
    }
    let output = try Dense(10, activation: .softmax, name: "digit")(h)
    let model = try Model(inputs: [input], outputs: [output], name: "residual_mlp")
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
    model.summary()
    let diagram = FileManager.default.temporaryDirectory.appendingPathComponent("residual_mlp.svg").path
    try model.plotModel(to: diagram)                 // the graph as boxes and arrows, as Keras's plot_model
    print("Model diagram written to \(diagram)")

    try model.fit(train.images, train.labels, epochs: 3, batchSize: 32, validationSplit: 0.1, verbose: 2)
    let scores = try model.evaluate(test.images, test.labels)
    print(String(format: "Test accuracy %.4f, loss %.4f", scores["accuracy"]!, scores["loss"]!))

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("residual_mlp.safetensors").path
    try model.save(to: path)
    let restored = try Model.load(from: path)
    let same = try restored.predict(test.images) == model.predict(test.images)
    print("Saved to \(path); the loaded model predicts \(same ? "exactly the same values" : "DIFFERENT values") on \(test.count) test images")
    if !same { exit(1) }
} catch {
    print("error: \(error)")
    exit(1)
}
