/// How a layer's output mask follows from its input (Keras's `compute_mask`).
///
/// A mask marks the positions of a sequence that count (1) and those that are padding (0). It rides
/// along with a tensor through a model: made by a layer such as ``Embedding`` (`maskZero: true`) or
/// ``Masking``, passed on by layers that keep the time axis (``Dense``, ``Dropout``), and read by layers
/// that skip padding (the recurrent layers).
public enum MaskRule: Sendable, Equatable {
    /// The input holds indices; a position is kept where its index is not 0. The mask has the
    /// input's shape.
    case nonZeroIndices
    /// A position is kept where some value along the input's last axis differs from the given value.
    /// The mask has the input's shape without its last axis.
    case anyValueDiffers(from: Float)

    /// The shape of one sample's mask for inputs of `inputShape`.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` when the input has no axis to mask.
    func maskShape(for inputShape: [Int]) throws -> [Int] {
        switch self {
        case .nonZeroIndices:
            return inputShape
        case .anyValueDiffers:
            guard inputShape.count >= 2 else {
                throw SynapseError.shapeMismatch("a mask over time steps needs samples of shape [steps, features], found \(inputShape)")
            }
            return Array(inputShape.dropLast())
        }
    }
}

/// What a layer does with the mask of its input.
public enum MaskPropagation: Sendable, Equatable {
    /// The output has no mask.
    case drop
    /// The output carries the input's mask (a layer that keeps the time axis).
    case keep
    /// The output carries a new mask, computed from the layer's first input by the rule.
    case compute(MaskRule)
}

/// A layer that passes its input's mask on or makes one (Keras's `supports_masking` and
/// `compute_mask`). A layer that does not conform drops the mask of its input.
public protocol MaskPropagatingLayer: Layer {
    /// The mask of the layer's first output.
    var maskPropagation: MaskPropagation { get }
}

/// A layer that reads the mask of its first input (Keras's `call(…, mask=)`): a recurrent layer skips
/// the masked time steps.
///
/// When the layer is called on a tensor that carries a mask, the model sets ``receivesMask`` before
/// the layer is built and appends the mask as the layer's last input: one value per position, 1 to
/// keep it and 0 to skip it, of the shape the mask's rule gives (`[steps]` for sequences). No gradient
/// flows into the mask (its input gradient is `nil` in a plan). A layer called without a model — in a
/// test, say — has ``receivesMask`` set by hand.
public protocol MaskConsumingLayer: Layer {
    /// Whether the layer's last input is a mask.
    var receivesMask: Bool { get set }
}
