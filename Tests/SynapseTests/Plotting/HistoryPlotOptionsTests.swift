import Foundation
import Synapse
import Testing

/// `HistoryPlotOptions`: log axes (automatic and forced), the best-epoch marker, the choice of keys
/// and the size of the image.
@Suite struct HistoryPlotOptionsTests {
    typealias Options = HistoryPlotOptions

    static func parse(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLNode {
        try HistoryPlotTests.parse(svg, sourceLocation: sourceLocation)
    }

    /// The panel drawing `quantity`.
    static func panel(_ root: XMLNode, _ quantity: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLNode {
        try #require(root.elements("g", where: "class", is: "panel").first { $0.attributes["data-quantity"] == quantity },
                     sourceLocation: sourceLocation)
    }

    /// The value-axis tick labels of a panel (after the epoch labels), with their y coordinates.
    static func valueTicks(_ panel: XMLNode) -> [(label: String, y: Double)] {
        let labels = panel.elements("g", where: "class", is: "tick-labels").first?.elements("text") ?? []
        return labels.filter { $0.attributes["text-anchor"] == "end" }.map { ($0.text, Double($0.attributes["y"] ?? "") ?? .nan) }
    }

    /// The points of a series path, as (x, y) pairs.
    static func points(_ d: String) -> [(x: Double, y: Double)] {
        d.split(whereSeparator: { $0 == "M" || $0 == "L" }).map { piece in
            let numbers = piece.split(separator: " ").compactMap { Double($0) }
            return (numbers[0], numbers[1])
        }
    }

    static let falling: [Float] = [10, 3, 1, 0.3, 0.1, 0.01]

    @Test func lossSpanningThreeDecadesGetsALogAxis() throws {
        let history = try History(epochs: Array(0..<6), values: ["loss": Self.falling])
        let root = try Self.parse(try history.svg(title: "Falling", options: Options()))
        let panel = try Self.panel(root, "loss")
        #expect(panel.attributes["data-scale"] == "log")
        let ticks = Self.valueTicks(panel)
        #expect(ticks.map(\.label) == ["0.01", "0.1", "1", "10"])
        // Decades are evenly spaced, upwards.
        let gaps = zip(ticks.dropFirst(), ticks).map { $0.y - $1.y }
        #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 0.02 && $0 < 0 }, "\(gaps)")
        // The point of value 1 sits on the tick of 1 (labels are 4 px below their tick line).
        let path = try #require(Self.seriesPath(root, "loss"))
        let points = Self.points(path)
        #expect(points.count == 6)
        #expect(abs(points[2].y - (ticks[2].y - 4)) < 0.02, "\(points[2]) vs tick \(ticks[2])")
        #expect(abs(points[5].y - (ticks[0].y - 4)) < 0.02)
        #expect(panel.elements("text", where: "class", is: "panel-title").first?.text == "Loss (log scale)")
        // Minor ticks at 2…9 × 10ⁿ: 8 per decade, three decades, as grid lines and as tick marks.
        #expect(panel.elements("line", where: "class", is: "minor").count == 2 * 8 * 3)
    }

    @Test func narrowSpanStaysLinear() throws {
        let history = try History(epochs: Array(0..<5), values: ["accuracy": [0.5, 0.7, 0.8, 0.85, 0.9]])
        let panel = try Self.panel(try Self.parse(try history.svg(options: Options())), "accuracy")
        #expect(panel.attributes["data-scale"] == "linear")
        #expect(Self.valueTicks(panel).map(\.label) == ["0.5", "0.6", "0.7", "0.8", "0.9"])
        #expect(panel.elements("line", where: "class", is: "minor").isEmpty)
    }

    @Test func logScaleCanBeForcedEitherWay() throws {
        let wide = try History(epochs: Array(0..<6), values: ["loss": Self.falling])
        let linear = try Self.panel(try Self.parse(try wide.svg(options: Options(logScale: .never))), "loss")
        #expect(linear.attributes["data-scale"] == "linear")
        #expect(Self.valueTicks(linear).map(\.label) == ["0", "2", "4", "6", "8", "10"])

        let narrow = try History(epochs: Array(0..<5), values: ["accuracy": [0.5, 0.7, 0.8, 0.85, 0.9]])
        let log = try Self.panel(try Self.parse(try narrow.svg(options: Options(logScale: .always))), "accuracy")
        #expect(log.attributes["data-scale"] == "log")
        // One decade: 2 and 5 × 10ⁿ are labelled as well.
        #expect(Self.valueTicks(log).map(\.label) == ["0.1", "0.2", "0.5", "1"])
    }

    @Test func nonPositiveValuesAreLeftOutOfALogAxis() throws {
        let history = try History(epochs: Array(0..<5), values: ["loss": [1, 0, 0.01, -1, 0.001]])
        let root = try Self.parse(try history.svg(options: Options(logScale: .always)))
        #expect(try Self.panel(root, "loss").attributes["data-scale"] == "log")
        let d = try #require(Self.seriesPath(root, "loss"))
        #expect(d.filter { $0 == "M" }.count == 3 && !d.contains("L"), "\(d)")
        #expect(Self.valueTicks(try Self.panel(root, "loss")).map(\.label) == ["0.001", "0.01", "0.1", "1"])
        // Automatic: values that are not all positive keep a linear axis.
        let automatic = try Self.parse(try history.svg(options: Options()))
        #expect(try Self.panel(automatic, "loss").attributes["data-scale"] == "linear")
        // Nothing positive: linear even when asked.
        let negative = try History(epochs: [0, 1], values: ["loss": [-1, -2]])
        #expect(try Self.panel(try Self.parse(try negative.svg(options: Options(logScale: .always))), "loss").attributes["data-scale"] == "linear")
    }

    @Test func largeAndTinyDecadesAreWrittenShort() throws {
        let history = try History(epochs: Array(0..<3), values: ["loss": [2e5, 3, 4e-6]])
        let root = try Self.parse(try history.svg(options: Options()))
        let ticks = Self.valueTicks(try Self.panel(root, "loss")).map(\.label)
        // 12 decades, labelled every second one; the decades between are minor ticks.
        #expect(ticks == ["1e-6", "1e-4", "0.01", "1", "100", "1e4", "1e6"])
        #expect(try Self.panel(root, "loss").elements("line", where: "class", is: "minor").count == 2 * 6)
        #expect(root.elements("g", where: "class", is: "best-epoch").first?.texts == ["best: epoch 3, 4e-6"])
        let big = try History(epochs: [0, 1], values: ["loss": [12346, 23456]])
        #expect(try Self.parse(big.svg()).elements("g", where: "class", is: "best-epoch").first?.texts == ["best: epoch 1, 1.235e4"])
    }

    // MARK: - Best epoch

    static func training() throws -> History {
        try History(epochs: Array(0..<5), values: [
            "loss": [0.8, 0.5, 0.35, 0.3, 0.28],
            "val_loss": [0.9, 0.5, 0.4, 0.45, 0.6],
            "accuracy": [0.6, 0.8, 0.85, 0.9, 0.92],
            "val_accuracy": [0.55, 0.75, 0.95, 0.95, 0.9],
        ])
    }

    static func seriesPath(_ root: XMLNode, _ key: String) -> String? {
        root.elements("path", where: "class", is: "series").first { $0.attributes["data-key"] == key }?.attributes["d"]
    }

    @Test func bestEpochOfValidationLossIsMarkedByDefault() throws {
        let root = try Self.parse(try Self.training().svg())
        let markers = root.elements("g", where: "class", is: "best-epoch")
        #expect(markers.count == 1)
        let marker = try #require(markers.first)
        #expect(marker.attributes["data-key"] == "val_loss")
        #expect(marker.attributes["data-epoch"] == "3")
        #expect(marker.texts == ["best: epoch 3, 0.4"])
        // On the loss panel, ringing the third validation point.
        #expect(try Self.panel(root, "loss").elements("g", where: "class", is: "best-epoch").count == 1)
        let ring = try #require(marker.elements("circle").first)
        let point = Self.points(try #require(Self.seriesPath(root, "val_loss")))[2]
        #expect(Double(ring.attributes["cx"]!) == point.x && Double(ring.attributes["cy"]!) == point.y)
    }

    @Test func bestEpochFollowsTheMonitorAndItsMode() throws {
        let history = try Self.training()
        // Accuracy is better higher; the first of two equal values wins.
        var root = try Self.parse(try history.svg(options: Options(bestEpoch: .monitor("val_accuracy"))))
        var marker = try #require(root.elements("g", where: "class", is: "best-epoch").first)
        #expect(marker.attributes["data-epoch"] == "3" && marker.texts == ["best: epoch 3, 0.95"])
        #expect(try Self.panel(root, "accuracy").elements("g", where: "class", is: "best-epoch").count == 1)
        root = try Self.parse(try history.svg(options: Options(bestEpoch: .monitor("val_accuracy", mode: .min))))
        marker = try #require(root.elements("g", where: "class", is: "best-epoch").first)
        #expect(marker.attributes["data-epoch"] == "1" && marker.texts == ["best: epoch 1, 0.55"])
        root = try Self.parse(try history.svg(options: Options(bestEpoch: .monitor("loss"))))
        #expect(root.elements("g", where: "class", is: "best-epoch").first?.attributes["data-epoch"] == "5")
        root = try Self.parse(try history.svg(options: Options(bestEpoch: .none)))
        #expect(root.elements("g", where: "class", is: "best-epoch").isEmpty)
    }

    @Test func withoutValidationTheLossIsMonitored() throws {
        let history = try History(epochs: [4, 5, 6], values: ["loss": [0.3, 0.2, 0.25], "val_loss": [.nan, .nan, .nan]])
        let marker = try #require(try Self.parse(history.svg()).elements("g", where: "class", is: "best-epoch").first)
        // Epochs 4…6 (0-based) are shown as 5…7.
        #expect(marker.attributes["data-key"] == "loss" && marker.attributes["data-epoch"] == "6")
        #expect(marker.texts == ["best: epoch 6, 0.2"])
    }

    @Test func bestEpochMonitorMustBeDrawn() throws {
        let history = try Self.training()
        expectSynapseError(.invalidArgument, mentioning: ["\"val_acc\"", "\"val_accuracy\"", "\"loss\""]) {
            _ = try history.svg(options: Options(bestEpoch: .monitor("val_acc")))
        }
        expectSynapseError(.invalidArgument, mentioning: ["\"val_accuracy\"", "not among the keys"]) {
            _ = try history.svg(options: Options(keys: ["loss"], bestEpoch: .monitor("val_accuracy")))
        }
        expectSynapseError(.invalidArgument, mentioning: ["monitor"]) {
            _ = try history.svg(options: Options(bestEpoch: .monitor("")))
        }
        // The automatic marker just leaves out a panel that is not drawn.
        let root = try Self.parse(try history.svg(options: Options(keys: ["accuracy"])))
        #expect(root.elements("g", where: "class", is: "best-epoch").isEmpty)
    }

    // MARK: - Keys and size

    @Test func keysChooseThePanelsAndTheirOrder() throws {
        let history = try Self.training()
        var root = try Self.parse(try history.svg(options: Options(keys: ["accuracy", "loss"])))
        #expect(root.elements("g", where: "class", is: "panel").map { $0.attributes["data-quantity"] } == ["accuracy", "loss"])
        root = try Self.parse(try history.svg(options: Options(keys: ["loss"])))
        #expect(root.elements("g", where: "class", is: "panel").map { $0.attributes["data-quantity"] } == ["loss"])
        #expect(root.elements("path", where: "class", is: "series").compactMap { $0.attributes["data-key"] } == ["loss", "val_loss"])
        // One panel: one column, 460 + 2 × 12 px wide.
        #expect(root.attributes["width"] == "484")
    }

    @Test func unknownOrRepeatedKeysAreRefused() throws {
        let history = try Self.training()
        expectSynapseError(.invalidArgument, mentioning: ["\"acc\"", "\"loss\", \"accuracy\""]) {
            _ = try history.svg(options: Options(keys: ["loss", "acc"]))
        }
        expectSynapseError(.invalidArgument, mentioning: ["\"val_loss\"", "use \"loss\""]) {
            _ = try history.svg(options: Options(keys: ["val_loss"]))
        }
        expectSynapseError(.invalidArgument, mentioning: ["at least one"]) { _ = try history.svg(options: Options(keys: [])) }
        expectSynapseError(.invalidArgument, mentioning: ["twice"]) { _ = try history.svg(options: Options(keys: ["loss", "loss"])) }
    }

    @Test func sizeSetsTheImageAndIsChecked() throws {
        let history = try Self.training()
        let root = try Self.parse(try history.svg(options: Options(width: 1000, height: 400)))
        #expect(root.attributes["width"] == "1000" && root.attributes["height"] == "400")
        #expect(root.attributes["viewBox"] == "0 0 1000 400")
        // Two panels side by side, each (1000 − 24) / 2 = 488 px wide: the second title is centred at
        // 12 + 488 + 64 + (488 − 84) / 2.
        let titles = root.elements("text", where: "class", is: "panel-title")
        #expect(titles.map { $0.attributes["x"] } == ["278", "766"])
        // Too narrow for two columns: one above the other.
        let tall = try Self.parse(try history.svg(options: Options(width: 500, height: 700)))
        #expect(Set(tall.elements("text", where: "class", is: "panel-title").map { $0.attributes["x"] }).count == 1)

        expectSynapseError(.invalidArgument, mentioning: ["width", "between 200 and 10000", "found 0"]) {
            _ = try history.svg(options: Options(width: 0))
        }
        expectSynapseError(.invalidArgument, mentioning: ["height", "found 20000"]) {
            _ = try history.svg(options: Options(height: 20000))
        }
        expectSynapseError(.invalidArgument, mentioning: ["too small for 2 rows", "at least 362"]) {
            _ = try history.svg(options: Options(width: 400, height: 300))
        }
    }

    @Test func plotWritesTheChosenChart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-plot-options-\(UInt64.random(in: 0 ... .max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let history = try Self.training()
        let options = Options(keys: ["loss"], width: 640, height: 360, logScale: .always, bestEpoch: .monitor("loss"))
        try history.plot(to: folder + "/loss.svg", title: "Loss", options: options)
        #expect(try String(contentsOfFile: folder + "/loss.svg", encoding: .utf8) == history.svg(title: "Loss", options: options))
        expectSynapseError(.invalidArgument, mentioning: ["\"nope\""]) {
            try history.plot(to: folder + "/x.svg", options: Options(keys: ["nope"]))
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.svg"))
    }
}
