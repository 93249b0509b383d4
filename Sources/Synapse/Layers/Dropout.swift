/// Inverted dropout: while training, each value is zeroed with probability `rate` and the kept ones
/// are scaled by 1 / (1 − rate); at inference the layer passes its input through unchanged.
///
/// Its kernels keep the step's mask in scratch: forward `y = x ⊙ mask`, backward `dx = dy ⊙ mask`.
public final class Dropout: KernelLayer {
    public var name: String
    public var typeName: String { "Dropout" }
    /// The fraction of values dropped while training, in [0, 1).
    public let rate: Float
    private var generator: RandomGenerator
    private let seed: UInt64?

    /// A dropout layer. With `seed` the masks are reproducible on their own; without it they come
    /// from the generator the layer is built with: in a ``Sequential``, the model's seed; called on
    /// symbolic tensors, the sequence ``setRandomSeed(_:)`` starts.
    public init(_ rate: Float, seed: UInt64? = nil, name: String = "") {
        self.rate = rate
        self.seed = seed
        self.name = name
        self.generator = RandomGenerator(seed: seed ?? 0)
    }

    public var configuration: [String: JSONValue] {
        var values: [String: JSONValue] = ["rate": .number(Double(rate))]
        // Seeds above 2⁵³ do not survive as JSON numbers (doubles): they are saved as decimal text.
        if seed != nil { values["seed"] = .seed(seed) }
        return values
    }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(try configuration.float("rate"), seed: try configuration.seed(), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard rate >= 0 && rate < 1 else {
            throw SynapseError.invalidArgument("\(name): rate must be in [0, 1), found \(rate)")
        }
        if seed == nil { self.generator = RandomGenerator(seed: generator.next()) }
        return inputShape
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training, rate > 0 else { return input }
        var mask = Tensor.zeros(like: input)
        mask.withUnsafeMutableBufferPointer { fillMask($0.baseAddress!, count: $0.count) }
        return try input * mask
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let n = call.sampleCount(ofInput: 0)
        let active = call.isTraining && rate > 0
        return LayerKernels(
            scratch: active ? [n] : [],
            forward: { [self] b in
                let count = b.rows * n
                guard active else { return b.outputs[0].update(from: b.inputs[0], count: count) }
                let mask = b.scratch[0]
                fillMask(mask, count: count)
                VectorMath.multiply(b.inputs[0], mask, into: b.outputs[0], count: count)
            },
            backward: { b in
                guard let dx = b.inputGradients[0] else { return }
                let count = b.rows * n
                let dy = UnsafePointer(b.outputGradients[0])
                if active {
                    VectorMath.multiply(dy, b.scratch[0], into: dx, count: count, accumulate: b.accumulatesInputGradient[0])
                } else if b.accumulatesInputGradient[0] {
                    VectorMath.add(dy, into: dx, count: count)
                } else {
                    dx.update(from: dy, count: count)
                }
            })
    }

    /// Writes a fresh mask of `count` values: 1 / (1 − rate) where a unit is kept, 0 where dropped.
    func fillMask(_ mask: UnsafeMutablePointer<Float>, count: Int) {
        let scale = 1 / (1 - rate)
        for i in 0..<count { mask[i] = generator.nextUniform() >= rate ? scale : 0 }
    }
}

extension Dropout: MaskPropagatingLayer {
    /// It keeps its input's mask.
    public var maskPropagation: MaskPropagation { .keep }
}
