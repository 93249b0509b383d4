import Foundation

extension History {
    /// Draws the loss and every metric against the epochs as an SVG image and writes it to `path`.
    ///
    /// ```swift
    /// let history = try model.fit(x, y, epochs: 20, validationSplit: 0.1)
    /// try history.plot(to: "training.svg", title: "MNIST 784-128-64-10")
    /// try history.plot(to: "loss.svg", options: HistoryPlotOptions(keys: ["loss"], width: 800, height: 500))
    /// ```
    ///
    /// See ``svg(title:options:)`` for what the picture shows. The file is replaced atomically: it is
    /// written under a temporary name in the same folder, then renamed.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when the options name a quantity the history
    ///   does not have or a size out of range; ``SynapseError/fileError(_:)`` naming the file when it
    ///   cannot be written.
    public func plot(to path: String, title: String = "Training history", options: HistoryPlotOptions = HistoryPlotOptions()) throws {
        try History.write(Data(svg(title: title, options: options).utf8), to: path)
    }

    /// Draws the loss and every metric against the epochs as an SVG document, with the default
    /// ``HistoryPlotOptions``; see ``svg(title:options:)``.
    public func svg(title: String = "Training history") -> String {
        // The default options name no key and no size, so they cannot be refused.
        (try? svg(title: title, options: HistoryPlotOptions())) ?? ""
    }

    /// Draws the loss and the metrics against the epochs as an SVG document.
    ///
    /// There is one panel per quantity — `loss` first, then each metric, or the quantities
    /// `options.keys` names in that order — in which the training values (`accuracy`) are a solid
    /// blue line and the validation values (`val_accuracy`) a dashed orange one. Epochs are
    /// numbered from 1, as `fit` prints them. Each panel has "nice" ticks (steps of 1, 2 or 5 × 10ⁿ,
    /// or powers of ten on a log axis), labelled axes and grid lines; the figure has the title and a
    /// legend. Points are marked when there are few epochs, so a single epoch still shows; NaN and
    /// infinite values (and values ≤ 0 on a log axis) are left out, breaking the line. The best
    /// epoch of the monitored quantity has a green ring and a label `best: epoch 7, 0.1234`.
    ///
    /// Each series is one `<path class="series" data-key="val_loss">` element, each panel a
    /// `<g class="panel" data-quantity="loss" data-scale="log">`, and the marker a
    /// `<g class="best-epoch" data-key="val_loss" data-epoch="7">`, so the document can be inspected
    /// or restyled with CSS.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` when `options.keys` is empty, repeats a
    ///   quantity or names one the history does not have (the message lists those it has), when the
    ///   monitored key of ``HistoryPlotOptions/BestEpochMarker/monitor(_:mode:)`` is not in the
    ///   history or not drawn, or when the size is out of range or too small for the panels.
    public func svg(title: String = "Training history", options: HistoryPlotOptions) throws -> String {
        try HistoryChart(history: self, title: title, options: options).render()
    }
}

/// The layout and drawing of a ``History`` chart.
struct HistoryChart {
    /// One line: the values under a history key against the (1-based) epochs.
    struct Series {
        var key: String
        var isValidation: Bool
        var points: [(x: Double, y: Double?)]   // y is nil where the value is not finite
    }

    /// One panel: a quantity (`loss`, `accuracy`) with its training and validation series.
    struct Panel {
        var quantity: String
        var series: [Series]
    }

    /// The epoch to mark: the index of the point in the series under `key`.
    struct Best {
        var key: String
        var index: Int
    }

    static let defaultPanelWidth = 460.0, defaultPanelHeight = 300.0
    static let minimumPanelHeight = 140.0, minimumTwoColumnPanelWidth = 300.0
    static let plotInsets = (left: 64.0, right: 20.0, top: 34.0, bottom: 46.0)
    static let margin = 12.0

    let title: String
    let panels: [Panel]
    let options: HistoryPlotOptions
    let best: Best?
    let columns: Int
    let panelWidth: Double, panelHeight: Double

