import Foundation
import Synapse
import Testing

/// Writes example charts to the folder in `SYNAPSE_PLOT_GALLERY`, for people to look at; does
/// nothing (and asserts only that the charts can be made) when it is not set.
@Suite struct PlotGallery {
    static var folder: String? { ProcessInfo.processInfo.environment["SYNAPSE_PLOT_GALLERY"] }

    static func save(_ svg: String, as name: String) throws {
        guard let folder else { return }
        try svg.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    @Test func historyCharts() throws {
        let epochs = 40
        var loss: [Float] = [], valLoss: [Float] = [], accuracy: [Float] = [], valAccuracy: [Float] = []
        for epoch in 0..<epochs {
            let t = Float(epoch)
            loss.append(2.3 * exp(-t / 5) + 0.004)
            valLoss.append(2.4 * exp(-t / 5) + 0.03 + 0.0009 * max(0, t - 18) * max(0, t - 18) / 10)
            accuracy.append(1 - 0.9 * exp(-t / 6))
            valAccuracy.append(1 - 0.9 * exp(-t / 6) - 0.02 - 0.001 * max(0, t - 18))
        }
        let history = try History(epochs: Array(0..<epochs), values: [
            "loss": loss, "val_loss": valLoss, "accuracy": accuracy, "val_accuracy": valAccuracy,
        ])
        try Self.save(try history.svg(title: "MNIST 784-128-64-10, Adam", options: HistoryPlotOptions()), as: "history-log.svg")
        try Self.save(try history.svg(title: "Accuracy only", options: HistoryPlotOptions(
            keys: ["accuracy"], width: 640, height: 360, bestEpoch: .monitor("val_accuracy"))), as: "history-accuracy.svg")
        try Self.save(try history.svg(title: "Linear", options: HistoryPlotOptions(logScale: .never)), as: "history-linear.svg")
        let short = try History(epochs: [0, 1, 2], values: ["loss": [0.9, 0.6, 0.62], "val_loss": [0.95, 0.7, 0.71]])
        try Self.save(short.svg(title: "Three epochs"), as: "history-short.svg")
    }
}

extension PlotGallery {
    @Test func modelDiagrams() throws {
        let sequential = Sequential(name: "mnist_cnn") {
            Input(shape: [28, 28, 1])
            Conv2D(16, kernelSize: 3, activation: .relu)
            MaxPooling2D()
            Flatten()
            Dense(128, activation: .relu)
            Dropout(0.2)
            Dense(10, activation: .softmax)
        }
        try Self.save(try sequential.modelDiagramSVG(), as: "diagram-sequential.svg")

        let input = Input(shape: [784], name: "pixels")
        var h = try Dense(256, activation: .relu, name: "stem")(input)
        for block in 1...2 {
            let inner = try Dense(256, activation: .relu, name: "block\(block)_dense")(h)
            h = try Add(name: "block\(block)_add")([h, inner])
        }
        let output = try Dense(10, activation: .softmax, name: "digit")(h)
        try Self.save(try Model(inputs: [input], outputs: [output], name: "residual_mlp").modelDiagramSVG(), as: "diagram-residual.svg")

        let text = Input(shape: [20], name: "text")
        let image = Input(shape: [8, 8, 1], name: "image")
        let a = try Dense(16, name: "text_dense")(text)
        let b = try Flatten(name: "flatten")(image)
        let c = try Dense(16, name: "image_dense")(b)
        let merged = try Concatenate(name: "concatenate")([a, c])
        let score = try Dense(1, activation: .sigmoid, name: "score")(merged)
        let kind = try Dense(3, activation: .softmax, name: "kind")(merged)
        try Self.save(try Model(inputs: [text, image], outputs: [score, kind], name: "two_towers").modelDiagramSVG(), as: "diagram-two-inputs.svg")
    }
}
