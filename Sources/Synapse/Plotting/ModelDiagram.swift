import Foundation

extension Model {
    /// Draws the model's graph as an SVG diagram and writes it to `path`, as Keras's
    /// `keras.utils.plot_model(model, to_file=…, show_shapes=True)`.
    ///
    /// ```swift
    /// try model.plotModel(to: "model.svg")
    /// ```
    ///
    /// See ``modelDiagramSVG()`` for what the picture shows. The file is replaced atomically: it is
    /// written under a temporary name in the same folder, then renamed.
    ///
    /// - Throws: ``SynapseError/invalidState(_:)`` when the model is not built yet (a ``Sequential``
    ///   whose input shape is unknown); ``SynapseError/fileError(_:)`` naming the file when it cannot
    ///   be written.
    public func plotModel(to path: String) throws {
        try AtomicFileWriter.write(try modelDiagramSVG(), to: path)
    }

    /// The model's graph as an SVG document, laid out top to bottom.
    ///
    /// Each input and each layer call is a box with the layer's name and type (`dense (Dense)`)
    /// and its output shape, the batch axis shown as `None` as ``summary(print:)`` shows it
    /// (`(None, 64)`); a ``Sequential`` model starts with its input too. Arrows go from each layer to
    /// the layers that take its output — branches, merges (``Add``, ``Concatenate``), several
    /// inputs and outputs. A box's row is the length of the longest path to it from an input; an
    /// arrow that skips rows bends around the boxes between. A layer called more than once (shared
    /// weights) has a box per call, marked `call 2`, `call 3`, ….
    ///
    /// Each box is a `<g class="node" data-name="dense" data-type="Dense" data-kind="layer">`
    /// (`data-kind="input"` for inputs, `data-output="true"` on the model's outputs) and each arrow a
    /// `<path class="edge" data-from="dense" data-to="add">`, so the document can be inspected or
    /// restyled with CSS.
    ///
    /// - Throws: ``SynapseError/invalidState(_:)`` when the model is not built yet.
    public func modelDiagramSVG() throws -> String {
        ModelDiagram(graph: try currentGraph(), name: name).render()
    }
}

/// The boxes and arrows of a model's diagram, and their drawing.
struct ModelDiagram {
    /// One box: an input or a layer call.
    struct Box {
        var name: String
        var type: String
        var shape: String
        var isInput: Bool
        var isOutput: Bool
        /// 1 for a layer's first call, 2 for its second, …
        var call: Int
        var heading: String { "\(name) (\(type))" + (call > 1 ? ", call \(call)" : "") }
    }

    static let boxHeight = 44.0, rowGap = 42.0, margin = 20.0, titleHeight = 34.0
    static let minimumBoxWidth = 130.0, padding = 24.0
    /// Rough advance widths of the two fonts used, in pixels per character (DejaVu Sans and
    /// Helvetica are near these), to size the boxes to their text.
    static let headingCharacterWidth = 7.4, shapeCharacterWidth = 6.7

    let name: String
    let boxes: [Box]
    let edges: [(from: Int, to: Int)]

    init(graph: ModelGraph, name: String) {
        self.name = name
        var boxes: [Box] = []
        var boxOfTensorProducer: [ObjectIdentifier: Int] = [:]
        let outputs = Set(graph.outputs.map { ObjectIdentifier($0) })
        for input in graph.inputs {
            boxOfTensorProducer[ObjectIdentifier(input)] = boxes.count
            boxes.append(Box(name: input.name.isEmpty ? "input" : input.name, type: input.typeName,
                             shape: SummaryTable.shapeText(input.shape), isInput: true,
                             isOutput: outputs.contains(ObjectIdentifier(input)), call: 1))
        }
        var calls: [ObjectIdentifier: Int] = [:]
        var edges: [(from: Int, to: Int)] = []
        for node in graph.layerNodes {
            let index = boxes.count
            var sources: [Int] = []
            for tensor in node.callInputs {
                let producer = tensor.node.map { ObjectIdentifier($0) } ?? ObjectIdentifier(tensor)
                if let source = boxOfTensorProducer[producer], !sources.contains(source) { sources.append(source) }
            }
            edges += sources.map { (from: $0, to: index) }
            boxOfTensorProducer[ObjectIdentifier(node)] = index
            let call = calls[ObjectIdentifier(node.layer), default: 0] + 1
            calls[ObjectIdentifier(node.layer)] = call
            boxes.append(Box(name: node.layer.name, type: node.layer.typeName,
                             shape: node.outputs.map { SummaryTable.shapeText($0.shape) }.joined(separator: ", "),
                             isInput: false, isOutput: node.outputs.contains { outputs.contains(ObjectIdentifier($0)) }, call: call))
        }
        self.boxes = boxes
        self.edges = edges
    }

