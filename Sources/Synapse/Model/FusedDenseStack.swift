/// The fast path for the models people train most: a stack of ``Dense`` layers (each optionally
/// followed by one ``Dropout``), trained and run through fused kernels over preallocated buffers.
///
/// A training step is the textbook chain rule written out once, with no graph: for each layer,
/// `z = a_prev·W` (BLAS), `z += b`, `a = act(z)` in one pass; the loss fused with the output
/// activation gives `dz` directly (softmax or sigmoid cross-entropy: `p − y`); then per layer, last
/// to first, `dW = a_prevᵀ·dz`, `db = Σ_rows dz`, and — except for the first layer, whose input needs
/// no gradient — `dz_prev = (dz·Wᵀ) ⊙ act′`. Buffers are reused from step to step, so a steady state
/// allocates only the small output tensors. The general autodiff path computes the same numbers
/// (the tests compare them); set ``Sequential/usesFusedKernels`` to `false` to use it instead.
final class FusedDenseStack {
    /// One dense layer and the dropout that may follow it.
    struct Stage {
        let dense: Dense
        let dropout: Dropout?
        var inputs: Int { dense.kernel!.value.shape[0] }
        var units: Int { dense.units }
    }

    /// How the loss meets the output layer.
    enum OutputLoss {
        /// Softmax (or logits) into categorical cross-entropy; labels are class indices when sparse.
        case softmaxCrossEntropy(sparse: Bool)
        /// Sigmoid (or logits) into binary cross-entropy.
        case sigmoidCrossEntropy
        /// Mean squared error after any activation.
        case meanSquaredError
    }

    let stages: [Stage]
    /// The layers' parameters, in the order of ``gradients``.
    private let parameters: [Parameter]
    private var workspaces: [Int: Workspace] = [:]
    private var gradients: [Tensor] = []

    private init(stages: [Stage]) {
        self.stages = stages
        parameters = stages.flatMap { $0.dense.parameters }
        for stage in stages {
            gradients.append(Tensor.zeros(like: stage.dense.kernel!.value))
            if let bias = stage.dense.bias { gradients.append(Tensor.zeros(like: bias.value)) }
        }
    }

    /// The stack for `layers`, or `nil` when they are not all dense (and dropout) layers on vectors.
    static func make(layers: [any Layer], inputShape: [Int]?) -> FusedDenseStack? {
        guard inputShape?.count == 1, !layers.isEmpty else { return nil }
        var stages: [Stage] = []
        var index = 0
        while index < layers.count {
            guard let dense = layers[index] as? Dense, dense.kernel != nil else { return nil }
            let dropout = index + 1 < layers.count ? layers[index + 1] as? Dropout : nil
            stages.append(Stage(dense: dense, dropout: dropout))
            index += dropout == nil ? 1 : 2
        }
        return FusedDenseStack(stages: stages)
    }

    /// How `loss` is computed from the last layer, or `nil` when this path does not cover it.
    func outputLoss(for loss: Loss) -> OutputLoss? {
        if loss.kind == .meanSquaredError { return .meanSquaredError }
        // The cross-entropies are fused when the output is their activation (softmax or sigmoid), or
        // linear when they take logits.
        let expected = loss.fromLogits ? Activation.linear : loss.fusableActivation
        guard stages.last!.dense.activation == expected else { return nil }
        return loss.kind == .binaryCrossEntropy
            ? .sigmoidCrossEntropy
            : .softmaxCrossEntropy(sparse: loss.kind == .sparseCategoricalCrossEntropy)
    }

    // MARK: Steps

