/// A top-to-bottom layered layout of a directed acyclic graph, as graphviz's `dot` draws one: each
/// vertex goes in the row of its rank (the longest path to it from a vertex without predecessors),
/// an edge that skips rows passes through placeholder vertices in the rows between, the order
/// within rows reduces crossings (barycentre sweeps), and each vertex sits under its predecessors
/// where the widths allow.
struct LayeredLayout {
    /// A placed vertex: a real one (an index given to the initialiser) or a placeholder on a long edge.
    struct Vertex {
        var rank: Int
        /// The centre, from the left of the layout (which starts at 0).
        var x: Double
        var width: Double
        var isPlaceholder: Bool
    }

    /// The real vertices first (in the order given), then the placeholders.
    private(set) var vertices: [Vertex] = []
    /// Per edge given, the vertices it passes through: its source, placeholders, its target.
    private(set) var routes: [[Int]] = []
    /// The number of rows.
    private(set) var rankCount = 0
    /// The width of the layout.
    private(set) var width = 0.0

    /// The horizontal gap between boxes, and the width a placeholder takes in its row.
    static let gap = 28.0, placeholderWidth = 16.0

    /// Lays out vertices of the given widths, listed so that every edge goes from an earlier vertex
    /// to a later one (a topological order).
    init(widths: [Double], edges: [(from: Int, to: Int)]) {
        precondition(edges.allSatisfy { $0.from < $0.to && $0.to < widths.count }, "edges must follow a topological order")
        var ranks = [Int](repeating: 0, count: widths.count)
        for edge in edges.sorted(by: { $0.to < $1.to }) { ranks[edge.to] = max(ranks[edge.to], ranks[edge.from] + 1) }
        vertices = zip(ranks, widths).map { Vertex(rank: $0, x: 0, width: $1, isPlaceholder: false) }
        for edge in edges {
            var route = [edge.from]
            for rank in (ranks[edge.from] + 1)..<max(ranks[edge.from] + 1, ranks[edge.to]) {
                vertices.append(Vertex(rank: rank, x: 0, width: LayeredLayout.placeholderWidth, isPlaceholder: true))
                route.append(vertices.count - 1)
            }
            routes.append(route + [edge.to])
        }
        rankCount = (ranks.max() ?? -1) + 1
        var predecessors = [[Int]](repeating: [], count: vertices.count), successors = predecessors
        for route in routes {
            for (a, b) in zip(route, route.dropFirst()) {
                successors[a].append(b)
                predecessors[b].append(a)
            }
        }
        var rows = [[Int]](repeating: [], count: rankCount)
        for (index, vertex) in vertices.enumerated() { rows[vertex.rank].append(index) }
        order(&rows, predecessors: predecessors, successors: successors)
        place(rows, predecessors: predecessors, successors: successors)
    }

    /// Barycentre sweeps, down then up, finishing downwards: each row sorted by the mean position
    /// of its neighbours in the row before.
    private func order(_ rows: inout [[Int]], predecessors: [[Int]], successors: [[Int]]) {
        func sweep(_ rankOrder: [Int], neighbours: [[Int]], reference: (Int) -> Int) {
            for rank in rankOrder {
                let before = rows[reference(rank)]
                var position = [Int: Int]()
                for (i, vertex) in before.enumerated() { position[vertex] = i }
                let keys = rows[rank].enumerated().map { i, vertex -> Double in
                    let placed = neighbours[vertex].compactMap { position[$0] }
                    return placed.isEmpty ? Double(i) : Double(placed.reduce(0, +)) / Double(placed.count)
                }
                rows[rank] = zip(rows[rank], keys).enumerated()
                    .sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element.0)
            }
        }
        guard rankCount > 1 else { return }
        for _ in 0..<3 {
            sweep(Array(1..<rankCount), neighbours: predecessors) { $0 - 1 }
            sweep(Array((0..<(rankCount - 1)).reversed()), neighbours: successors) { $0 + 1 }
        }
        sweep(Array(1..<rankCount), neighbours: predecessors) { $0 - 1 }
    }

    /// Horizontal positions: each vertex wants the mean of its neighbours' centres (the real ones
    /// when it has any, so that a chain stays straight and a skip connection bends round it); a row
    /// is packed left to right without overlaps, then shifted so that it is off its wishes by zero
    /// on average.
    private mutating func place(_ rows: [[Int]], predecessors: [[Int]], successors: [[Int]]) {
        func pack(_ row: [Int], wanted: [Double]) {
            var placed: [Double] = []
            for (i, vertex) in row.enumerated() {
                var x = wanted[i]
                if i > 0 {
                    let previous = row[i - 1]
                    x = max(x, placed[i - 1] + (vertices[previous].width + vertices[vertex].width) / 2 + LayeredLayout.gap)
                }
                placed.append(x)
            }
            let real = row.indices.filter { !vertices[row[$0]].isPlaceholder }
            let counted = real.isEmpty ? Array(row.indices) : real
            let shift = counted.map { wanted[$0] - placed[$0] }.reduce(0, +) / Double(counted.count)
            for (i, vertex) in row.enumerated() { vertices[vertex].x = placed[i] + shift }
        }
        func wish(_ vertex: Int, _ neighbours: [Int]) -> Double {
            let real = neighbours.filter { !vertices[$0].isPlaceholder }
            let chosen = real.isEmpty ? neighbours : real
            guard !chosen.isEmpty else { return vertices[vertex].x }
            return chosen.map { vertices[$0].x }.reduce(0, +) / Double(chosen.count)
        }
        for row in rows { pack(row, wanted: row.map { _ in 0 }) }
        for _ in 0..<2 {
            for row in rows.dropFirst() { pack(row, wanted: row.map { wish($0, predecessors[$0]) }) }
            for row in rows.dropLast().reversed() { pack(row, wanted: row.map { wish($0, successors[$0]) }) }
        }
        for row in rows.dropFirst() { pack(row, wanted: row.map { wish($0, predecessors[$0]) }) }
        let left = vertices.map { $0.x - $0.width / 2 }.min() ?? 0
        let right = vertices.map { $0.x + $0.width / 2 }.max() ?? 0
        for index in vertices.indices { vertices[index].x -= left }
        width = right - left
    }
}
