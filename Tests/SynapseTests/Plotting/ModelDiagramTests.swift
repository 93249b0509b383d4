import Foundation
import Synapse
import Testing

/// `Model.modelDiagramSVG()` and `plotModel(to:)`: a box per input and layer call with its name,
/// type and output shape, an arrow per graph edge, rows by longest path from an input.
@Suite struct ModelDiagramTests {
    static func parse(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLNode {
        try HistoryPlotTests.parse(svg, sourceLocation: sourceLocation)
    }

    static func boxes(_ root: XMLNode) -> [XMLNode] { root.elements("g", where: "class", is: "node") }

    static func box(_ root: XMLNode, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLNode {
        try #require(boxes(root).first { $0.attributes["data-name"] == name }, sourceLocation: sourceLocation)
    }

    static func edges(_ root: XMLNode) -> [(from: String, to: String)] {
        root.elements("path", where: "class", is: "edge").map { ($0.attributes["data-from"] ?? "", $0.attributes["data-to"] ?? "") }
    }

    /// The rectangle of a box: (left, top, width, height).
    static func frame(_ box: XMLNode) throws -> (x: Double, y: Double, width: Double, height: Double) {
        let rect = try #require(box.elements("rect").first)
        let value = { (key: String) in Double(rect.attributes[key] ?? "") ?? .nan }
        return (value("x"), value("y"), value("width"), value("height"))
    }

    @Test func sequentialHasOneBoxPerLayerInOrder() throws {
        let model = Sequential(name: "mlp") {
            Input(784)
            Dense(64, activation: .relu)
            Dropout(0.2)
            Dense(10, activation: .softmax)
        }
        let root = try Self.parse(try model.modelDiagramSVG())
        let boxes = Self.boxes(root)
        #expect(boxes.map { $0.attributes["data-kind"] } == ["input", "layer", "layer", "layer"])
        let layers = boxes.filter { $0.attributes["data-kind"] == "layer" }
        #expect(layers.map { $0.elements("text", where: "class", is: "node-name").first?.text } == ["dense (Dense)", "dropout (Dropout)", "dense_1 (Dense)"])
        #expect(layers.map { $0.elements("text", where: "class", is: "node-shape").first?.text } == ["(None, 64)", "(None, 64)", "(None, 10)"])
        #expect(boxes[0].texts == ["input_layer (InputLayer)", "(None, 784)"])
        #expect(boxes.map { $0.attributes["data-rank"] } == ["0", "1", "2", "3"])
        #expect(boxes.map { $0.attributes["data-output"] } == [nil, nil, nil, "true"])
        let edges = Self.edges(root)
        #expect(edges.map(\.from) == ["input_layer", "dense", "dropout"] && edges.map(\.to) == ["dense", "dropout", "dense_1"])
        // A chain is one straight column, top to bottom, and its boxes do not overlap.
        let frames = try boxes.map(Self.frame)
        let centres = frames.map { $0.x + $0.width / 2 }
        #expect(centres.allSatisfy { abs($0 - centres[0]) < 0.02 }, "\(centres)")
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.y + $0.height < $1.y })
        #expect(root.texts.first == "Model: \"mlp\"")
    }

    @Test func residualModelHasAnArrowFromTheFirstDenseToTheAdd() throws {
        let input = Input(shape: [16], name: "features")
        let first = try Dense(32, activation: .relu, name: "stem")(input)
        let inner = try Dense(32, activation: .relu, name: "inner")(first)
        let sum = try Add(name: "add")([first, inner])
        let output = try Dense(1, name: "head")(sum)
        let root = try Self.parse(try Model(inputs: [input], outputs: [output], name: "residual").modelDiagramSVG())
        let edges = Self.edges(root)
        #expect(edges.count == 5)
        #expect(edges.contains { $0 == ("stem", "add") })
        #expect(edges.contains { $0 == ("inner", "add") })
        #expect(edges.contains { $0 == ("stem", "inner") })
        // Ranks are the longest paths from the input: the Add comes after `inner`.
        #expect(try Self.box(root, "add").attributes["data-rank"] == "3")
        #expect(try Self.box(root, "head").attributes["data-rank"] == "4")
        #expect(try Self.box(root, "add").texts == ["add (Add)", "(None, 32)"])
        // The skip arrow bends round `inner` instead of crossing it.
        let skip = try #require(root.elements("path", where: "class", is: "edge").first { $0.attributes["data-from"] == "stem" && $0.attributes["data-to"] == "add" })
        let innerFrame = try Self.frame(try Self.box(root, "inner"))
        let xs = (skip.attributes["d"] ?? "").split(whereSeparator: { !"0123456789.-".contains($0) }).compactMap { Double($0) }
            .enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        #expect(xs.contains { $0 > innerFrame.x + innerFrame.width }, "\(skip.attributes["d"] ?? "")")
        #expect(skip.attributes["marker-end"] == "url(#arrow)")
    }

