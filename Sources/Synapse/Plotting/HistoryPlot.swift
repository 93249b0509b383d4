import Foundation

extension History {
    /// Draws the loss and every metric against the epochs as an SVG image and writes it to `path`.
    ///
    /// ```swift
    /// let history = try model.fit(x, y, epochs: 20, validationSplit: 0.1)
    /// try history.plot(to: "training.svg", title: "MNIST 784-128-64-10")
    /// ```
    ///
    /// See ``svg(title:)`` for what the picture shows. The file is replaced atomically: it is written
    /// under a temporary name in the same folder, then renamed.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file when it cannot be written.
    public func plot(to path: String, title: String = "Training history") throws {
        try History.write(Data(svg(title: title).utf8), to: path)
    }

    /// Draws the loss and every metric against the epochs as an SVG document.
    ///
    /// There is one panel per quantity — `loss` first, then each metric — in which the training
    /// values (`accuracy`) are a solid blue line and the validation values (`val_accuracy`) a dashed
    /// orange one. Epochs are numbered from 1, as `fit` prints them. Each panel has "nice" ticks
    /// (steps of 1, 2 or 5 × 10ⁿ), labelled axes and grid lines; the figure has the title and a
    /// legend. Points are marked when there are few epochs, so a single epoch still shows; NaN and
    /// infinite values are left out, breaking the line.
    ///
    /// Each series is one `<path class="series" data-key="val_loss">` element, so the document can
    /// be inspected or restyled with CSS.
    public func svg(title: String = "Training history") -> String {
        HistoryChart(history: self, title: title).render()
    }
}

/// The layout and drawing of a ``History`` chart.
private struct HistoryChart {
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

    static let panelWidth = 460.0, panelHeight = 300.0
    static let plotInsets = (left: 64.0, right: 20.0, top: 34.0, bottom: 46.0)
    static let margin = 12.0
    static let trainingColour = "#1f77b4", validationColour = "#ff7f0e"
    static let markerLimit = 30

    let title: String
    let panels: [Panel]

    init(history: History, title: String) {
        self.title = title
        let keys = history.keys
        var quantities: [String] = []
        for key in keys {
            let quantity = key.hasPrefix("val_") && key.count > 4 ? String(key.dropFirst(4)) : key
            if !quantities.contains(quantity) { quantities.append(quantity) }
        }
        // The loss first, then the metrics in the history's (alphabetical) order.
        quantities.sort { a, b in (a == "loss") != (b == "loss") ? a == "loss" : false }
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
    }

    var headerHeight: Double { (title.isEmpty ? 16 : 44) + (hasLegend ? 26 : 0) }
    var hasLegend: Bool { !panels.isEmpty }
    var columns: Int { panels.count > 1 ? 2 : 1 }

    func render() -> String {
        let rows = max(1, (panels.count + columns - 1) / columns)
        let width = Double(columns) * HistoryChart.panelWidth + 2 * HistoryChart.margin
        let height = headerHeight + Double(rows) * HistoryChart.panelHeight + HistoryChart.margin
        var svg = SVGDocument(width: width, height: height)
        svg.element("title", [:], text: title.isEmpty ? "Training history" : title)
        svg.element("rect", ["width": "100%", "height": "100%", "fill": "white"])
        if !title.isEmpty {
            svg.element("text", ["class": "title", "x": n(width / 2), "y": "30", "text-anchor": "middle",
                                 "font-size": "18", "font-weight": "bold", "fill": "#222"], text: title)
        }
        if panels.isEmpty {
            svg.element("text", ["class": "empty", "x": n(width / 2), "y": n(headerHeight + HistoryChart.panelHeight / 2),
                                 "text-anchor": "middle", "fill": "#666"], text: "No epochs recorded")
            return svg.rendered()
        }
        drawLegend(into: &svg, centre: width / 2, y: headerHeight - 18)
        for (index, panel) in panels.enumerated() {
            let x = HistoryChart.margin + Double(index % columns) * HistoryChart.panelWidth
            let y = headerHeight + Double(index / columns) * HistoryChart.panelHeight
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
            var attributes = style(isValidation: isValidation)
            attributes.append(contentsOf: [("x1", n(x)), ("y1", n(y)), ("x2", n(x + 28)), ("y2", n(y))])
            svg.element("line", attributes)
            svg.element("text", ["x": n(x + 34), "y": n(y + 4), "fill": "#222"], text: isValidation ? "validation" : "training")
            x += entryWidth
        }
        svg.close()
    }

