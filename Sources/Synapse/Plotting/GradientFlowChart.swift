import Foundation

/// The heat map of ``GradientFlow``'s records: one panel for log₁₀ of the gradient norm and one for
/// log₁₀ of the update ratio, each with the layers as rows (input at the top, output at the bottom),
/// the recorded steps as columns and a colour bar.
///
/// Each panel is a `<g class="panel" data-quantity="gradient_norm">`, each of its rows a
/// `<g class="row" data-layer="dense">` holding one `<rect class="cell">` per step; a vanishing
/// cell has `data-condition="vanishing"` and a white cross, an exploding one
/// `data-condition="exploding"` and a red frame.
struct GradientFlowChart {
    let records: [GradientFlowRecord]
    let vanishingThreshold: Float
    let explodingThreshold: Float

    static let labelWidth = 120.0, mapWidth = 560.0, barWidth = 90.0, margin = 14.0
    static let titleHeight = 34.0, panelTitleHeight = 24.0, axisHeight = 34.0, legendHeight = 26.0
    /// Viridis, sampled at eight points: dark purple for the smallest values, yellow for the largest.
    static let palette: [(Double, Double, Double)] = [
        (68, 1, 84), (70, 50, 126), (54, 92, 141), (39, 127, 142),
        (31, 161, 135), (74, 193, 109), (160, 218, 57), (253, 231, 37),
    ]

    /// One quantity drawn as a panel.
    private struct Quantity {
        let key: String
        let title: String
        let value: (GradientFlowRecord) -> Float?
        let marksConditions: Bool
    }

    private var quantities: [Quantity] {
        [Quantity(key: "gradient_norm", title: "Gradient norm ‖g‖ per layer (colour: log₁₀)", value: \.gradientNorm, marksConditions: true),
         Quantity(key: "update_ratio", title: "Update ratio ‖Δw‖/‖w‖ per layer (colour: log₁₀)", value: \.updateRatio, marksConditions: false)]
    }

    /// The layers with a gradient, in the order first recorded (input to output).
    var layers: [String] {
        var names: [String] = []
        for record in records where record.gradientNorm != nil && !names.contains(record.layer) { names.append(record.layer) }
        return names
    }

    /// The recorded steps, ascending.
    var steps: [Int] { Array(Set(records.map(\.step))).sorted() }

    private var rowHeight: Double { layers.count > 24 ? 12 : layers.count > 12 ? 16 : 22 }
    private var panelHeight: Double {
        GradientFlowChart.panelTitleHeight + Double(max(layers.count, 1)) * rowHeight + GradientFlowChart.axisHeight
    }

    func svg() -> String {
        let c = GradientFlowChart.self
        let width = c.margin * 2 + c.labelWidth + c.mapWidth + c.barWidth
        let height = c.titleHeight + Double(quantities.count) * panelHeight + c.legendHeight + c.margin
        var svg = SVGDocument(width: width, height: height)
        svg.element("rect", ["x": "0", "y": "0", "width": n(width), "height": n(height), "fill": "white"])
        svg.element("text", ["class": "title", "x": n(width / 2), "y": "22", "text-anchor": "middle", "font-size": "16",
                             "font-weight": "bold", "fill": "#222"], text: "Gradient flow")
        guard !layers.isEmpty, !steps.isEmpty else {
            svg.element("text", ["x": n(width / 2), "y": n(height / 2), "text-anchor": "middle", "fill": "#666"],
                        text: "No batch recorded yet")
            return svg.rendered()
        }
        for (k, quantity) in quantities.enumerated() {
            draw(quantity, into: &svg, top: c.titleHeight + Double(k) * panelHeight)
        }
        drawLegend(into: &svg, y: height - c.margin - 8)
        return svg.rendered()
    }