    /// One training step on the rows `batch` of `inputs`/`labels`: forward, fused loss, backward and
    /// the optimizer update. Returns the mean loss and the model's outputs for the batch. A batch whose
    /// loss is not finite changes no weight.
    func trainStep(inputs: Tensor, labels: Tensor, batch: ArraySlice<Int>, outputLoss: OutputLoss,
                   optimizer: any Optimizer) throws -> (loss: Float, predictions: Tensor) {
        let ws = workspace(rows: batch.count, labelWidth: labels.count / max(labels.shape[0], 1))
        ws.gatherInputs(batch, from: inputs)
        ws.gatherLabels(batch, from: labels)
        forward(ws, firstInput: ws.x, training: true, stopBeforeLastActivation: outputLoss.isFused)
        let loss = lossAndOutputGradient(ws, outputLoss, withGradient: true)
        guard loss.isFinite else { return (loss, ws.outputTensor(fused: outputLoss.isFused)) }
        backward(ws)
        let penalty = regularization(addingGradients: true)
        guard (loss + penalty).isFinite else { return (loss + penalty, ws.outputTensor(fused: outputLoss.isFused)) }
        var trainable: [Parameter] = [], trainableGradients: [Tensor] = []
        for (parameter, gradient) in zip(parameters, gradients) where parameter.isTrainable {
            trainable.append(parameter)
            trainableGradients.append(gradient)
        }
        try optimizer.apply(trainableGradients, to: trainable)
        return (loss + penalty, ws.outputTensor(fused: outputLoss.isFused))
    }

    /// The mean loss and outputs on `rows` rows of `inputs` starting at `start`, without training.
    func evaluate(inputs: Tensor, labels: Tensor, rows range: Range<Int>, outputLoss: OutputLoss) -> (loss: Float, predictions: Tensor) {
        let ws = workspace(rows: range.count, labelWidth: labels.count / max(labels.shape[0], 1))
        ws.gatherLabels(range, from: labels)
        inputs.withUnsafeBufferPointer { src in
            forward(ws, firstInput: src.baseAddress! + range.lowerBound * stages[0].inputs, training: false,
                    stopBeforeLastActivation: outputLoss.isFused)
        }
        let loss = lossAndOutputGradient(ws, outputLoss, withGradient: false)
        return (loss + regularization(addingGradients: false), ws.outputTensor(fused: outputLoss.isFused))
    }

    /// The model's outputs for the rows `range` of `inputs`.
    func predict(_ inputs: Tensor, rows range: Range<Int>) -> Tensor {
        let ws = workspace(rows: range.count, labelWidth: 0)
        inputs.withUnsafeBufferPointer { src in
            forward(ws, firstInput: src.baseAddress! + range.lowerBound * stages[0].inputs, training: false,
                    stopBeforeLastActivation: false)
        }
        return ws.outputTensor(fused: false)
    }


    /// The layers' regularisation penalties on their trainable weights (as ``Dense/regularizationLoss``),
    /// adding each penalty's gradient to the weight gradients when asked.
    private func regularization(addingGradients: Bool) -> Float {
        var total: Float = 0
        var index = 0
        for stage in stages {
            let pairs = [(stage.dense.kernelRegularizer, stage.dense.kernel)] + (stage.dense.bias == nil ? [] : [(stage.dense.biasRegularizer, stage.dense.bias)])
            for (regularizer, parameter) in pairs {
                defer { index += 1 }
                guard let regularizer, let parameter, parameter.isTrainable, regularizer.l1 != 0 || regularizer.l2 != 0 else { continue }
                parameter.value.withUnsafeBufferPointer { w in
                    if addingGradients {
                        gradients[index].withUnsafeMutableBufferPointer { g in
                            total += DenseKernels.penalty(w.baseAddress!, count: w.count, l1: regularizer.l1, l2: regularizer.l2,
                                                          gradient: g.baseAddress!)
                        }
                    } else {
                        total += DenseKernels.penalty(w.baseAddress!, count: w.count, l1: regularizer.l1, l2: regularizer.l2, gradient: nil)
                    }
                }
            }
        }
        return total
    }

    // MARK: Forward and backward

