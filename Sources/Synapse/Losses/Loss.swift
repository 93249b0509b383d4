/// A loss function: it turns a batch of labels and predictions into one number per sample, and
/// those into one number by its ``reduction`` — the mean over the batch by default, as in Keras.
///
/// ```swift
/// try model.compile(loss: .categoricalCrossEntropy, optimizer: SGD())
/// let value = try Loss.meanSquaredError(labels: y, predictions: p)            // rank 0
/// let perSample = try Loss.meanSquaredError(reduction: .none)(labels: y, predictions: p)   // [batch]
/// let weighted = try Loss.meanSquaredError(labels: y, predictions: p, sampleWeight: w)
/// ```
///
/// The arguments are labelled, labels first as Keras's `(y_true, y_pred)`, so that they cannot be
/// swapped by accident.
///
/// Cross-entropies on probabilities clip them to [1e-7, 1 − 1e-7] like Keras (zero gradient where
/// clipped); the `fromLogits` variants take pre-activation values and are computed stably. When a
/// model's last layer ends in softmax (or sigmoid) and its loss is the matching cross-entropy, the
/// model computes the loss from the logits instead — Keras's fused, numerically stable path.
public struct Loss: Equatable, Sendable, CustomStringConvertible {
    /// The kinds of loss.
    public enum Kind: String, Equatable, Sendable, Codable {
        case meanSquaredError = "mean_squared_error"
        case binaryCrossEntropy = "binary_crossentropy"
        case categoricalCrossEntropy = "categorical_crossentropy"
        case sparseCategoricalCrossEntropy = "sparse_categorical_crossentropy"
        /// A loss defined by a function (``Loss/custom(name:_:)``).
        case custom
    }

    /// Which loss.
    public let kind: Kind
    /// Whether predictions are logits rather than probabilities (cross-entropies only).
    public let fromLogits: Bool
    /// How the per-sample values become the loss (``Reduction/sumOverBatchSize`` by default).
    public let reduction: Reduction
    /// The function of a custom loss.
    private let function: CustomFunction?

    /// A custom loss's name and function (compared by name).
    private final class CustomFunction: Sendable {
        let name: String
        let body: @Sendable (Tensor, Tensor) throws -> Tensor
        init(name: String, body: @escaping @Sendable (Tensor, Tensor) throws -> Tensor) {
            self.name = name
            self.body = body
        }
    }

    /// Creates a loss of `kind`.
    public init(kind: Kind, fromLogits: Bool = false, reduction: Reduction = .sumOverBatchSize) {
        self.kind = kind
        self.fromLogits = fromLogits && kind != .meanSquaredError && kind != .custom
        self.reduction = reduction
        self.function = nil
    }

    /// A custom loss: `function(predictions, labels)` returns, made of differentiable tensor ops
    /// (its gradient comes from the tape), either one value per sample (a tensor whose first axis
    /// is the batch), which the loss reduces as the built-in losses, or the mean loss of the batch
    /// as one value — which then cannot be weighted per sample or reduced otherwise. It is saved by
    /// `name`; a model file using it loads where the same loss is registered with ``register(_:)``.
    ///
    /// ```swift
    /// let huber = Loss.custom(name: "huber") { p, y in
    ///     let d = try (p - y).abs()
    ///     return try (d.clipped(min: 0, max: 1).pow(2) * 0.5 + (d - 1).relu()).mean()
    /// }
    /// ```
    public static func custom(name: String, reduction: Reduction = .sumOverBatchSize,
                              _ function: @escaping @Sendable (Tensor, Tensor) throws -> Tensor) -> Loss {
        Loss(kind: .custom, fromLogits: false, reduction: reduction, function: CustomFunction(name: name, body: function))
    }

    private init(kind: Kind, fromLogits: Bool, reduction: Reduction, function: CustomFunction?) {
        self.kind = kind
        self.fromLogits = fromLogits
        self.reduction = reduction
        self.function = function
    }

