/// The time loop every recurrent layer shares, around its cell's kernels (``RecurrentCellKernels``).
///
/// Forward: the sequence is copied time-major (`[T, rows, F]`, in processing order, with the input
/// dropout mask applied); the input projection of all steps is ONE GEMM; then per step the cell
/// (which adds its recurrent GEMM and runs its fused gate pass), the mask (a masked row keeps its
/// states), and the output. Backward through time, per step: the output gradient (with the carry of
/// masked steps), the cell's backward, the recurrent dropout mask; then the kernel gradient and the
/// input gradient as ONE GEMM each, and the cell's other parameter gradients as GEMMs over all steps.
/// Nothing is allocated while a step runs: every buffer is plan scratch.
enum RecurrentKernels {
    /// The scratch buffers, per sample (the plan multiplies each by the batch capacity).
    private enum Slot: Int, CaseIterable {
        case sequence, projection, states, cell, recurrentInputs, dropoutMasks, gradients
    }

    static func make(for layer: Recurrent, call: KernelCall) throws -> LayerKernels {
        let layout = try layer.inputLayout(call.inputShapes)
        let (kernel, _, _) = try layer.builtWeights(features: layout.features)
        let cell = try layer.makeCellKernels(for: call, layout: layout)
        let steps = layout.timeSteps, features = layout.features, units = layer.units
        let width = kernel.shape[1], stateCount = layer.cellStateCount, cellWidth = cell.scratchWidth
        let dropsInputs = layer.dropsInputs(training: call.isTraining)
        let dropsRecurrent = layer.dropsRecurrentUnits(training: call.isTraining)
        let returnSequences = layer.returnSequences, returnState = layer.returnState
        // Keras zeroes masked steps of a returned sequence only: a last output is the last kept step's.
        let goBackwards = layer.goBackwards, zeroOutputForMask = layer.zeroOutputForMask && layer.returnSequences
        let hasInitialStates = layout.hasInitialStates, hasMask = layout.hasMask
        let maskInput = call.inputShapes.count - 1

        var sizes = [Int](repeating: 1, count: Slot.allCases.count)
        sizes[Slot.sequence.rawValue] = steps * features
        sizes[Slot.projection.rawValue] = steps * width
        sizes[Slot.states.rawValue] = stateCount * (steps + 1) * units
        sizes[Slot.cell.rawValue] = max(1, steps * cellWidth)
        sizes[Slot.recurrentInputs.rawValue] = dropsRecurrent ? steps * units : 1
        sizes[Slot.dropoutMasks.rawValue] = features + units
        sizes[Slot.gradients.rawValue] = (2 * stateCount + 2) * units

        /// Whether row `r` keeps time step `t` (always, without a mask).
        @inline(__always) func keeps(_ b: StepBuffers, _ r: Int, _ t: Int) -> Bool {
            !hasMask || b.inputs[maskInput][r * steps + t] != 0
        }
        @inline(__always) func time(_ step: Int) -> Int { goBackwards ? steps - 1 - step : step }
        /// Runs the time loop over all rows, or — with several threads, for a cell that works on row
        /// ranges — over one chunk of rows per thread at once (the rows' recurrences are independent).
        let splitsRows = cell.supportsRowChunks
        func forEachRowChunk(_ rows: Int, _ body: (Range<Int>) -> Void) {
            guard splitsRows, rows >= 16 else { return body(0..<rows) }
            Parallel.forEachChunk(count: rows, costPerElement: steps * width * units, body)
        }

        /// The step's buffers for the cell (the gradient pointers are only read backward).
        func stepBuffers(_ b: StepBuffers, step: Int, rowRange: Range<Int>, next: UnsafeMutablePointer<Float>,
                         previous: UnsafeMutablePointer<Float>, recurrentGradient: UnsafeMutablePointer<Float>) -> RecurrentStep {
            let rows = b.rows
            let states = b.scratch[Slot.states.rawValue]
            let recurrentInput = dropsRecurrent ? b.scratch[Slot.recurrentInputs.rawValue] + step * rows * units : states + step * rows * units
            return RecurrentStep(rows: rows, rowRange: rowRange, step: step, projection: b.scratch[Slot.projection.rawValue] + step * rows * width,
                                 recurrentInput: recurrentInput, previousStates: states + step * rows * units,
                                 nextStates: states + (step + 1) * rows * units, stateStride: (steps + 1) * rows * units,
                                 scratch: b.scratch[Slot.cell.rawValue] + step * rows * cellWidth, buffers: b,
                                 nextGradients: next, previousGradients: previous, recurrentInputGradient: recurrentGradient)
        }

        return LayerKernels(
            scratch: sizes,
            forward: { [layer] b in
                let rows = b.rows, x = b.inputs[0]
                let sequence = b.scratch[Slot.sequence.rawValue], projection = b.scratch[Slot.projection.rawValue]
                let states = b.scratch[Slot.states.rawValue], stateStride = (steps + 1) * rows * units
                let inputMask = b.scratch[Slot.dropoutMasks.rawValue], recurrentMask = inputMask + rows * features
                layer.fillDropoutMasks(input: dropsInputs ? inputMask : nil, inputCount: rows * features,
                                       recurrent: dropsRecurrent ? recurrentMask : nil, recurrentCount: rows * units)
                // The sequence, time-major in processing order, through the input dropout mask.
                for step in 0..<steps {
                    let t = time(step)
                    for r in 0..<rows {
                        let source = x + (r * steps + t) * features, target = sequence + (step * rows + r) * features
                        if dropsInputs {
                            VectorMath.multiply(source, inputMask + r * features, into: target, count: features)
                        } else {
                            target.update(from: source, count: features)
                        }
                    }
                }
                BLAS.sgemm(transposeA: false, transposeB: false, m: steps * rows, n: width, k: features, alpha: 1, a: sequence, lda: features,
                           b: b.parameters[0], ldb: width, beta: 0, c: projection, ldc: width)
                for s in 0..<stateCount {
                    let initial = states + s * stateStride
                    if hasInitialStates { initial.update(from: b.inputs[1 + s], count: rows * units) } else { initial.update(repeating: 0, count: rows * units) }
                }
                let output = b.outputs[0]
                if !returnSequences { output.update(repeating: 0, count: rows * units) }
                forEachRowChunk(rows) { range in
                  for step in 0..<steps {
                    let cellStep = stepBuffers(b, step: step, rowRange: range, next: states, previous: states, recurrentGradient: states)
                    if dropsRecurrent {
                        let first = range.lowerBound * units
                        VectorMath.multiply(states + step * rows * units + first, recurrentMask + first,
                                            into: UnsafeMutablePointer(mutating: cellStep.recurrentInput) + first, count: range.count * units)
                    }
                    cell.forward(cellStep)
                    let t = time(step)
                    for r in range {
                        let h = cellStep.nextState(0) + r * units
                        let out = returnSequences ? output + (r * steps + step) * units : output + r * units
                        if keeps(b, r, t) {
                            out.update(from: h, count: units)
                            continue
                        }
                        for s in 0..<stateCount {
                            (cellStep.nextState(s) + r * units).update(from: cellStep.previousState(s) + r * units, count: units)
                        }
                        if zeroOutputForMask || step == 0 {
                            out.update(repeating: 0, count: units)
                        } else if returnSequences {
                            out.update(from: out - units, count: units)
                        }
                    }
                  }
                }
                if returnState {
                    for s in 0..<stateCount { b.outputs[1 + s].update(from: states + s * stateStride + steps * rows * units, count: rows * units) }
                }
            },
            backward: { b in
                let rows = b.rows, n = rows * units
                let gradients = b.scratch[Slot.gradients.rawValue]
                let firstNext = gradients, firstPrevious = gradients + stateCount * n
                let recurrentGradient = gradients + 2 * stateCount * n, carry = recurrentGradient + n
                let recurrentMask = b.scratch[Slot.dropoutMasks.rawValue] + rows * features
                let outputGradient = b.outputGradients[0]
                for s in 0..<stateCount {
                    if returnState { (firstNext + s * n).update(from: b.outputGradients[1 + s], count: n) } else { (firstNext + s * n).update(repeating: 0, count: n) }
                }
                if returnSequences { carry.update(repeating: 0, count: n) } else { carry.update(from: outputGradient, count: n) }
                forEachRowChunk(rows) { range in
                  var next = firstNext, previous = firstPrevious
                  let first = range.lowerBound * units, count = range.count * units
                  for step in stride(from: steps - 1, through: 0, by: -1) {
                    let t = time(step)
                    for s in 0..<stateCount { (previous + s * n + first).update(repeating: 0, count: count) }
                    for r in range {
                        let g = carry + r * units
                        if returnSequences { VectorMath.add(outputGradient + (r * steps + step) * units, into: g, count: units) }
                        if keeps(b, r, t) {
                            VectorMath.add(g, into: next + r * units, count: units)
                            g.update(repeating: 0, count: units)
                        } else {
                            if zeroOutputForMask { g.update(repeating: 0, count: units) }
                            for s in 0..<stateCount {
                                let row = s * n + r * units
                                (previous + row).update(from: next + row, count: units)
                                (next + row).update(repeating: 0, count: units)
                            }
                        }
                    }
                    if dropsRecurrent { (recurrentGradient + first).update(repeating: 0, count: count) }
                    let cellStep = stepBuffers(b, step: step, rowRange: range, next: next, previous: previous,
                                               recurrentGradient: dropsRecurrent ? recurrentGradient : previous)
                    cell.backward(cellStep)
                    if dropsRecurrent {
                        VectorMath.multiply(recurrentGradient + first, recurrentMask + first, into: previous + first, count: count, accumulate: true)
                    }
                    swap(&next, &previous)
                  }
                }
                // After an even number of steps the gradients of the initial states are back in the first buffer.
                let next = steps % 2 == 0 ? firstNext : firstPrevious
                // No gradient flows into a mask; a model gives it none to write, a direct caller gets zeros.
                if hasMask, let d = b.inputGradients[maskInput], !b.accumulatesInputGradient[maskInput] {
                    d.update(repeating: 0, count: rows * steps)
                }
                if hasInitialStates {
                    for s in 0..<stateCount {
                        guard let d = b.inputGradients[1 + s] else { continue }
                        if b.accumulatesInputGradient[1 + s] { VectorMath.add(next + s * n, into: d, count: n) } else { d.update(from: next + s * n, count: n) }
                    }
                }
                let sequence = b.scratch[Slot.sequence.rawValue], projection = b.scratch[Slot.projection.rawValue]
                if let dw = b.parameterGradients[0] {
                    BLAS.sgemm(transposeA: true, transposeB: false, m: features, n: width, k: steps * rows, alpha: 1, a: sequence, lda: features,
                               b: projection, ldb: width, beta: b.accumulatesParameterGradients ? 1 : 0, c: dw, ldc: width)
                }
                let states = b.scratch[Slot.states.rawValue]
                cell.parameterGradients(RecurrentSequence(
                    rows: rows, steps: steps, projectionGradients: projection,
                    recurrentInputs: dropsRecurrent ? b.scratch[Slot.recurrentInputs.rawValue] : states,
                    scratch: b.scratch[Slot.cell.rawValue], buffers: b))
                guard let dx = b.inputGradients[0] else { return }
                // dxᵀ (time-major) = dP · kernelᵀ, into the sequence buffer (no longer needed), then back
                // to batch-major through the input dropout mask.
                BLAS.sgemm(transposeA: false, transposeB: true, m: steps * rows, n: features, k: width, alpha: 1, a: projection, lda: width,
                           b: b.parameters[0], ldb: width, beta: 0, c: sequence, ldc: features)
                let inputMask = b.scratch[Slot.dropoutMasks.rawValue]
                let accumulate = b.accumulatesInputGradient[0]
                for step in 0..<steps {
                    let t = time(step)
                    for r in 0..<rows {
                        let source = sequence + (step * rows + r) * features, target = dx + (r * steps + t) * features
                        if dropsInputs {
                            VectorMath.multiply(source, inputMask + r * features, into: target, count: features, accumulate: accumulate)
                        } else if accumulate {
                            VectorMath.add(source, into: target, count: features)
                        } else {
                            target.update(from: source, count: features)
                        }
                    }
                }
            })
    }
}
