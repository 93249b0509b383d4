/// The hidden step of a model that computes a mask from a layer's input. The graph adds one where a
/// layer's ``MaskPropagation`` is `.compute`; it never appears among a model's layers, in its summary
/// or in its saved configuration (loading a model calls the layers again, which adds it again), and
/// it runs no backward pass: masks carry no gradient.
final class MaskComputation: KernelLayer {
    var name: String
    let rule: MaskRule
    var typeName: String { "MaskComputation" }

    init(rule: MaskRule, name: String) {
        self.rule = rule
        self.name = name
    }

    init(configuration: Configuration, name: String) throws {
        throw SynapseError.invalidArgument("\(name): a mask computation is not a layer of its own and cannot be loaded")
    }

    var configuration: [String: JSONValue] { [:] }

    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        do { return try rule.maskShape(for: inputShape) } catch let error as SynapseError { throw error.prefixed(name) }
    }

    func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        let inputShape = Array(input.shape.dropFirst())
        var unused = RandomGenerator(seed: 0)
        let shape = [input.shape[0]] + (try build(inputShape: inputShape, generator: &unused))
        let width = rule.width(of: inputShape)
        return input.withUnsafeBufferPointer { source in
            Tensor.build(shape: shape) { rule.fill($0.baseAddress!, from: source.baseAddress!, positions: $0.count, width: width) }
        }
    }

    func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let width = rule.width(of: call.inputShapes[0])
        let positions = call.sampleCount(ofOutput: 0)
        let rule = self.rule
        return LayerKernels(forward: { b in rule.fill(b.outputs[0], from: b.inputs[0], positions: b.rows * positions, width: width) },
                            backward: nil)
    }
}

extension MaskRule {
    /// How many input values decide one position of the mask.
    func width(of inputShape: [Int]) -> Int {
        switch self {
        case .nonZeroIndices: return 1
        case .anyValueDiffers: return inputShape.last ?? 1
        }
    }

    /// Writes `positions` mask values (1 or 0) from `width` input values each.
    func fill(_ mask: UnsafeMutablePointer<Float>, from input: UnsafePointer<Float>, positions: Int, width: Int) {
        switch self {
        case .nonZeroIndices:
            for i in 0..<positions { mask[i] = input[i] != 0 ? 1 : 0 }
        case .anyValueDiffers(let value):
            for i in 0..<positions {
                var kept = false
                for j in 0..<width where input[i * width + j] != value { kept = true; break }
                mask[i] = kept ? 1 : 0
            }
        }
    }
}
