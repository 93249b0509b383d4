/// A model's compiled plans and its flat parameter layout: the one place that decides how
/// training, evaluation and prediction run.
final class ModelEngine {
    private struct Key: Hashable {
        let mode: ExecutionPlan.Mode
        let capacity: Int
        let labelShapes: [[Int]]
    }

    private var layout: ParameterLayout?
    private var plans: [Key: ExecutionPlan] = [:]

    /// Drops every plan (layers, parameters or settings changed).
    func invalidate() {
        plans.removeAll()
        layout = nil
    }

    /// The plan for `mode` and at least `rows` rows, compiled on first use. Plans are kept per mode
    /// (a smaller batch reuses a larger plan); the layout is checked first, so parameters that were
    /// reassigned a new shape or moved by another model are laid out again.
    func plan(_ mode: ExecutionPlan.Mode, rows: Int, graph: ModelGraph, parameters: [Parameter],
              losses: [ExecutionPlan.LossSpecification], usesKernels: Bool) throws -> ExecutionPlan {
        if let layout, !layout.isIntact(for: parameters) { invalidate() }
        let layout = self.layout ?? ParameterLayout(parameters: parameters)
        self.layout = layout
        let key = Key(mode: mode, capacity: rows, labelShapes: losses.map(\.labelShape))
        if let plan = plans[key] { return plan }
        // A plan with room for more rows serves a smaller (last, partial) batch.
        if let larger = plans.first(where: { $0.key.mode == mode && $0.key.labelShapes == key.labelShapes && $0.key.capacity >= rows }) {
            return larger.value
        }
        if plans.count >= 6 { plans.removeAll() }
        let plan = try ExecutionPlan(graph: graph, mode: mode, capacity: rows, layout: layout, losses: losses, usesKernels: usesKernels)
        plans[key] = plan
        return plan
    }
}
