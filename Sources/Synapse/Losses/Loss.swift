/// A loss function: it turns a batch of predictions and labels into one number, the mean over the
/// batch (Keras's default reduction).
///
/// ```swift
/// try model.compile(loss: .categoricalCrossEntropy, optimizer: SGD())
/// let value = try Loss.meanSquaredError(predictions, labels)
/// ```
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
    public init(kind: Kind, fromLogits: Bool = false) {
        self.kind = kind
        self.fromLogits = fromLogits && kind != .meanSquaredError && kind != .custom
        self.function = nil
    }

    /// A custom loss: `function(predictions, labels)` returns the mean loss of a batch as one value,
    /// made of differentiable tensor ops (its gradient comes from the tape). It is saved by `name`;
    /// a model file using it loads where the same loss is registered with ``register(_:)``.
    ///
    /// ```swift
    /// let huber = Loss.custom(name: "huber") { p, y in
    ///     let d = try (p - y).abs()
    ///     return try (d.clipped(min: 0, max: 1).pow(2) * 0.5 + (d - 1).relu()).mean()
    /// }
    /// ```
    public static func custom(name: String, _ function: @escaping @Sendable (Tensor, Tensor) throws -> Tensor) -> Loss {
        Loss(kind: .custom, function: CustomFunction(name: name, body: function))
    }

    private init(kind: Kind, function: CustomFunction) {
        self.kind = kind
        self.fromLogits = false
        self.function = function
    }

    /// Whether this is a custom loss.
    public var isCustom: Bool { kind == .custom }

    public static func == (lhs: Loss, rhs: Loss) -> Bool {
        lhs.kind == rhs.kind && lhs.fromLogits == rhs.fromLogits && lhs.function?.name == rhs.function?.name
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

    /// Binary cross-entropy, on logits when `fromLogits`.
    public static func binaryCrossEntropy(fromLogits: Bool) -> Loss { Loss(kind: .binaryCrossEntropy, fromLogits: fromLogits) }
    /// Categorical cross-entropy, on logits when `fromLogits`.
    public static func categoricalCrossEntropy(fromLogits: Bool) -> Loss { Loss(kind: .categoricalCrossEntropy, fromLogits: fromLogits) }
    /// Sparse categorical cross-entropy, on logits when `fromLogits`.
    public static func sparseCategoricalCrossEntropy(fromLogits: Bool) -> Loss { Loss(kind: .sparseCategoricalCrossEntropy, fromLogits: fromLogits) }

    /// The Keras name (`categorical_crossentropy`, …), or a custom loss's name.
    public var name: String { function?.name ?? kind.rawValue }

    public var description: String { fromLogits ? "\(name)(from_logits)" : name }

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
    var onLogits: Loss { Loss(kind: kind, fromLogits: true) }

    /// The mean loss over the batch, as a rank-0 tensor (differentiable in `predictions`).
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` when the labels do not fit the predictions, or
    ///   ``SynapseError/invalidData(_:)`` for class labels out of range.
    public func callAsFunction(_ predictions: Tensor, _ labels: Tensor) throws -> Tensor {
        guard predictions.rank >= 1, predictions.shape[0] > 0 else {
            throw SynapseError.invalidData("\(name): expected a non-empty batch of predictions, found shape \(predictions.shape)")
        }
        switch kind {
        case .custom:
            return try function!.body(predictions, labels)
        case .meanSquaredError:
            try requireSameShape(predictions, labels)
            let difference = try predictions - labels
            return try lastAxisMean(difference.pow(2)).mean()
        case .binaryCrossEntropy:
            try requireSameShape(predictions, labels)
            let perElement = fromLogits
                ? CrossEntropy.sigmoidCrossEntropy(logits: predictions, labels: labels)
                : try CrossEntropy.binaryCrossEntropy(probabilities: predictions, labels: labels)
            return try lastAxisMean(perElement).mean()
        case .categoricalCrossEntropy:
            try requireSameShape(predictions, labels)
            return try CrossEntropy.categorical(predictions, oneHot: labels, fromLogits: fromLogits, renormalizeFirst: true).mean()
        case .sparseCategoricalCrossEntropy:
            let oneHot = try CrossEntropy.oneHot(classLabels: labels, predictions: predictions, lossName: name)
            return try CrossEntropy.categorical(predictions, oneHot: oneHot, fromLogits: fromLogits, renormalizeFirst: false).mean()
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