    init(history: History, title: String, options: HistoryPlotOptions) throws {
        self.title = title
        self.options = options
        var quantities: [String] = []
        for key in history.keys {
            let quantity = key.hasPrefix("val_") && key.count > 4 ? String(key.dropFirst(4)) : key
            if !quantities.contains(quantity) { quantities.append(quantity) }
        }
        // The loss first, then the metrics in the history's (alphabetical) order.
        quantities.sort { a, b in (a == "loss") != (b == "loss") ? a == "loss" : false }
        if let keys = options.keys { quantities = try HistoryChart.check(keys, known: quantities) }
        panels = quantities.map { quantity in
            let series = [(quantity, false), ("val_" + quantity, true)].compactMap { key, isValidation -> Series? in
                guard let values = history[key] else { return nil }
                let points = zip(history.epochs, values).map { epoch, value in
                    (x: Double(epoch + 1), y: value.isFinite ? Double(value) : nil)
                }
                return Series(key: key, isValidation: isValidation, points: points)
            }
            return Panel(quantity: quantity, series: series)
        }
        best = try HistoryChart.best(options.bestEpoch, in: history, drawn: panels)

        let size = (width: options.width, height: options.height)
        if let width = size.width, !HistoryPlotOptions.widthRange.contains(width) {
            throw SynapseError.invalidArgument("History plot: width must be between \(HistoryPlotOptions.widthRange.lowerBound) and \(HistoryPlotOptions.widthRange.upperBound) px, found \(width)")
        }
        if let height = size.height, !HistoryPlotOptions.heightRange.contains(height) {
            throw SynapseError.invalidArgument("History plot: height must be between \(HistoryPlotOptions.heightRange.lowerBound) and \(HistoryPlotOptions.heightRange.upperBound) px, found \(height)")
        }
        let header = HistoryChart.headerHeight(title: title, hasLegend: !panels.isEmpty)
        if let width = size.width {
            let twoColumnWidth = (Double(width) - 2 * HistoryChart.margin) / 2
            columns = panels.count > 1 && twoColumnWidth >= HistoryChart.minimumTwoColumnPanelWidth ? 2 : 1
            panelWidth = (Double(width) - 2 * HistoryChart.margin) / Double(columns)
        } else {
            columns = panels.count > 1 ? 2 : 1
            panelWidth = HistoryChart.defaultPanelWidth
        }
        let rows = max(1, (panels.count + columns - 1) / columns)
        if let height = size.height {
            panelHeight = (Double(height) - header - HistoryChart.margin) / Double(rows)
            guard panelHeight >= HistoryChart.minimumPanelHeight else {
                let needed = Int((header + HistoryChart.margin + Double(rows) * HistoryChart.minimumPanelHeight).rounded(.up))
                throw SynapseError.invalidArgument("History plot: a height of \(height) px is too small for \(rows) row\(rows == 1 ? "" : "s") of panels, expected at least \(needed) px (or fewer keys, or a width that fits two panels a row)")
            }
        } else {
            panelHeight = HistoryChart.defaultPanelHeight
        }
    }

    /// The quantities `keys` names, checked against those the history has.
    private static func check(_ keys: [String], known: [String]) throws -> [String] {
        let list = known.map { "\"\($0)\"" }.joined(separator: ", ")
        guard !keys.isEmpty else {
            throw SynapseError.invalidArgument("History plot: keys must name at least one quantity (the history has \(list)), found an empty list")
        }
        var seen = Set<String>()
        for key in keys {
            guard known.contains(key) else {
                let hint = key.hasPrefix("val_") && known.contains(String(key.dropFirst(4)))
                    ? " (a panel is named by its quantity and shows its val_ values too: use \"\(key.dropFirst(4))\")" : ""
                throw SynapseError.invalidArgument("History plot: unknown key \"\(key)\"\(hint); expected one of \(list.isEmpty ? "nothing: the history is empty" : list)")
            }
            guard seen.insert(key).inserted else {
                throw SynapseError.invalidArgument("History plot: keys name \"\(key)\" twice; each quantity is one panel")
            }
        }
        return keys
    }

