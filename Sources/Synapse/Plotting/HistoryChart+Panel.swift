import Foundation

extension HistoryChart {
    static let trainingColour = "#1f77b4", validationColour = "#ff7f0e", bestColour = "#2ca02c"
    static let markerLimit = 30

    /// The drawing area of a panel, in image coordinates.
    struct PlotArea {
        var left, right, top, bottom: Double
    }

    /// One panel with its frame, grid, ticks, labels, series and best-epoch marker, its top-left
    /// corner at (x, y).
    func draw(_ panel: Panel, into svg: inout SVGDocument, x: Double, y: Double) {
        let insets = HistoryChart.plotInsets
        let plot = PlotArea(left: x + insets.left, right: x + panelWidth - insets.right,
                            top: y + insets.top, bottom: y + panelHeight - insets.bottom)
        let epochs = panel.series.flatMap { $0.points.map(\.x) }
        let values = panel.series.flatMap { $0.points.compactMap(\.y) }
        // About one epoch tick per 60 px, and at least two when there are two epochs.
        var targetCount = max(2, min(6, Int((plot.right - plot.left) / 60)))
        var xTicks = AxisTicks(from: epochs.min() ?? 1, to: epochs.max() ?? 1, targetCount: targetCount,
                               extendToTicks: false, integers: true)
        while xTicks.values.count < 2 && xTicks.step > 1 {
            targetCount += 1
            xTicks = AxisTicks(from: epochs.min() ?? 1, to: epochs.max() ?? 1, targetCount: targetCount,
                               extendToTicks: false, integers: true)
        }
        let yAxis = ValueAxis(for: values, logScale: options.logScale)
        // A margin of 3% of the range keeps points and markers off the frame.
        let xPad = (xTicks.upper - xTicks.lower) * 0.03
        let xRange = (lower: xTicks.lower - xPad, upper: xTicks.upper + xPad)
        func px(_ value: Double) -> Double {
            plot.left + (value - xRange.lower) / (xRange.upper - xRange.lower) * (plot.right - plot.left)
        }
        func py(_ value: Double) -> Double { plot.bottom - yAxis.fraction(value) * (plot.bottom - plot.top) }

        svg.open("g", ["class": "panel", "data-quantity": panel.quantity, "data-scale": yAxis.isLogarithmic ? "log" : "linear"])
        let heading = HistoryChart.displayName(panel.quantity) + (yAxis.isLogarithmic ? " (log scale)" : "")
        svg.element("text", ["class": "panel-title", "x": n((plot.left + plot.right) / 2), "y": n(y + 20),
                             "text-anchor": "middle", "font-size": "14", "font-weight": "bold", "fill": "#222"], text: heading)
        svg.open("g", ["class": "grid", "stroke": "#e5e5e5", "stroke-width": "1"])
        for value in yAxis.minorValues {
            svg.element("line", ["class": "minor", "x1": n(plot.left), "y1": n(py(value)), "x2": n(plot.right), "y2": n(py(value)),
                                 "stroke": "#f3f3f3"])
        }
        for value in yAxis.values {
            svg.element("line", ["x1": n(plot.left), "y1": n(py(value)), "x2": n(plot.right), "y2": n(py(value))])
        }
        svg.close()

        svg.open("g", ["class": "axis", "stroke": "#444", "stroke-width": "1"])
        svg.element("line", ["x1": n(plot.left), "y1": n(plot.bottom), "x2": n(plot.right), "y2": n(plot.bottom)])
        svg.element("line", ["x1": n(plot.left), "y1": n(plot.top), "x2": n(plot.left), "y2": n(plot.bottom)])
        for value in xTicks.values {
            svg.element("line", ["x1": n(px(value)), "y1": n(plot.bottom), "x2": n(px(value)), "y2": n(plot.bottom + 5)])
        }
        for value in yAxis.values {
            svg.element("line", ["x1": n(plot.left - 5), "y1": n(py(value)), "x2": n(plot.left), "y2": n(py(value))])
        }
        for value in yAxis.minorValues {
            svg.element("line", ["class": "minor", "x1": n(plot.left - 3), "y1": n(py(value)), "x2": n(plot.left), "y2": n(py(value))])
        }
        svg.close()

        svg.open("g", ["class": "tick-labels", "fill": "#444", "font-size": "11"])
        for value in xTicks.values {
            svg.element("text", ["x": n(px(value)), "y": n(plot.bottom + 18), "text-anchor": "middle"], text: xTicks.label(value))
        }
        for value in yAxis.values {
            svg.element("text", ["x": n(plot.left - 8), "y": n(py(value) + 4), "text-anchor": "end"], text: yAxis.label(value))
        }
        svg.close()

        svg.element("text", ["class": "axis-label", "x": n((plot.left + plot.right) / 2), "y": n(plot.bottom + 38),
                             "text-anchor": "middle", "fill": "#222"], text: "Epoch")
        let labelX = x + 14, labelY = (plot.top + plot.bottom) / 2
        svg.element("text", ["class": "axis-label", "x": n(labelX), "y": n(labelY), "text-anchor": "middle", "fill": "#222",
                             "transform": "rotate(-90 \(n(labelX)) \(n(labelY)))"], text: panel.quantity)

        for series in panel.series {
            drawSeries(series, into: &svg, axis: yAxis, px: px, py: py)
        }
        if let best, let series = panel.series.first(where: { $0.key == best.key }),
           let value = series.points[best.index].y, yAxis.canShow(value) {
            drawBest(epoch: series.points[best.index].x, value: value, key: best.key, in: plot, into: &svg,
                     at: (px(series.points[best.index].x), py(value)))
        }
        svg.close()
    }

