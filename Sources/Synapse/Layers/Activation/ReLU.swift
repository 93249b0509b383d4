/// Keras's `ReLU` layer: `min(x, maxValue)` for x > `threshold`, `negativeSlope`·(x − `threshold`)
/// otherwise. The defaults (no maximum, slope 0, threshold 0) give max(x, 0); `maxValue: 6` gives
/// ReLU6.
///
/// As in Keras's implementation, a value equal to the threshold counts as below it. The layer keeps
/// its input's mask.
public final class ReLU: KernelLayer {
    public var name: String
    public var typeName: String { "ReLU" }
    /// The largest output (`nil`: none), ≥ 0.
    public let maxValue: Float?
    /// The slope below the threshold, ≥ 0.
    public let negativeSlope: Float
    /// Where the function turns, ≥ 0.
    public let threshold: Float

    /// A rectified linear unit. Negative or non-finite values are refused when the layer is built,
    /// with a ``SynapseError/invalidArgument(_:)``, as Keras refuses them.
    public init(maxValue: Float? = nil, negativeSlope: Float = 0, threshold: Float = 0, name: String = "") {
        self.maxValue = maxValue
        self.negativeSlope = negativeSlope
        self.threshold = threshold
        self.name = name
    }

    private var function: RectifiedLinearFunction {
        RectifiedLinearFunction(maxValue: maxValue, negativeSlope: negativeSlope, threshold: threshold)
    }

    /// `max_value` (`null` for none), `negative_slope`, `threshold`.
    public var configuration: [String: JSONValue] {
        ["max_value": maxValue.map { .number(Double($0)) } ?? .null,
         "negative_slope": .number(Double(negativeSlope)), "threshold": .number(Double(threshold))]
    }

    /// Reads Keras's `max_value`, `negative_slope` and `threshold` (Keras's defaults when absent).
    public convenience init(configuration: Configuration, name: String) throws {
        let maxValue: Float?
        switch configuration["max_value"] {
        case nil, .null?: maxValue = nil
        default: maxValue = try configuration.float("max_value")
        }
        self.init(maxValue: maxValue, negativeSlope: try configuration.float("negative_slope", default: 0),
                  threshold: try configuration.float("threshold", default: 0), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        for (label, value) in [("maxValue", maxValue), ("negativeSlope", negativeSlope), ("threshold", threshold)] {
            guard let value else { continue }
            guard value >= 0, value.isFinite else {
                throw SynapseError.invalidArgument("\(name): \(label) must be a finite number ≥ 0, found \(value)")
            }
        }
        return inputShape
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        let function = self.function
        return input.elementwise("relu", function.value, derivative: { x, _ in function.derivative(x) })
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let n = call.sampleCount(ofInput: 0), function = self.function
        return LayerKernels(
            forward: { b in RectifiedLinearKernels.forward(b.inputs[0], b.outputs[0], count: b.rows * n, function: function) },
            backward: { b in
                guard let dx = b.inputGradients[0] else { return }
                RectifiedLinearKernels.backward(b.outputGradients[0], x: b.inputs[0], into: dx, count: b.rows * n,
                                                accumulate: b.accumulatesInputGradient[0], function: function)
            })
    }
}

extension ReLU: MaskPropagatingLayer {
    /// It keeps its input's mask.
    public var maskPropagation: MaskPropagation { .keep }
}
