/// Marks positions to be skipped: a position (the values along the last axis — a time step's
/// features) whose values all equal `maskValue` is masked, as Keras's `Masking`.
///
/// The output is the input with the masked positions set to zero (as Keras computes it), and the
/// layer makes a mask over the other axes that the layers after it (the recurrent ones) read: on
/// samples `[T, F]`, a mask `[T]`.
///
/// In a model's plan the forward kernel keeps the per-position flags in scratch; backward, the
/// gradient passes through the kept positions only.
public final class Masking: KernelLayer, MaskPropagatingLayer {
    public var name: String
    public var typeName: String { "Masking" }
    /// The value that marks a position as padding when every value along its last axis equals it.
    public let maskValue: Float

    /// A masking layer for positions whose values all equal `maskValue` (`Masking(maskValue: 0)`).
    public init(maskValue: Float = 0, name: String = "") {
        self.maskValue = maskValue
        self.name = name
    }

    /// A mask that is 0 at the positions whose values all equal ``maskValue``.
    public var maskPropagation: MaskPropagation { .compute(rule) }

    private var rule: MaskRule { .anyValueDiffers(from: maskValue) }

    public var configuration: [String: JSONValue] { ["mask_value": .number(Double(maskValue))] }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(maskValue: try configuration.float("mask_value", default: 0), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard inputShape.count >= 2, let width = inputShape.last, width > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected samples of shape [steps, features] (or more axes), found sample shape \(inputShape)")
        }
        return inputShape
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 3, let width = input.shape.last, width > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected a batch of samples with a last axis of features, found input of shape \(input.shape)")
        }
        let positions = input.count / width
        let keep = Tensor.build(shape: Array(input.shape.dropLast()) + [1]) { flags in
            input.withUnsafeBufferPointer { x in
                rule.fill(flags.baseAddress!, from: x.baseAddress!, positions: positions, width: width)
            }
        }
        return try input * keep
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        guard let width = call.inputShapes[0].last, width > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected samples with a last axis of features, found sample shape \(call.inputShapes[0])")
        }
        let positionsPerSample = call.sampleCount(ofInput: 0) / width
        let rule = self.rule
        return LayerKernels(
            scratch: [positionsPerSample],
            forward: { b in
                let positions = b.rows * positionsPerSample
                rule.fill(b.scratch[0], from: b.inputs[0], positions: positions, width: width)
                MaskingKernels.apply(b.scratch[0], to: b.inputs[0], positions: positions, width: width, into: b.outputs[0], accumulate: false)
            },
            backward: { b in
                guard let dx = b.inputGradients[0] else { return }
                MaskingKernels.apply(b.scratch[0], to: b.outputGradients[0], positions: b.rows * positionsPerSample, width: width,
                                     into: dx, accumulate: b.accumulatesInputGradient[0])
            })
    }
}
