import Foundation
import Synapse
import Testing

/// Example charts, harder than the unit tests' (long runs, corners, many panels, branches): each
/// must be well-formed with every box and text inside the image. With `SYNAPSE_PLOT_GALLERY` set to
/// a folder they are also written there, to be looked at (`rsvg-convert -o chart.png chart.svg`).
@Suite struct PlotGallery {
    static var folder: String? { ProcessInfo.processInfo.environment["SYNAPSE_PLOT_GALLERY"] }

    static func save(_ svg: String, as name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let root = try HistoryPlotTests.parse(svg, sourceLocation: sourceLocation)
        let width = try #require(Double(root.attributes["width"] ?? ""), sourceLocation: sourceLocation)
        let height = try #require(Double(root.attributes["height"] ?? ""), sourceLocation: sourceLocation)
        for rect in root.elements("rect") where rect.attributes["width"] != "100%" {
            let value = { (key: String) in Double(rect.attributes[key] ?? "") ?? .nan }
            #expect(value("x") >= 0 && value("y") >= 0 && value("x") + value("width") <= width && value("y") + value("height") <= height,
                    "\(name): a box outside the image: \(rect.attributes)", sourceLocation: sourceLocation)
        }
        for text in root.elements("text") {
            let x = Double(text.attributes["x"] ?? "") ?? .nan, y = Double(text.attributes["y"] ?? "") ?? .nan
            #expect(x >= 0 && x <= width && y >= 0 && y <= height, "\(name): text outside the image: \(text.text)", sourceLocation: sourceLocation)
        }
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

extension PlotGallery {
    @Test func harderCharts() throws {
        // Best epoch first (top left of a log panel) and last (bottom right), three quantities, a set size.
        let epochs = 12
        let loss = (0..<epochs).map { Float(2e5) * pow(Float(0.1), Float($0)) }
        let valLoss = (0..<epochs).map { Float(0.5) + Float($0) * 0.1 }
        let mae = (0..<epochs).map { Float(3) - Float($0) * 0.2 }
        let history = try History(epochs: Array(0..<epochs), values: [
            "loss": loss, "val_loss": valLoss, "mae": mae, "val_mae": mae.map { $0 + 0.3 },
            "top_k_categorical_accuracy": (0..<epochs).map { 0.5 + Float($0) * 0.04 },
        ])
        try Self.save(try history.svg(title: "Corners", options: HistoryPlotOptions(width: 900, height: 620, bestEpoch: .monitor("loss"))), as: "history-corners.svg")
        try Self.save(try history.svg(title: "Corners, val", options: HistoryPlotOptions(width: 900, height: 620)), as: "history-corners-val.svg")

        // Four branches from one input, and a skip over three rows.
        let input = Input(shape: [32], name: "input_features_with_a_long_name")
        let branches = try (1...4).map { try Dense(8 * $0, activation: .relu, name: "branch_\($0)")(input) }
        let merged = try Concatenate(name: "merge")(branches)
        var h = try Dense(64, name: "deep_1")(merged)
        h = try Dense(64, name: "deep_2")(h)
        h = try Dense(64, name: "deep_3")(h)
        let skip = try Dense(64, name: "projection")(merged)
        let out = try Add(name: "sum")([h, skip])
        try Self.save(try Model(inputs: [input], outputs: [out], name: "branchy").modelDiagramSVG(), as: "diagram-branchy.svg")
    }
}

extension PlotGallery {
    @Test func smallCharts() throws {
        let history = try History(epochs: Array(0..<8), values: [
            "loss": [0.9, 0.7, 0.62, 0.58, 0.55, 0.53, 0.52, 0.515],
            "val_loss": [0.95, 0.75, 0.66, 0.61, 0.6, 0.605, 0.61, 0.62],
            "accuracy": [0.5, 0.6, 0.66, 0.7, 0.72, 0.74, 0.75, 0.76],
        ])
        try Self.save(try history.svg(title: "Narrow", options: HistoryPlotOptions(width: 240, height: 500, logScale: .always)), as: "history-narrow.svg")
    }
}
