// The Synapse demo: a 784-128-64-10 network learns handwritten digits from the bundled MNIST
// images (the first 8,000 for training, the last 2,000 for testing), with Keras's progress bar,
// then saves the trained model (mnist-mlp.safetensors), its training curves (training.svg) and the
// gradient-flow view of its layers (gradient-flow.svg and .json).
//
//   swift run -c release synapse-demo [--epochs N] [--output DIR]
import Foundation
import Synapse

func runDemo() throws {
    var epochs = 15
    var outputDirectory = FileManager.default.currentDirectoryPath
    var arguments = CommandLine.arguments.dropFirst()
    while let flag = arguments.popFirst() {
        guard let value = arguments.popFirst() else { throw SynapseError.invalidArgument("missing value after \(flag)") }
        switch flag {
        case "--epochs":
            guard let n = Int(value), n >= 1 else { throw SynapseError.invalidArgument("--epochs expects a positive integer, found \(value)") }
            epochs = n
        case "--output": outputDirectory = value
        default: throw SynapseError.invalidArgument("unknown option \(flag) (expected --epochs or --output)")
        }
    }
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: outputDirectory, isDirectory: &isDirectory) {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
    } else if !isDirectory.boolValue {
        throw SynapseError.invalidArgument("--output \(outputDirectory) is a file, expected a folder")
    }

    let mnist = try MNIST.loadBundled()
    let (train, test) = try mnist.split()
    print("MNIST: \(train.count) training and \(test.count) test images, 28×28 pixels scaled to [0, 1]")

    let model = Sequential(name: "mnist_mlp", seed: 0) {
        Input(784)
        Dense(128, activation: .relu)
        Dense(64, activation: .relu)
        Dense(10, activation: .softmax)
    }
    try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: Adam(learningRate: 1e-3), metrics: [.accuracy])
    model.summary()
    let folder = URL(fileURLWithPath: outputDirectory, isDirectory: true)
    let flowPath = folder.appendingPathComponent("gradient-flow.svg").path
    let gradientFlow = try GradientFlow(every: 25, jsonPath: folder.appendingPathComponent("gradient-flow.json").path,
                                        svgPath: flowPath)
    // The progress bar ends with the total training time.
    let history = try model.fit(train.images, train.labels, epochs: epochs, batchSize: 32, validationSplit: 0.1,
                                callbacks: [gradientFlow])
    let scores = try model.evaluate(test.images, test.labels)
    print(String(format: "Final training loss %.4f", history["loss"]!.last!))
    print(String(format: "Test accuracy: %.4f (loss %.4f) on %d held-out images", scores["accuracy"]!, scores["loss"]!, test.count))

    let modelPath = folder.appendingPathComponent("mnist-mlp.safetensors").path
    let plotPath = folder.appendingPathComponent("training.svg").path
    try model.save(to: modelPath)
    try history.plot(to: plotPath, title: "MNIST 784-128-64-10, Adam")
    print("Saved the model to \(modelPath)")
    print("Saved the training curves to \(plotPath)")
    print("Saved the gradient-flow view to \(flowPath)")
}

do {
    try runDemo()
} catch {
    FileHandle.standardError.write(Data("synapse-demo: \(error)\n".utf8))
    exit(1)
}