    /// The same loss with another reduction.
    public func reduced(by reduction: Reduction) -> Loss {
        Loss(kind: kind, fromLogits: fromLogits, reduction: reduction, function: function)
    }

    /// Whether this is a custom loss.
    public var isCustom: Bool { kind == .custom }

    public static func == (lhs: Loss, rhs: Loss) -> Bool {
        lhs.kind == rhs.kind && lhs.fromLogits == rhs.fromLogits && lhs.reduction == rhs.reduction
            && lhs.function?.name == rhs.function?.name
    }

    /// Makes a custom loss known by its name, so that model files compiled with it load.
    public static func register(_ loss: Loss) {
        guard let function = loss.function else { return }
        LossRegistry.register(loss, name: function.name)
    }

    /// Mean squared error, averaged over the last axis and then over the batch.
    public static let meanSquaredError = Loss(kind: .meanSquaredError)
    /// Binary cross-entropy on probabilities.
    public static let binaryCrossEntropy = Loss(kind: .binaryCrossEntropy)
    /// Categorical cross-entropy on probabilities, with one-hot labels.
    public static let categoricalCrossEntropy = Loss(kind: .categoricalCrossEntropy)
    /// Categorical cross-entropy on probabilities, with integer class labels.
    public static let sparseCategoricalCrossEntropy = Loss(kind: .sparseCategoricalCrossEntropy)

    /// Mean squared error with a reduction.
    public static func meanSquaredError(reduction: Reduction) -> Loss { Loss(kind: .meanSquaredError, reduction: reduction) }
    /// Binary cross-entropy, on logits when `fromLogits`.
    public static func binaryCrossEntropy(fromLogits: Bool = false, reduction: Reduction = .sumOverBatchSize) -> Loss {
        Loss(kind: .binaryCrossEntropy, fromLogits: fromLogits, reduction: reduction)
    }
    /// Categorical cross-entropy, on logits when `fromLogits`.
    public static func categoricalCrossEntropy(fromLogits: Bool = false, reduction: Reduction = .sumOverBatchSize) -> Loss {
        Loss(kind: .categoricalCrossEntropy, fromLogits: fromLogits, reduction: reduction)
    }
    /// Sparse categorical cross-entropy, on logits when `fromLogits`.
    public static func sparseCategoricalCrossEntropy(fromLogits: Bool = false, reduction: Reduction = .sumOverBatchSize) -> Loss {
        Loss(kind: .sparseCategoricalCrossEntropy, fromLogits: fromLogits, reduction: reduction)
    }

    /// The Keras name (`categorical_crossentropy`, …), or a custom loss's name.
    public var name: String { function?.name ?? kind.rawValue }

    public var description: String {
        var options: [String] = []
        if fromLogits { options.append("from_logits") }
        if reduction != .sumOverBatchSize { options.append("reduction: \(reduction.rawValue)") }
        return options.isEmpty ? name : "\(name)(\(options.joined(separator: ", ")))"
    }

    /// The activation whose output this loss can take as logits instead (softmax for the categorical
    /// cross-entropies, sigmoid for the binary one).
    var fusableActivation: Activation? {
        guard !fromLogits else { return nil }
        switch kind {
        case .meanSquaredError, .custom: return nil
        case .binaryCrossEntropy: return .sigmoid
        case .categoricalCrossEntropy, .sparseCategoricalCrossEntropy: return .softmax
        }
    }

    /// The same loss taking logits.
    var onLogits: Loss { Loss(kind: kind, fromLogits: true, reduction: reduction) }