    /// Runs the layers on `firstInput` (`rows × inputs` values: the batch buffer, or rows of the
    /// caller's tensor read in place).
    private func forward(_ ws: Workspace, firstInput: UnsafePointer<Float>, training: Bool, stopBeforeLastActivation: Bool) {
        let rows = ws.rows
        for (l, stage) in stages.enumerated() {
            let input = l == 0 ? firstInput : UnsafePointer(ws.output(of: l - 1))
            stage.dense.kernel!.value.withUnsafeBufferPointer { w in
                BLAS.sgemm(transposeA: false, transposeB: false, m: rows, n: stage.units, k: stage.inputs, alpha: 1,
                           a: input, lda: stage.inputs, b: w.baseAddress!, ldb: stage.units, beta: 0, c: ws.z[l], ldc: stage.units)
            }
            let isLast = l == stages.count - 1
            // A fused loss takes the logits: the output activation then runs inside the loss kernel.
            let activation = isLast && stopBeforeLastActivation ? Activation.linear : stage.dense.activation
            if let bias = stage.dense.bias {
                bias.value.withUnsafeBufferPointer { b in
                    DenseKernels.biasActivationForward(ws.z[l], ws.a[l], rows: rows, columns: stage.units,
                                                       bias: b.baseAddress!, activation: activation)
                }
            } else {
                DenseKernels.biasActivationForward(ws.z[l], ws.a[l], rows: rows, columns: stage.units, bias: nil, activation: activation)
            }
            if training, let dropout = stage.dropout, dropout.rate > 0, let mask = ws.mask[l] {
                let n = rows * stage.units
                dropout.fillMask(mask, count: n)
                let out = ws.dropped[l]!
                for i in 0..<n { out[i] = ws.a[l][i] * mask[i] }
                ws.dropoutActive[l] = true
            } else {
                ws.dropoutActive[l] = false
            }
        }
    }

    /// The loss, and the gradient of the loss with respect to the last layer's pre-activation in `dz`.
    private func lossAndOutputGradient(_ ws: Workspace, _ outputLoss: OutputLoss, withGradient: Bool) -> Float {
        let last = stages.count - 1
        let columns = stages[last].units
        let n = ws.rows * columns
        let gradient = withGradient ? ws.dz[last] : nil
        switch outputLoss {
        case .softmaxCrossEntropy(let sparse):
            return DenseKernels.softmaxCrossEntropy(logits: ws.z[last], labels: ws.y, sparse: sparse, rows: ws.rows,
                                                    columns: columns, probabilities: ws.probabilities, gradient: gradient)
        case .sigmoidCrossEntropy:
            return DenseKernels.sigmoidCrossEntropy(logits: ws.z[last], labels: ws.y, count: n,
                                                    probabilities: ws.probabilities, gradient: gradient)
        case .meanSquaredError:
            let loss = DenseKernels.meanSquaredError(predictions: ws.output(of: last), labels: ws.y, count: n, gradient: gradient)
            if let gradient {
                if ws.dropoutActive[last] { for i in 0..<n { gradient[i] *= ws.mask[last]![i] } }
                DenseKernels.activationBackward(gradient, z: ws.z[last], a: ws.a[last], rows: ws.rows, columns: columns,
                                                activation: stages[last].dense.activation)
            }
            return loss
        }
    }