    @Test func twoInputModelHasTwoInputBoxes() throws {
        let text = Input(shape: [20], name: "text")
        let image = Input(shape: [8, 8, 1], name: "image")
        let a = try Dense(16, name: "text_dense")(text)
        let b = try Flatten(name: "flatten")(image)
        let merged = try Concatenate(name: "concatenate")([a, b])
        let score = try Dense(1, activation: .sigmoid, name: "score")(merged)
        let kind = try Dense(3, activation: .softmax, name: "kind")(merged)
        let model = try Model(inputs: [text, image], outputs: [score, kind], name: "two_towers")
        let root = try Self.parse(try model.modelDiagramSVG())
        let inputs = Self.boxes(root).filter { $0.attributes["data-kind"] == "input" }
        #expect(inputs.map { $0.attributes["data-name"] } == ["text", "image"])
        #expect(inputs.map(\.texts) == [["text (InputLayer)", "(None, 20)"], ["image (InputLayer)", "(None, 8, 8, 1)"]])
        #expect(inputs.allSatisfy { $0.attributes["data-rank"] == "0" })
        #expect(try Self.box(root, "concatenate").texts == ["concatenate (Concatenate)", "(None, 80)"])
        #expect(Self.boxes(root).filter { $0.attributes["data-output"] == "true" }.map { $0.attributes["data-name"] } == ["score", "kind"])
        #expect(Set(Self.edges(root).filter { $0.to == "concatenate" }.map(\.from)) == ["text_dense", "flatten"])
        // The two outputs share a row without overlapping.
        let (s, k) = (try Self.frame(try Self.box(root, "score")), try Self.frame(try Self.box(root, "kind")))
        #expect(s.y == k.y && (s.x + s.width < k.x || k.x + k.width < s.x))
        // Every box lies inside the image.
        let width = try #require(Double(root.attributes["width"] ?? ""))
        for box in Self.boxes(root) {
            let frame = try Self.frame(box)
            #expect(frame.x >= 0 && frame.x + frame.width <= width)
        }
    }

    @Test func sharedLayerHasABoxPerCall() throws {
        let input = Input(shape: [4], name: "x")
        let shared = Dense(4, name: "shared")
        let once = try shared(input)
        let twice = try shared(once)
        let root = try Self.parse(try Model(inputs: [input], outputs: [twice]).modelDiagramSVG())
        let boxes = Self.boxes(root).filter { $0.attributes["data-name"] == "shared" }
        #expect(boxes.map { $0.elements("text", where: "class", is: "node-name").first?.text } == ["shared (Dense)", "shared (Dense), call 2"])
        #expect(boxes.map { $0.attributes["data-call"] } == [nil, "2"])
    }

    @Test func plotModelWritesTheDiagram() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-diagram-\(UInt64.random(in: 0 ... .max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = Sequential { Input(3); Dense(2) }
        try model.plotModel(to: folder + "/model.svg")
        #expect(try String(contentsOfFile: folder + "/model.svg", encoding: .utf8) == model.modelDiagramSVG())
        expectSynapseError(.fileError, mentioning: ["missing"]) { try model.plotModel(to: folder + "/missing/model.svg") }
        // Not built yet: the input shape is unknown.
        expectSynapseError(.invalidState, mentioning: ["not built"]) { _ = try Sequential { Dense(2) }.modelDiagramSVG() }
    }
}
