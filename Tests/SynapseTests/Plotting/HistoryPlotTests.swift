import Foundation
import Synapse
import Testing

/// `History.svg(title:)` and `plot(to:title:)`: well-formed SVG with one path per series, titles,
/// legend, axes and ticks; single epochs and non-finite values still give valid documents.
@Suite struct HistoryPlotTests {
    static func training() throws -> History {
        try History(epochs: [0, 1, 2, 3, 4], values: [
            "loss": [0.52, 0.35, 0.29, 0.25, 0.21],
            "val_loss": [0.45, 0.36, 0.33, 0.32, 0.33],
            "accuracy": [0.84, 0.90, 0.915, 0.93, 0.94],
            "val_accuracy": [0.87, 0.895, 0.905, 0.91, 0.905],
        ])
    }

    /// Parses `svg`, recording an issue if it is not well-formed XML.
    static func parse(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLNode {
        let (root, error) = XMLNode.parse(svg)
        return try #require(root, "not well-formed: \(error ?? "")\n\(svg)", sourceLocation: sourceLocation)
    }

    /// Expects no `nan`/`inf` in any attribute value and returns the series paths.
    static func seriesPaths(in root: XMLNode, sourceLocation: SourceLocation = #_sourceLocation) -> [XMLNode] {
        for node in root.all {
            for (name, value) in node.attributes {
                #expect(!value.lowercased().contains("nan") && !value.lowercased().contains("inf"),
                        "\(node.name) \(name)=\"\(value)\"", sourceLocation: sourceLocation)
            }
        }
        return root.elements("path", where: "class", is: "series")
    }

    @Test func onePathPerSeriesWithTitleAndLegend() throws {
        let root = try Self.parse(try Self.training().svg(title: "MNIST 784-128-64-10"))
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        let paths = Self.seriesPaths(in: root)
        #expect(paths.count == 4)
        #expect(root.elements("path").count == 4, "no other paths")
        #expect(Set(paths.compactMap { $0.attributes["data-key"] }) == ["loss", "val_loss", "accuracy", "val_accuracy"])
        #expect(root.texts.contains("MNIST 784-128-64-10"))
        #expect(root.elements("title").first?.text == "MNIST 784-128-64-10")
        let legend = try #require(root.elements("g", where: "class", is: "legend").first)
        #expect(legend.texts == ["training", "validation"])
        #expect(legend.elements("line").count == 2)
    }

    @Test func oneLabelledPanelPerQuantityLossFirst() throws {
        let root = try Self.parse(try Self.training().svg())
        let panels = root.elements("g", where: "class", is: "panel")
        #expect(panels.map { $0.attributes["data-quantity"] } == ["loss", "accuracy"])
        for (panel, quantity) in zip(panels, ["loss", "accuracy"]) {
            let keys = panel.elements("path", where: "class", is: "series").compactMap { $0.attributes["data-key"] }
            #expect(keys == [quantity, "val_" + quantity])
            #expect(panel.elements("text", where: "class", is: "axis-label").map(\.text) == ["Epoch", quantity])
            #expect(panel.elements("text", where: "class", is: "panel-title").first?.text == quantity.capitalized)
        }
        #expect(root.texts.contains("Training history"), "the default title")
    }

    @Test func ticksAreRoundAndLabelled() throws {
        let root = try Self.parse(try Self.training().svg())
        let panels = root.elements("g", where: "class", is: "panel")
        let lossLabels = try #require(panels.first?.elements("g", where: "class", is: "tick-labels").first).texts
        // Epochs 1…5 in steps of 1; losses 0.21…0.52 span 0.31 → steps of 0.1 from 0.2 to 0.6.
        #expect(lossLabels == ["1", "2", "3", "4", "5", "0.2", "0.3", "0.4", "0.5", "0.6"])
        let accuracyLabels = try #require(panels.last?.elements("g", where: "class", is: "tick-labels").first).texts
        // Accuracies 0.84…0.94 span 0.10 → steps of 0.02 from 0.84 to 0.94.
        #expect(accuracyLabels.suffix(6) == ["0.84", "0.86", "0.88", "0.90", "0.92", "0.94"])
    }

