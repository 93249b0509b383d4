import Foundation

/// Which layers are built, and for which input shapes: a layer is built on its first call (by a
/// model, or on symbolic tensors), and later calls — a layer shared between two branches or two
/// models — reuse its weights and must bring the same input shapes.
enum LayerCalls {
    private struct Record {
        weak var layer: AnyObject?
        let inputShapes: [[Int]]
        let outputShapes: [[Int]]
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var records: [ObjectIdentifier: Record] = [:]
    /// The number of records at which those of freed layers are next dropped: twice what was kept
    /// the last time (at least 4096), so that dropping them costs constant time per build.
    nonisolated(unsafe) private static var pruningThreshold = 4096
    /// Seeds weights of layers built on symbolic tensors; see ``setRandomSeed(_:)``.
    nonisolated(unsafe) private static var seeds = RandomGenerator(seed: 0)

    /// The shapes recorded when `layer` was built, if it was.
    static func builtShapes(of layer: any Layer) -> (inputs: [[Int]], outputs: [[Int]])? {
        lock.lock()
        defer { lock.unlock() }
        guard let record = records[ObjectIdentifier(layer)], record.layer === layer else { return nil }
        return (record.inputShapes, record.outputShapes)
    }

    /// Builds `layer` for `inputShapes` with `generator`, or checks the shapes against its earlier build.
    static func build(_ layer: any Layer, inputShapes: [[Int]], generator: inout RandomGenerator) throws -> [[Int]] {
        if let built = builtShapes(of: layer) {
            guard built.inputs == inputShapes else {
                throw SynapseError.shapeMismatch("\(layer.name): the layer was built for inputs of shape \(describe(built.inputs)) and cannot take \(describe(inputShapes)) (a shared layer takes the same shapes at every call)")
            }
            return built.outputs
        }
        let outputs = try layer.build(inputShapes: inputShapes, generator: &generator)
        lock.lock()
        if records.count > pruningThreshold {
            records = records.filter { $0.value.layer != nil }
            pruningThreshold = Swift.max(4096, 2 * records.count)
        }
        records[ObjectIdentifier(layer)] = Record(layer: layer, inputShapes: inputShapes, outputShapes: outputs)
        lock.unlock()
        return outputs
    }

    /// The output shapes of a call on symbolic tensors, building the layer with the next seed of
    /// the functional API's generator when this is its first call.
    static func outputShapes(of layer: any Layer, for inputShapes: [[Int]]) throws -> [[Int]] {
        if builtShapes(of: layer) == nil, !layer.parameters.isEmpty {
            try recordBuiltByHand(layer, inputShapes: inputShapes)
        }
        if builtShapes(of: layer) == nil {
            var generator = RandomGenerator(seed: nextSeed())
            return try build(layer, inputShapes: inputShapes, generator: &generator)
        }
        var unused = RandomGenerator(seed: 0)
        return try build(layer, inputShapes: inputShapes, generator: &unused)
    }

    /// A layer built outside a model (`build` called by hand, weights assigned) keeps its weights:
    /// its output shapes come from a copy built from its configuration, whose parameters must have
    /// the shapes the layer's have.
    private static func recordBuiltByHand(_ layer: any Layer, inputShapes: [[Int]]) throws {
        let copy = try type(of: layer).init(configuration: Configuration(layer.configuration, owner: layer.name), name: layer.name)
        var generator = RandomGenerator(seed: 0)
        let outputs = try copy.build(inputShapes: inputShapes, generator: &generator)
        guard copy.parameters.map(\.shape) == layer.parameters.map(\.shape) else {
            throw SynapseError.shapeMismatch("\(layer.name): the layer was built with parameters of shapes \(layer.parameters.map(\.shape)), which do not fit inputs of shape \(describe(inputShapes)) (they need \(copy.parameters.map(\.shape)))")
        }
        lock.lock()
        records[ObjectIdentifier(layer)] = Record(layer: layer, inputShapes: inputShapes, outputShapes: outputs)
        lock.unlock()
    }

    private static func nextSeed() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return seeds.next()
    }

    static func resetSeeds(_ seed: UInt64) {
        lock.lock()
        seeds = RandomGenerator(seed: seed)
        lock.unlock()
    }

    private static func describe(_ shapes: [[Int]]) -> String {
        shapes.count == 1 ? "\(shapes[0])" : "\(shapes)"
    }
}

/// Seeds the initial weights of layers called on symbolic tensors (the functional API), as
/// `keras.utils.set_random_seed` does: after `setRandomSeed(s)`, the same program builds the same
/// weights. (``Sequential`` models seed their layers from their own `seed` instead.)
public func setRandomSeed(_ seed: UInt64) {
    LayerCalls.resetSeeds(seed)
}

/// Keras-style unique layer names for layers called on symbolic tensors: `dense`, `dense_1`, …
enum LayerNames {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counts: [String: Int] = [:]

    static func next(for typeName: String) -> String {
        let base = snakeCase(typeName)
        lock.lock()
        defer { lock.unlock() }
        let count = counts[base, default: 0]
        counts[base] = count + 1
        return count == 0 ? base : "\(base)_\(count)"
    }

    /// A type name in Keras's snake case: `BatchNormalization` → `batch_normalization`,
    /// `Conv2D` → `conv2d`, `MaxPooling2D` → `max_pooling2d`, `Conv2DTranspose` → `conv2d_transpose`.
    /// As Keras's `to_snake_case`, an underscore goes before a capital that starts a lowercase word
    /// and between a lowercase letter and a capital — not before a capital after a digit.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (i, character) in characters.enumerated() {
            if i > 0, character.isUppercase {
                let startsWord = i + 1 < characters.count && characters[i + 1].isLowercase
                if startsWord || characters[i - 1].isLowercase { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }
}