    func render() -> String {
        let widths = boxes.map { box in
            max(ModelDiagram.minimumBoxWidth,
                max(Double(box.heading.count) * ModelDiagram.headingCharacterWidth,
                    Double(box.shape.count) * ModelDiagram.shapeCharacterWidth) + ModelDiagram.padding)
        }
        let layout = LayeredLayout(widths: widths, edges: edges)
        let titleWidth = Double(name.count + 9) * 8.4
        let width = max(layout.width, titleWidth) + 2 * ModelDiagram.margin
        let offset = ModelDiagram.margin + (width - 2 * ModelDiagram.margin - layout.width) / 2
        let top = ModelDiagram.margin + ModelDiagram.titleHeight
        let height = top + Double(layout.rankCount) * (ModelDiagram.boxHeight + ModelDiagram.rowGap) - ModelDiagram.rowGap + ModelDiagram.margin
        func x(_ vertex: Int) -> Double { offset + layout.vertices[vertex].x }
        func y(_ vertex: Int) -> Double { top + Double(layout.vertices[vertex].rank) * (ModelDiagram.boxHeight + ModelDiagram.rowGap) }

        var svg = SVGDocument(width: width, height: height)
        svg.element("title", [:], text: "Model: \"\(name)\"")
        svg.open("defs")
        svg.open("marker", ["id": "arrow", "viewBox": "0 0 10 10", "refX": "9", "refY": "5", "markerWidth": "7",
                            "markerHeight": "7", "orient": "auto-start-reverse"])
        svg.element("path", ["d": "M0 0 L10 5 L0 10 z", "fill": "#555"])
        svg.close()
        svg.close()
        svg.element("rect", ["width": "100%", "height": "100%", "fill": "white"])
        svg.element("text", ["class": "title", "x": n(width / 2), "y": n(ModelDiagram.margin + 14), "text-anchor": "middle",
                             "font-size": "15", "font-weight": "bold", "fill": "#222"], text: "Model: \"\(name)\"")

        // Where arrows leave and reach a box: spread along its edge in the order of the other ends.
        var outgoing = [[Int]](repeating: [], count: boxes.count), incoming = outgoing
        for (index, route) in layout.routes.enumerated() {
            outgoing[route[0]].append(index)
            incoming[route[route.count - 1]].append(index)
        }
        func port(_ edge: Int, among edges: [Int], of box: Int, otherEnd: (Int) -> Int) -> Double {
            let sorted = edges.sorted { x(otherEnd($0)) < x(otherEnd($1)) }
            let position = Double(sorted.firstIndex(of: edge)!)
            let span = min(layout.vertices[box].width * 0.6, Double(sorted.count - 1) * 24)
            return x(box) + (sorted.count > 1 ? -span / 2 + span * position / Double(sorted.count - 1) : 0)
        }

        svg.open("g", ["class": "edges", "fill": "none", "stroke": "#555", "stroke-width": "1.4"])
        for (index, route) in layout.routes.enumerated() {
            let source = route[0], target = route[route.count - 1]
            var points = [(x: port(index, among: outgoing[source], of: source) { layout.routes[$0][1] }, y: y(source) + ModelDiagram.boxHeight)]
            for placeholder in route.dropFirst().dropLast() {
                points.append((x(placeholder), y(placeholder)))
                points.append((x(placeholder), y(placeholder) + ModelDiagram.boxHeight))
            }
            points.append((port(index, among: incoming[target], of: target) { layout.routes[$0][layout.routes[$0].count - 2] }, y(target)))
            var d = "M\(n(points[0].x)) \(n(points[0].y))"
            for i in stride(from: 1, to: points.count, by: 2) {
                let (a, b) = (points[i - 1], points[i])
                let middle = (a.y + b.y) / 2
                d += " C\(n(a.x)) \(n(middle)) \(n(b.x)) \(n(middle)) \(n(b.x)) \(n(b.y))"
                if i + 1 < points.count { d += " L\(n(points[i + 1].x)) \(n(points[i + 1].y))" }
            }
            svg.element("path", ["class": "edge", "data-from": boxes[source].name, "data-to": boxes[target].name,
                                 "d": d, "marker-end": "url(#arrow)"])
        }
        svg.close()

        for (index, box) in boxes.enumerated() {
            let left = x(index) - layout.vertices[index].width / 2, boxTop = y(index)
            var attributes: [(String, String)] = [("class", "node"), ("data-name", box.name), ("data-type", box.type),
                                                  ("data-kind", box.isInput ? "input" : "layer"), ("data-rank", String(layout.vertices[index].rank))]
            if box.call > 1 { attributes.append(("data-call", String(box.call))) }
            if box.isOutput { attributes.append(("data-output", "true")) }
            svg.open("g", attributes)
            svg.element("rect", ["x": n(left), "y": n(boxTop), "width": n(layout.vertices[index].width), "height": n(ModelDiagram.boxHeight),
                                 "rx": "6", "fill": box.isInput ? "#eaf5ec" : "#eef4fb",
                                 "stroke": box.isInput ? "#4c9a5f" : "#4a7fb5", "stroke-width": box.isOutput ? "2.2" : "1.2"])
            svg.element("text", ["class": "node-name", "x": n(x(index)), "y": n(boxTop + 18), "text-anchor": "middle",
                                 "font-weight": "bold", "fill": "#222"], text: box.heading)
            svg.element("text", ["class": "node-shape", "x": n(x(index)), "y": n(boxTop + 35), "text-anchor": "middle",
                                 "font-size": "11", "fill": "#555"], text: box.shape)
            svg.close()
        }
        return svg.rendered()
    }

    private func n(_ value: Double) -> String { SVGDocument.number(value) }
}