    /// The loss of `predictions` against `labels`, reduced by ``reduction``: a rank-0 tensor (the
    /// mean over the batch, or the sum), or with ``Reduction/none`` one value per sample (`[batch]`,
    /// or `[batch, steps]` for sequences). Differentiable in `predictions`.
    ///
    /// - Parameter sampleWeight: one weight per sample (`[batch]` or `[batch, 1]`), or per value
    ///   (the shape of the per-sample values); each value is multiplied by its weight before the
    ///   reduction, which still divides by the number of values (Keras's `sum_over_batch_size`).
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` when the labels or weights do not fit the
    ///   predictions, or ``SynapseError/invalidData(_:)`` for class labels out of range.
    public func callAsFunction(labels: Tensor, predictions: Tensor, sampleWeight: Tensor? = nil) throws -> Tensor {
        let values = try perSampleValues(labels: labels, predictions: predictions)
        if values.rank == 0 {
            // A custom loss that reduced the batch itself.
            guard sampleWeight == nil, reduction == .sumOverBatchSize || predictions.shape[0] == 1 else {
                throw SynapseError.invalidArgument("\(name): the custom loss returns one value for the whole batch, so it cannot be weighted per sample or reduced by '\(reduction.rawValue)'; return one value per sample instead")
            }
            return values
        }
        return try reduction.reduce(values, sampleWeight: sampleWeight, lossName: name)
    }

    /// The mean loss over the batch; prefer ``callAsFunction(labels:predictions:sampleWeight:)``,
    /// whose labels cannot be swapped with the predictions by accident.
    @available(*, deprecated, message: "use loss(labels:predictions:), labels first as Keras's (y_true, y_pred)")
    public func callAsFunction(_ predictions: Tensor, _ labels: Tensor) throws -> Tensor {
        try callAsFunction(labels: labels, predictions: predictions)
    }

    /// One value per sample (a tensor whose first axis is the batch), before any reduction or
    /// weighting; rank 0 for a custom loss that returns the batch's mean itself.
    func perSampleValues(labels: Tensor, predictions: Tensor) throws -> Tensor {
        guard predictions.rank >= 1, predictions.shape[0] > 0 else {
            throw SynapseError.invalidData("\(name): expected a non-empty batch of predictions, found shape \(predictions.shape)")
        }
        switch kind {
        case .custom:
            let result = try function!.body(predictions, labels)
            if result.count == 1 && (result.rank == 0 || predictions.shape[0] != 1) { return try result.reshaped([]) }
            guard result.rank >= 1, result.shape[0] == predictions.shape[0] else {
                throw SynapseError.shapeMismatch("\(name): the custom loss must return one value, or one value per sample (first axis \(predictions.shape[0])), found shape \(result.shape)")
            }
            return result
        case .meanSquaredError:
            try requireSameShape(predictions, labels)
            let difference = try predictions - labels
            return try lastAxisMean(difference.pow(2))
        case .binaryCrossEntropy:
            try requireSameShape(predictions, labels)
            let perElement = fromLogits
                ? CrossEntropy.sigmoidCrossEntropy(logits: predictions, labels: labels)
                : try CrossEntropy.binaryCrossEntropy(probabilities: predictions, labels: labels)
            return try lastAxisMean(perElement)
        case .categoricalCrossEntropy:
            try requireSameShape(predictions, labels)
            return try CrossEntropy.categorical(predictions, oneHot: labels, fromLogits: fromLogits, renormalizeFirst: true)
        case .sparseCategoricalCrossEntropy:
            let oneHot = try CrossEntropy.oneHot(classLabels: labels, predictions: predictions, lossName: name)
            return try CrossEntropy.categorical(predictions, oneHot: oneHot, fromLogits: fromLogits, renormalizeFirst: false)
        }
    }

    private func requireSameShape(_ predictions: Tensor, _ labels: Tensor) throws {
        guard predictions.shape == labels.shape else {
            throw SynapseError.shapeMismatch("\(name): labels of shape \(labels.shape) do not match predictions of shape \(predictions.shape)")
        }
    }

    private func lastAxisMean(_ x: Tensor) throws -> Tensor {
        x.rank >= 2 ? try x.mean(alongAxis: -1) : x
    }
}
