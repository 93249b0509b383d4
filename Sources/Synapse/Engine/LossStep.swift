/// The loss of one model output as a step of the plan: it reads the output (or the logits, when the
/// output activation is fused into the loss) and the labels, and writes the mean loss and its
/// gradient, each sample weighted when the run has sample weights and the batch reduced by the loss's
/// ``Loss/Reduction``. Softmax and sigmoid cross-entropy from logits and mean squared error have
/// kernels; any other loss — cross-entropy on probabilities, a custom loss — runs through the tape.
final class LossStep {
    enum Kernel {
        /// Softmax cross-entropy from `source` (logits); class indices when sparse.
        case softmaxCrossEntropy(sparse: Bool)
        /// Sigmoid binary cross-entropy from `source` (logits).
        case sigmoidCrossEntropy
        /// Mean squared error of `source` (the output).
        case meanSquaredError
        /// `loss(labels:predictions:sampleWeight:)` through the tape.
        case tape
    }

    let loss: Loss
    let weight: Float
    let kernel: Kernel
    /// What the loss reads: logits (fused or `fromLogits`) or the output itself.
    let source: UnsafeMutablePointer<Float>
    /// Where softmax/sigmoid kernels write probabilities (the model's output when fused).
    let probabilities: UnsafeMutablePointer<Float>
    /// The gradient with respect to `source` (training only).
    let gradient: UnsafeMutablePointer<Float>?
    let labels: UnsafeMutablePointer<Float>
    /// One weight per row of the batch, read when a run is weighted.
    let sampleWeights: UnsafeMutablePointer<Float>
    /// The shape of one output sample and of one label sample.
    let outputShape: [Int]
    let labelShape: [Int]

    init(loss: Loss, weight: Float, kernel: Kernel, source: UnsafeMutablePointer<Float>, probabilities: UnsafeMutablePointer<Float>,
         gradient: UnsafeMutablePointer<Float>?, labels: UnsafeMutablePointer<Float>, sampleWeights: UnsafeMutablePointer<Float>,
         outputShape: [Int], labelShape: [Int]) {
        self.loss = loss
        self.weight = weight
        self.kernel = kernel
        self.source = source
        self.probabilities = probabilities
        self.gradient = gradient
        self.labels = labels
        self.sampleWeights = sampleWeights
        self.outputShape = outputShape
        self.labelShape = labelShape
    }

    /// The kernel that computes `loss` on an output; `fused` when the output's activation was
    /// left to the loss (its source then holds logits).
    static func kernel(for loss: Loss, fused: Bool) -> Kernel {
        guard !loss.isCustom else { return .tape }
        switch loss.kind {
        case .custom: return .tape
        case .meanSquaredError: return .meanSquaredError
        case .binaryCrossEntropy: return fused || loss.fromLogits ? .sigmoidCrossEntropy : .tape
        case .categoricalCrossEntropy, .sparseCategoricalCrossEntropy:
            return fused || loss.fromLogits ? .softmaxCrossEntropy(sparse: loss.kind == .sparseCategoricalCrossEntropy) : .tape
        }
    }

    /// The loss of `rows` samples (before the output's loss weight), weighted by the sample weights
    /// when `weighted`, writing the gradient — scaled by the output's loss weight — when asked.
    func run(rows: Int, withGradient: Bool, weighted: Bool) throws -> Float {
        let width = Shape.count(of: outputShape)
        let count = rows * width
        let gradient = withGradient ? self.gradient : nil
        let weights = weighted ? SampleWeights(values: sampleWeights, samples: rows) : .none
        var value: Float
        // The kernels compute the mean over the batch; `.sum` multiplies it by the number of
        // per-sample values.
        var scale: Float = loss.reduction == .sum ? Float(rows * Shape.count(of: outputShape.dropLast())) : 1
        switch kernel {
        case .softmaxCrossEntropy(let sparse):
            let classes = outputShape.last ?? 1
            value = DenseKernels.softmaxCrossEntropy(logits: source, labels: labels, sparse: sparse, rows: count / max(classes, 1),
                                                     columns: classes, probabilities: probabilities, gradient: gradient, weights: weights)
        case .sigmoidCrossEntropy:
            value = DenseKernels.sigmoidCrossEntropy(logits: source, labels: labels, count: count, probabilities: probabilities,
                                                     gradient: gradient, weights: weights)
        case .meanSquaredError:
            value = DenseKernels.meanSquaredError(predictions: source, labels: labels, count: count, gradient: gradient, weights: weights)
        case .tape:
            value = try runOnTape(rows: rows, count: count, gradient: gradient, weighted: weighted)
            scale = 1    // the loss reduced itself
        }
        value *= scale
        let gradientScale = scale * weight
        if let gradient, gradientScale != 1 {
            for i in 0..<count { gradient[i] *= gradientScale }
        }
        return value
    }

    /// `loss(labels:predictions:sampleWeight:)` on copies of the buffers, its gradient by the tape.
    private func runOnTape(rows: Int, count: Int, gradient: UnsafeMutablePointer<Float>?, weighted: Bool) throws -> Float {
        var predictions = Tensor.build(shape: [rows] + outputShape) { $0.baseAddress!.update(from: source, count: $0.count) }
        let labelTensor = Tensor.build(shape: [rows] + labelShape) { $0.baseAddress!.update(from: labels, count: $0.count) }
        let weightTensor = weighted ? Tensor.build(shape: [rows]) { $0.baseAddress!.update(from: sampleWeights, count: rows) } : nil
        if gradient != nil { predictions.watch(name: "predictions") }
        let result = try loss(labels: labelTensor, predictions: predictions, sampleWeight: weightTensor)
        guard result.count == 1 else {
            throw SynapseError.shapeMismatch("loss \(loss.name): expected one value, found shape \(result.shape)")
        }
        if let gradient {
            try result.node?.backpropagate(seed: Tensor(uncheckedShape: result.shape, scalars: [1]))
            if let computed = predictions.leafGradient {
                computed.withUnsafeBufferPointer { gradient.update(from: $0.baseAddress!, count: count) }
            } else {
                gradient.update(repeating: 0, count: count)
            }
        }
        return result.scalars[0]
    }
}