    /// One panel with its frame, grid, ticks, labels and series, its top-left corner at (x, y).
    private func draw(_ panel: Panel, into svg: inout SVGDocument, x: Double, y: Double) {
        let insets = HistoryChart.plotInsets
        let plot = (left: x + insets.left, right: x + HistoryChart.panelWidth - insets.right,
                    top: y + insets.top, bottom: y + HistoryChart.panelHeight - insets.bottom)
        let epochs = panel.series.flatMap { $0.points.map(\.x) }
        let values = panel.series.flatMap { $0.points.compactMap(\.y) }
        let xTicks = AxisTicks(from: epochs.min() ?? 1, to: epochs.max() ?? 1, targetCount: 6,
                               extendToTicks: false, integers: true)
        let yTicks = values.isEmpty ? AxisTicks(from: 0, to: 1) : AxisTicks(from: values.min()!, to: values.max()!)
        // A margin of 3% of each range keeps points and markers off the frame.
        let xPad = (xTicks.upper - xTicks.lower) * 0.03, yPad = (yTicks.upper - yTicks.lower) * 0.03
        let xRange = (lower: xTicks.lower - xPad, upper: xTicks.upper + xPad)
        let yRange = (lower: yTicks.lower - yPad, upper: yTicks.upper + yPad)
        func px(_ value: Double) -> Double {
            plot.left + (value - xRange.lower) / (xRange.upper - xRange.lower) * (plot.right - plot.left)
        }
        func py(_ value: Double) -> Double {
            plot.bottom - (value - yRange.lower) / (yRange.upper - yRange.lower) * (plot.bottom - plot.top)
        }

        svg.open("g", ["class": "panel", "data-quantity": panel.quantity])
        svg.element("text", ["class": "panel-title", "x": n((plot.left + plot.right) / 2), "y": n(y + 20),
                             "text-anchor": "middle", "font-size": "14", "font-weight": "bold", "fill": "#222"],
                    text: HistoryChart.displayName(panel.quantity))
        svg.open("g", ["class": "grid", "stroke": "#e5e5e5", "stroke-width": "1"])
        for value in yTicks.values {
            svg.element("line", ["x1": n(plot.left), "y1": n(py(value)), "x2": n(plot.right), "y2": n(py(value))])
        }
        svg.close()

        svg.open("g", ["class": "axis", "stroke": "#444", "stroke-width": "1"])
        svg.element("line", ["x1": n(plot.left), "y1": n(plot.bottom), "x2": n(plot.right), "y2": n(plot.bottom)])
        svg.element("line", ["x1": n(plot.left), "y1": n(plot.top), "x2": n(plot.left), "y2": n(plot.bottom)])
        for value in xTicks.values {
            svg.element("line", ["x1": n(px(value)), "y1": n(plot.bottom), "x2": n(px(value)), "y2": n(plot.bottom + 5)])
        }
        for value in yTicks.values {
            svg.element("line", ["x1": n(plot.left - 5), "y1": n(py(value)), "x2": n(plot.left), "y2": n(py(value))])
        }
        svg.close()

        svg.open("g", ["class": "tick-labels", "fill": "#444", "font-size": "11"])
        for value in xTicks.values {
            svg.element("text", ["x": n(px(value)), "y": n(plot.bottom + 18), "text-anchor": "middle"], text: xTicks.label(value))
        }
        for value in yTicks.values {
            svg.element("text", ["x": n(plot.left - 8), "y": n(py(value) + 4), "text-anchor": "end"], text: yTicks.label(value))
        }
        svg.close()

        svg.element("text", ["class": "axis-label", "x": n((plot.left + plot.right) / 2), "y": n(plot.bottom + 38),
                             "text-anchor": "middle", "fill": "#222"], text: "Epoch")
        let labelX = x + 14, labelY = (plot.top + plot.bottom) / 2
        svg.element("text", ["class": "axis-label", "x": n(labelX), "y": n(labelY), "text-anchor": "middle", "fill": "#222",
                             "transform": "rotate(-90 \(n(labelX)) \(n(labelY)))"], text: panel.quantity)

        for series in panel.series {
            drawSeries(series, into: &svg, px: px, py: py)
        }
        svg.close()
    }

    /// The series' line (one `<path>`, broken where values are missing) and its point markers.
    private func drawSeries(_ series: Series, into svg: inout SVGDocument,
                            px: (Double) -> Double, py: (Double) -> Double) {
        var d: [String] = []
        var previousDrawn = false
        var isolated: [Int] = []
        for (index, point) in series.points.enumerated() {
            guard let y = point.y else { previousDrawn = false; continue }
            d.append("\(previousDrawn ? "L" : "M")\(n(px(point.x))) \(n(py(y)))")
            let nextDrawn = index + 1 < series.points.count && series.points[index + 1].y != nil
            if !previousDrawn && !nextDrawn { isolated.append(index) }
            previousDrawn = true
        }
        var attributes: [(String, String)] = [("class", "series"), ("data-key", series.key), ("d", d.joined(separator: " ")),
                                              ("fill", "none"), ("stroke-linejoin", "round")]
        attributes += style(isValidation: series.isValidation)
        svg.open("path", attributes)
        svg.element("title", [:], text: series.key)
        svg.close()

        let marked = series.points.count <= HistoryChart.markerLimit ? Array(series.points.indices) : isolated
        let colour = series.isValidation ? HistoryChart.validationColour : HistoryChart.trainingColour
        let markers = marked.compactMap { index in series.points[index].y.map { (series.points[index].x, $0) } }
        guard !markers.isEmpty else { return }
        svg.open("g", ["class": "markers", "data-key": series.key, "fill": series.isValidation ? "white" : colour,
                       "stroke": colour, "stroke-width": "1.5"])
        for (x, y) in markers {
            svg.element("circle", ["cx": n(px(x)), "cy": n(py(y)), "r": "3"])
        }
        svg.close()
    }

    /// A panel title: `accuracy` → `Accuracy`, `top_k_accuracy` → `Top k accuracy`, `mae` → `MAE`.
    static func displayName(_ quantity: String) -> String {
        let acronyms: Set<String> = ["mae", "mse", "rmse", "mape", "msle", "auc", "iou", "psnr", "ssim"]
        if acronyms.contains(quantity.lowercased()) { return quantity.uppercased() }
        let words = quantity.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Solid blue for training, dashed orange for validation.
    private func style(isValidation: Bool) -> [(String, String)] {
        isValidation
            ? [("stroke", HistoryChart.validationColour), ("stroke-width", "2"), ("stroke-dasharray", "6 4")]
            : [("stroke", HistoryChart.trainingColour), ("stroke-width", "2")]
    }

    private func n(_ value: Double) -> String { SVGDocument.number(value) }
}