    private func draw(_ quantity: Quantity, into svg: inout SVGDocument, top: Double) {
        let c = GradientFlowChart.self
        let layers = self.layers, steps = self.steps
        let left = c.margin + c.labelWidth, mapTop = top + c.panelTitleHeight
        let cellWidth = c.mapWidth / Double(steps.count)
        let column = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1, $0) })
        let row = Dictionary(uniqueKeysWithValues: layers.enumerated().map { ($1, $0) })
        let positive = records.compactMap(quantity.value).filter { $0 > 0 && $0.isFinite }.map(Double.init)
        let scale = LogAxisTicks(from: positive.min() ?? 1e-3, to: positive.max() ?? 1, targetCount: 5)
        let (low, high) = (Double(scale.lowerExponent), Double(scale.upperExponent))
        func fraction(_ value: Double) -> Double { min(1, max(0, (log10(value) - low) / (high - low))) }

        svg.open("g", ["class": "panel", "data-quantity": quantity.key])
        svg.element("text", ["class": "panel-title", "x": n(left + c.mapWidth / 2), "y": n(top + 16), "text-anchor": "middle",
                             "font-size": "13", "font-weight": "bold", "fill": "#222"], text: quantity.title)
        var marks: [(x: Double, y: Double, condition: GradientFlowCondition)] = []
        for (r, layer) in layers.enumerated() {
            let y = mapTop + Double(r) * rowHeight
            svg.open("g", ["class": "row", "data-layer": layer])
            svg.element("text", ["x": n(left - 8), "y": n(y + rowHeight / 2 + 4), "text-anchor": "end", "fill": "#222",
                                 "font-size": rowHeight < 16 ? "10" : "12"], text: GradientFlowChart.shortened(layer))
            for record in records where record.layer == layer {
                guard let index = column[record.step], row[record.layer] == r else { continue }
                let x = left + Double(index) * cellWidth
                var attributes: [(String, String)] = [("class", "cell"), ("data-step", String(record.step)),
                                                      ("x", n(x)), ("y", n(y)), ("width", n(cellWidth + 0.3)), ("height", n(rowHeight + 0.3))]
                let value = quantity.value(record)
                switch value {
                case let v? where v.isFinite && v > 0:
                    attributes.append(("fill", GradientFlowChart.colour(at: fraction(Double(v)))))
                case let v? where v == 0:
                    attributes.append(("fill", GradientFlowChart.colour(at: 0)))
                case let v? where !v.isFinite:
                    attributes.append(("fill", "#d62728"))
                default:
                    attributes.append(("fill", "#dddddd"))
                }
                if quantity.marksConditions,
                   let condition = GradientFlowCondition(record, vanishingThreshold: vanishingThreshold, explodingThreshold: explodingThreshold) {
                    attributes.append(("data-condition", condition == .vanishing ? "vanishing" : "exploding"))
                    marks.append((x, y, condition))
                }
                svg.element("rect", attributes)
            }
            svg.close()
        }
        let mapBottom = mapTop + Double(layers.count) * rowHeight
        drawMarks(marks, into: &svg, cellWidth: cellWidth)
        svg.element("rect", ["x": n(left), "y": n(mapTop), "width": n(c.mapWidth), "height": n(mapBottom - mapTop),
                             "fill": "none", "stroke": "#444", "stroke-width": "1"])
        drawStepAxis(into: &svg, steps: steps, left: left, cellWidth: cellWidth, y: mapBottom)
        drawColourBar(into: &svg, scale: scale, top: mapTop, bottom: mapBottom)
        svg.close()
    }

    /// A white cross on each vanishing cell, a red frame on each exploding one (crosses only where
    /// cells are wide enough to hold one).
    private func drawMarks(_ marks: [(x: Double, y: Double, condition: GradientFlowCondition)], into svg: inout SVGDocument,
                           cellWidth: Double) {
        guard !marks.isEmpty else { return }
        svg.open("g", ["class": "marks"])
        let inset = min(cellWidth, rowHeight) * 0.25
        for mark in marks {
            if mark.condition == .exploding {
                svg.element("rect", ["x": n(mark.x + 1), "y": n(mark.y + 1), "width": n(max(cellWidth - 2, 1)), "height": n(rowHeight - 2),
                                     "fill": "none", "stroke": "#d62728", "stroke-width": "2"])
            } else if cellWidth >= 6 {
                let cx = mark.x + cellWidth / 2, cy = mark.y + rowHeight / 2, h = min(cellWidth, rowHeight) / 2 - inset / 2
                svg.element("path", ["d": "M\(n(cx - h)),\(n(cy - h))L\(n(cx + h)),\(n(cy + h))M\(n(cx - h)),\(n(cy + h))L\(n(cx + h)),\(n(cy - h))",
                                     "stroke": "white", "stroke-width": "1.5", "fill": "none"])
            } else {
                svg.element("rect", ["x": n(mark.x), "y": n(mark.y + rowHeight - 3), "width": n(cellWidth), "height": "3", "fill": "white"])
            }
        }
        svg.close()
    }

    /// Ticks at round step numbers under the columns, and the axis title.
    private func drawStepAxis(into svg: inout SVGDocument, steps: [Int], left: Double, cellWidth: Double, y: Double) {
        let first = Double(steps.first!), last = Double(steps.last!)
        let ticks = AxisTicks(from: first, to: last, targetCount: 6, extendToTicks: false, integers: true)
        func x(_ step: Double) -> Double {
            let centreFirst = left + cellWidth / 2
            guard last > first else { return centreFirst }
            return centreFirst + (step - first) / (last - first) * (cellWidth * Double(steps.count - 1))
        }
        svg.open("g", ["class": "step-axis", "font-size": "11", "fill": "#444"])
        let values = steps.count == 1 ? [first] : ticks.values
        for value in values {
            svg.element("line", ["x1": n(x(value)), "y1": n(y), "x2": n(x(value)), "y2": n(y + 4), "stroke": "#444"])
            svg.element("text", ["x": n(x(value)), "y": n(y + 15), "text-anchor": "middle"], text: ticks.label(value))
        }
        svg.element("text", ["x": n(left + GradientFlowChart.mapWidth / 2), "y": n(y + 29), "text-anchor": "middle", "fill": "#222"],
                    text: "training step (batch)")
        svg.close()
    }

    /// A vertical gradient with the scale's powers of ten beside it.
    private func drawColourBar(into svg: inout SVGDocument, scale: LogAxisTicks, top: Double, bottom: Double) {
        let c = GradientFlowChart.self
        let x = c.margin + c.labelWidth + c.mapWidth + 14, width = 14.0
        let bottom = max(bottom, top + 44)
        let bands = 32
        svg.open("g", ["class": "colour-bar"])
        for band in 0..<bands {
            let bandHeight = (bottom - top) / Double(bands)
            let y = bottom - Double(band + 1) * bandHeight
            svg.element("rect", ["x": n(x), "y": n(y), "width": n(width), "height": n(bandHeight + 0.3),
                                 "fill": GradientFlowChart.colour(at: (Double(band) + 0.5) / Double(bands))])
        }
        svg.element("rect", ["x": n(x), "y": n(top), "width": n(width), "height": n(bottom - top), "fill": "none", "stroke": "#444"])
        let (low, high) = (Double(scale.lowerExponent), Double(scale.upperExponent))
        let labelled = scale.values.filter { abs(log10($0) - log10($0).rounded()) < 1e-9 }
        for value in labelled {
            let y = bottom - (log10(value) - low) / (high - low) * (bottom - top)
            svg.element("line", ["x1": n(x + width), "y1": n(y), "x2": n(x + width + 4), "y2": n(y), "stroke": "#444"])
            svg.element("text", ["x": n(x + width + 6), "y": n(y + 4), "font-size": "11", "fill": "#444"], text: scale.label(value))
        }
        svg.close()
    }

    private func drawLegend(into svg: inout SVGDocument, y: Double) {
        let c = GradientFlowChart.self
        let x = c.margin + c.labelWidth
        svg.open("g", ["class": "legend", "font-size": "11", "fill": "#222"])
        svg.element("rect", ["x": n(x), "y": n(y - 10), "width": "14", "height": "14", "fill": GradientFlowChart.colour(at: 0.05)])
        svg.element("path", ["d": "M\(n(x + 3)),\(n(y - 7))L\(n(x + 11)),\(n(y + 1))M\(n(x + 3)),\(n(y + 1))L\(n(x + 11)),\(n(y - 7))",
                             "stroke": "white", "stroke-width": "1.5"])
        svg.element("text", ["x": n(x + 20), "y": n(y + 1)],
                    text: "vanishing: ‖g‖ < \(describeRate(vanishingThreshold)) × max(‖w‖, 1)")
        let x2 = x + 290
        svg.element("rect", ["x": n(x2 + 1), "y": n(y - 9), "width": "12", "height": "12", "fill": GradientFlowChart.colour(at: 0.9),
                             "stroke": "#d62728", "stroke-width": "2"])
        svg.element("text", ["x": n(x2 + 20), "y": n(y + 1)],
                    text: "exploding: ‖g‖ > \(describeRate(explodingThreshold)) × max(‖w‖, 1)")
        svg.close()
    }

    /// The palette's colour at `t` in 0…1, interpolated, as `#rrggbb`.
    static func colour(at t: Double) -> String {
        let t = min(1, max(0, t.isFinite ? t : 0)) * Double(palette.count - 1)
        let i = min(Int(t), palette.count - 2), f = t - Double(i)
        let (a, b) = (palette[i], palette[i + 1])
        let channels = [a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f]
        return "#" + channels.map { String(format: "%02x", Int($0.rounded())) }.joined()
    }

    /// A layer name cut to fit the label column.
    static func shortened(_ name: String) -> String {
        name.count <= 18 ? name : String(name.prefix(17)) + "…"
    }

    private func n(_ value: Double) -> String { SVGDocument.number(value) }
}