    private func backward(_ ws: Workspace) {
        let rows = ws.rows
        var g = 0
        var gradientIndex: [Int] = []
        for stage in stages {
            gradientIndex.append(g)
            g += stage.dense.bias == nil ? 1 : 2
        }
        for l in stride(from: stages.count - 1, through: 0, by: -1) {
            let stage = stages[l]
            let input = l == 0 ? UnsafePointer(ws.x) : UnsafePointer(ws.output(of: l - 1))
            let dz = ws.dz[l]
            gradients[gradientIndex[l]].withUnsafeMutableBufferPointer { dw in
                BLAS.sgemm(transposeA: true, transposeB: false, m: stage.inputs, n: stage.units, k: rows, alpha: 1,
                           a: input, lda: stage.inputs, b: dz, ldb: stage.units, beta: 0, c: dw.baseAddress!, ldc: stage.units)
            }
            if stage.dense.bias != nil {
                gradients[gradientIndex[l] + 1].withUnsafeMutableBufferPointer { db in
                    DenseKernels.columnSums(dz, rows: rows, columns: stage.units, into: db.baseAddress!)
                }
            }
            guard l > 0 else { break }
            let previous = stages[l - 1]
            let dzPrevious = ws.dz[l - 1]
            stage.dense.kernel!.value.withUnsafeBufferPointer { w in
                BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: stage.inputs, k: stage.units, alpha: 1,
                           a: dz, lda: stage.units, b: w.baseAddress!, ldb: stage.units, beta: 0, c: dzPrevious, ldc: stage.inputs)
            }
            let n = rows * previous.units
            if ws.dropoutActive[l - 1], let mask = ws.mask[l - 1] {
                for i in 0..<n { dzPrevious[i] *= mask[i] }
            }
            DenseKernels.activationBackward(dzPrevious, z: ws.z[l - 1], a: ws.a[l - 1], rows: rows, columns: previous.units,
                                            activation: previous.dense.activation)
        }
    }

    // MARK: Buffers

    /// Buffers for one batch size, reused across steps.
    private func workspace(rows: Int, labelWidth: Int) -> Workspace {
        if let ws = workspaces[rows], ws.labelWidth >= labelWidth { return ws }
        if workspaces.count >= 4 { workspaces.removeAll() }
        let ws = Workspace(rows: rows, stages: stages, labelWidth: labelWidth)
        workspaces[rows] = ws
        return ws
    }

    /// Preallocated buffers for a batch of `rows` rows.
    final class Workspace {
        let rows: Int
        let labelWidth: Int
        let x: UnsafeMutablePointer<Float>
        let y: UnsafeMutablePointer<Float>
        let z: [UnsafeMutablePointer<Float>]
        let a: [UnsafeMutablePointer<Float>]
        let dz: [UnsafeMutablePointer<Float>]
        let mask: [UnsafeMutablePointer<Float>?]
        let dropped: [UnsafeMutablePointer<Float>?]
        var dropoutActive: [Bool]
        let probabilities: UnsafeMutablePointer<Float>
        private let inputWidth: Int
        private let outputWidth: Int

        init(rows: Int, stages: [Stage], labelWidth: Int) {
            self.rows = rows
            self.labelWidth = labelWidth
            inputWidth = stages[0].inputs
            outputWidth = stages.last!.units
            func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
                let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
                p.initialize(repeating: 0, count: max(count, 1))
                return p
            }
            x = buffer(rows * inputWidth)
            y = buffer(rows * labelWidth)
            z = stages.map { buffer(rows * $0.units) }
            a = stages.map { buffer(rows * $0.units) }
            dz = stages.map { buffer(rows * $0.units) }
            mask = stages.map { stage in stage.dropout == nil ? nil : buffer(rows * stage.units) }
            dropped = stages.map { stage in stage.dropout == nil ? nil : buffer(rows * stage.units) }
            dropoutActive = stages.map { _ in false }
            probabilities = buffer(rows * outputWidth)
        }

        deinit {
            for p in [x, y, probabilities] + z + a + dz + mask.compactMap({ $0 }) + dropped.compactMap({ $0 }) {
                p.deallocate()
            }
        }

        /// The values a layer passes on: its activations, after dropout when dropout is active.
        func output(of stage: Int) -> UnsafeMutablePointer<Float> {
            dropoutActive[stage] ? dropped[stage]! : a[stage]
        }

        /// Copies the chosen rows of `inputs` into the batch buffer.
        func gatherInputs<C: Collection<Int>>(_ indices: C, from inputs: Tensor) {
            inputs.withUnsafeBufferPointer { src in
                for (r, index) in indices.enumerated() {
                    (x + r * inputWidth).update(from: src.baseAddress! + index * inputWidth, count: inputWidth)
                }
            }
        }

        /// Copies the chosen rows of `labels` into the label buffer.
        func gatherLabels<C: Collection<Int>>(_ indices: C, from labels: Tensor) {
            guard labelWidth > 0 else { return }
            labels.withUnsafeBufferPointer { src in
                for (r, index) in indices.enumerated() {
                    (y + r * labelWidth).update(from: src.baseAddress! + index * labelWidth, count: labelWidth)
                }
            }
        }

        /// The model's outputs as a new tensor: probabilities when the loss was fused with the output
        /// activation, otherwise the last layer's activations.
        func outputTensor(fused: Bool) -> Tensor {
            let source = fused ? UnsafePointer(probabilities) : UnsafePointer(a[a.count - 1])
            return Tensor.build(shape: [rows, outputWidth]) { out in out.baseAddress!.update(from: source, count: out.count) }
        }
    }
}

extension FusedDenseStack.OutputLoss {
    /// Whether the loss kernel applies the output activation itself (from logits).
    var isFused: Bool {
        switch self {
        case .softmaxCrossEntropy, .sigmoidCrossEntropy: return true
        case .meanSquaredError: return false
        }
    }
}
