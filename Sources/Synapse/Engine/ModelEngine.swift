/// A model's compiled plans and its flat parameter layout: the one place that decides how
/// training, evaluation and prediction run.
final class ModelEngine {
    private var layout: ParameterLayout?
    /// The plans compiled so far, most recent first (a handful: one per mode and label layout).
    private var plans: [ExecutionPlan] = []
    /// The plan and row count of the last training batch whose gradients were written, whose outputs
    /// and gradients ``lastTrainingOutput(of:)`` and ``lastGradient(of:)`` read; `nil` before one.
    var lastTrainingRun: (plan: ExecutionPlan, rows: Int)?

    /// Drops every plan (layers, parameters or settings changed).
    func invalidate() {
        plans.removeAll()
        layout = nil
        lastTrainingRun = nil
    }

    /// The plan for `mode` with room for `rows` rows, compiled on first use; a plan with room for
    /// more rows serves a smaller (last, partial) batch. Before a plan is used the layout is checked,
    /// so parameters that were given a new shape, frozen or unfrozen, or moved by another model are
    /// laid out again and the plans recompiled. Finding a plan allocates nothing.
    func plan(_ mode: ExecutionPlan.Mode, rows: Int, losses: [ExecutionPlan.LossSpecification], usesKernels: Bool,
              graph: () throws -> ModelGraph, parameters: () -> [Parameter]) throws -> ExecutionPlan {
        if let layout, !layout.isIntact() { invalidate() }
        for plan in plans where plan.mode == mode && plan.capacity >= rows && plan.matches(losses) {
            return plan
        }
        let layout = self.layout ?? ParameterLayout(parameters: parameters())
        self.layout = layout
        let plan = try ExecutionPlan(graph: try graph(), mode: mode, capacity: rows, layout: layout, losses: losses,
                                     usesKernels: usesKernels)
        if plans.count >= 6 { plans.removeLast() }
        plans.insert(plan, at: 0)
        return plan
    }
}

extension ModelEngine {
    /// What the last training batch left in the flat gradient buffer for `parameter` — the gradient
    /// the optimizer applied (after clipping) — or `nil` when no plan has laid the parameters out or
    /// `parameter` is not one of the trainable parameters laid out, or no training batch ran since.
    func lastGradient(of parameter: Parameter) -> Tensor? {
        guard lastTrainingRun != nil, let layout, layout.isIntact(),
              let index = layout.trainable.firstIndex(where: { $0 === parameter }) else { return nil }
        let source = layout.trainableGradients[index]
        return Tensor.build(shape: parameter.shape) { $0.baseAddress!.update(from: source, count: $0.count) }
    }

    /// What `layer` produced in the last training batch (see ``ExecutionPlan/output(of:rows:)``), or
    /// `nil` before any training batch or when that batch's plan does not call `layer`.
    func lastTrainingOutput(of layer: any Layer) -> Tensor? {
        guard let run = lastTrainingRun, plans.contains(where: { $0 === run.plan }) else { return nil }
        return run.plan.output(of: layer, rows: run.rows)
    }
}