    /// The epoch the marker goes on, if any.
    private static func best(_ marker: HistoryPlotOptions.BestEpochMarker, in history: History, drawn panels: [Panel]) throws -> Best? {
        let key: String, mode: MonitorMode
        switch marker {
        case .none:
            return nil
        case .automatic:
            let found = ["val_loss", "loss"].first { history[$0]?.contains(where: \.isFinite) == true }
            guard let found else { return nil }
            (key, mode) = (found, .auto)
        case .monitor(let monitored, let monitorMode):
            (key, mode) = (monitored, monitorMode)
        }
        let isDrawn = panels.contains { $0.series.contains { $0.key == key } }
        if case .monitor = marker {
            guard history[key] != nil else {
                throw SynapseError.invalidArgument("History plot: bestEpoch monitors \"\(key)\", which is not in the history; expected one of \(history.keys.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            guard isDrawn else {
                throw SynapseError.invalidArgument("History plot: bestEpoch monitors \"\(key)\", whose panel is not among the keys drawn (\(panels.map(\.quantity).joined(separator: ", ")))")
            }
        }
        guard isDrawn, let values = history[key] else { return nil }
        let monitor = try Monitor(key: key, mode: mode, minDelta: 0, owner: "History plot")
        var bestValue = monitor.worst, bestIndex: Int?
        for (index, value) in values.enumerated() where value.isFinite && monitor.isImprovement(value, over: bestValue) {
            (bestValue, bestIndex) = (value, index)
        }
        return bestIndex.map { Best(key: key, index: $0) }
    }

    static func headerHeight(title: String, hasLegend: Bool) -> Double { (title.isEmpty ? 16 : 44) + (hasLegend ? 26 : 0) }
    var headerHeight: Double { HistoryChart.headerHeight(title: title, hasLegend: !panels.isEmpty) }

    func render() -> String {
        let rows = max(1, (panels.count + columns - 1) / columns)
        let width = options.width.map(Double.init) ?? Double(columns) * panelWidth + 2 * HistoryChart.margin
        let height = options.height.map(Double.init) ?? headerHeight + Double(rows) * panelHeight + HistoryChart.margin
        var svg = SVGDocument(width: width, height: height)
        svg.element("title", [:], text: title.isEmpty ? "Training history" : title)
        svg.element("rect", ["width": "100%", "height": "100%", "fill": "white"])
        if !title.isEmpty {
            svg.element("text", ["class": "title", "x": n(width / 2), "y": "30", "text-anchor": "middle",
                                 "font-size": "18", "font-weight": "bold", "fill": "#222"], text: title)
        }
        if panels.isEmpty {
            svg.element("text", ["class": "empty", "x": n(width / 2), "y": n(headerHeight + panelHeight / 2),
                                 "text-anchor": "middle", "fill": "#666"], text: "No epochs recorded")
            return svg.rendered()
        }
        drawLegend(into: &svg, centre: width / 2, y: headerHeight - 18)
        for (index, panel) in panels.enumerated() {
            let x = HistoryChart.margin + Double(index % columns) * panelWidth
            let y = headerHeight + Double(index / columns) * panelHeight
            draw(panel, into: &svg, x: x, y: y)
        }
        return svg.rendered()
    }

    /// `training` and `validation` samples, centred under the title.
    private func drawLegend(into svg: inout SVGDocument, centre: Double, y: Double) {
        let splits = Set(panels.flatMap { $0.series.map(\.isValidation) })
        let entries = [false, true].filter(splits.contains)
        let entryWidth = 110.0
        var x = centre - entryWidth * Double(entries.count) / 2
        svg.open("g", ["class": "legend"])
        for isValidation in entries {
            var attributes = HistoryChart.style(isValidation: isValidation)
            attributes.append(contentsOf: [("x1", n(x)), ("y1", n(y)), ("x2", n(x + 28)), ("y2", n(y))])
            svg.element("line", attributes)
            svg.element("text", ["x": n(x + 34), "y": n(y + 4), "fill": "#222"], text: isValidation ? "validation" : "training")
            x += entryWidth
        }
        svg.close()
    }

    func n(_ value: Double) -> String { SVGDocument.number(value) }
}