    /// The series' line (one `<path>`, broken where values are missing) and its point markers.
    private func drawSeries(_ series: Series, into svg: inout SVGDocument, axis: ValueAxis,
                            px: (Double) -> Double, py: (Double) -> Double) {
        let ys = series.points.map { point in point.y.flatMap { axis.canShow($0) ? $0 : nil } }
        var d: [String] = []
        var previousDrawn = false
        var isolated: [Int] = []
        for (index, point) in series.points.enumerated() {
            guard let y = ys[index] else { previousDrawn = false; continue }
            d.append("\(previousDrawn ? "L" : "M")\(n(px(point.x))) \(n(py(y)))")
            let nextDrawn = index + 1 < ys.count && ys[index + 1] != nil
            if !previousDrawn && !nextDrawn { isolated.append(index) }
            previousDrawn = true
        }
        var attributes: [(String, String)] = [("class", "series"), ("data-key", series.key), ("d", d.joined(separator: " ")),
                                              ("fill", "none"), ("stroke-linejoin", "round")]
        attributes += HistoryChart.style(isValidation: series.isValidation)
        svg.open("path", attributes)
        svg.element("title", [:], text: series.key)
        svg.close()

        let marked = series.points.count <= HistoryChart.markerLimit ? Array(series.points.indices) : isolated
        let colour = series.isValidation ? HistoryChart.validationColour : HistoryChart.trainingColour
        let markers = marked.compactMap { index in ys[index].map { (series.points[index].x, $0) } }
        guard !markers.isEmpty else { return }
        svg.open("g", ["class": "markers", "data-key": series.key, "fill": series.isValidation ? "white" : colour,
                       "stroke": colour, "stroke-width": "1.5"])
        for (x, y) in markers {
            svg.element("circle", ["cx": n(px(x)), "cy": n(py(y)), "r": "3"])
        }
        svg.close()
    }

    /// A ring on the best point, a dotted line down to its epoch, and the label
    /// `best: epoch 7, 0.1234` beside the point, on whichever side keeps it inside the plot.
    private func drawBest(epoch: Double, value: Double, key: String, in plot: PlotArea,
                          into svg: inout SVGDocument, at point: (x: Double, y: Double)) {
        let text = "best: epoch \(Int(epoch)), \(HistoryChart.shortNumber(value))"
        let textWidth = Double(text.count) * 6.1, textHeight = 14.0
        let onRight = point.x + 10 + textWidth <= plot.right - 4
        let textX = onRight ? point.x + 10 : max(plot.left + 4 + textWidth, point.x - 10)
        let above = point.y - 12 - textHeight >= plot.top + 2
        let baseline = above ? point.y - 12 : min(plot.bottom - 6, point.y + 22)
        svg.open("g", ["class": "best-epoch", "data-key": key, "data-epoch": String(Int(epoch))])
        svg.element("line", ["x1": n(point.x), "y1": n(point.y), "x2": n(point.x), "y2": n(plot.bottom),
                             "stroke": HistoryChart.bestColour, "stroke-width": "1", "stroke-dasharray": "2 3"])
        svg.element("circle", ["cx": n(point.x), "cy": n(point.y), "r": "6", "fill": "none",
                               "stroke": HistoryChart.bestColour, "stroke-width": "2"])
        svg.element("rect", ["x": n(textX - (onRight ? 2 : textWidth + 2)), "y": n(baseline - 11), "width": n(textWidth + 4),
                             "height": n(textHeight), "rx": "3", "fill": "white", "fill-opacity": "0.85"])
        svg.element("text", ["class": "best-label", "x": n(textX), "y": n(baseline), "text-anchor": onRight ? "start" : "end",
                             "font-size": "11", "fill": HistoryChart.bestColour, "font-weight": "bold"], text: text)
        svg.close()
    }

    /// Four significant digits, an exponent written short: `0.1234`, `12.35`, `2e-6`, `1.235e4`.
    static func shortNumber(_ value: Double) -> String {
        let text = String(format: "%.4g", value)
        guard let e = text.firstIndex(of: "e") else { return text }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return text[..<e] + "e\(exponent)"
    }

    /// A panel title: `accuracy` → `Accuracy`, `top_k_accuracy` → `Top k accuracy`, `mae` → `MAE`.
    static func displayName(_ quantity: String) -> String {
        let acronyms: Set<String> = ["mae", "mse", "rmse", "mape", "msle", "auc", "iou", "psnr", "ssim"]
        if acronyms.contains(quantity.lowercased()) { return quantity.uppercased() }
        let words = quantity.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Solid blue for training, dashed orange for validation.
    static func style(isValidation: Bool) -> [(String, String)] {
        isValidation
            ? [("stroke", HistoryChart.validationColour), ("stroke-width", "2"), ("stroke-dasharray", "6 4")]
            : [("stroke", HistoryChart.trainingColour), ("stroke-width", "2")]
    }
}