    @Test func seriesAreStyledApart() throws {
        let root = try Self.parse(try Self.training().svg())
        let paths = Self.seriesPaths(in: root)
        let loss = try #require(paths.first { $0.attributes["data-key"] == "loss" })
        let validation = try #require(paths.first { $0.attributes["data-key"] == "val_loss" })
        #expect(loss.attributes["stroke"] != validation.attributes["stroke"])
        #expect(loss.attributes["stroke-dasharray"] == nil)
        #expect(validation.attributes["stroke-dasharray"] != nil)
        #expect(loss.attributes["fill"] == "none")
        // Five points: one move, four line segments.
        let d = try #require(loss.attributes["d"])
        #expect(d.filter { $0 == "M" }.count == 1 && d.filter { $0 == "L" }.count == 4, "\(d)")
        #expect(loss.elements("title").first?.text == "loss")
    }

    @Test func textIsEscaped() throws {
        let title = #"Loss & accuracy <MNIST> "quoted" 'single'"#
        let history = try History(epochs: [0, 1], values: ["loss": [1, 0.5], "top<5>&\"acc\"": [0.1, 0.2]])
        let root = try Self.parse(history.svg(title: title))
        #expect(root.texts.contains(title))
        #expect(Self.seriesPaths(in: root).compactMap { $0.attributes["data-key"] }.contains("top<5>&\"acc\""))
        // Control characters XML forbids are replaced, not written.
        #expect(XMLNode.parse(history.svg(title: "bell\u{7} title")).root != nil)
    }

    @Test func singleEpochIsDrawnWithMarkers() throws {
        let history = try History(epochs: [0], values: ["loss": [0.7], "val_loss": [0.8]])
        let root = try Self.parse(history.svg())
        let paths = Self.seriesPaths(in: root)
        #expect(paths.count == 2)
        for path in paths {
            let d = path.attributes["d"] ?? ""
            #expect(d.hasPrefix("M") && !d.contains("L"), "\(d)")
            let key = try #require(path.attributes["data-key"])
            #expect(root.elements("g", where: "data-key", is: key).first?.elements("circle").count == 1)
        }
        let labels = try #require(root.elements("g", where: "class", is: "tick-labels").first).texts
        #expect(labels.first == "1", "the epoch axis has the one epoch: \(labels)")
    }

    @Test func nonFiniteValuesBreakTheLine() throws {
        let history = try History(epochs: Array(0..<6), values: [
            "loss": [0.9, 0.7, .nan, 0.5, .infinity, 0.3],
            "val_loss": [.nan, .nan, .nan, .nan, .nan, .nan],
        ])
        let root = try Self.parse(history.svg())
        let paths = Self.seriesPaths(in: root)
        #expect(paths.count == 2)
        let loss = try #require(paths.first { $0.attributes["data-key"] == "loss" }?.attributes["d"])
        // 0.9 → 0.7, then 0.5 alone, then 0.3 alone: three pieces.
        #expect(loss.filter { $0 == "M" }.count == 3 && loss.filter { $0 == "L" }.count == 1, "\(loss)")
        let empty = paths.first { $0.attributes["data-key"] == "val_loss" }
        #expect(empty?.attributes["d"] == "")
        #expect(root.elements("g", where: "data-key", is: "loss").first?.elements("circle").count == 4)
    }

    @Test func isolatedPointsAreMarkedEvenInLongHistories() throws {
        var loss = (0..<100).map { Float(1) / Float($0 + 1) }
        loss[49] = .nan
        loss[51] = .nan
        let root = try Self.parse(try History(epochs: Array(0..<100), values: ["loss": loss]).svg())
        #expect(root.elements("g", where: "data-key", is: "loss").first?.elements("circle").count == 1)
        #expect(Self.seriesPaths(in: root).count == 1)
        let legend = try #require(root.elements("g", where: "class", is: "legend").first)
        #expect(legend.texts == ["training"])
    }

    @Test func emptyHistoryIsStillAnImage() throws {
        let root = try Self.parse(History().svg(title: "Nothing yet"))
        #expect(Self.seriesPaths(in: root).isEmpty)
        #expect(root.texts.contains("Nothing yet"))
    }

    @Test func plotWritesTheDocument() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-plot-\(UInt64.random(in: 0 ... .max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let history = try Self.training()
        try history.plot(to: folder + "/training.svg", title: "Run 1")
        #expect(try String(contentsOfFile: folder + "/training.svg", encoding: .utf8) == history.svg(title: "Run 1"))
        #expect(throws: SynapseError.self) { try history.plot(to: folder + "/missing/training.svg") }
    }
}
