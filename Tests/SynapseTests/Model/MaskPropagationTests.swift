import Foundation
import Synapse
import Testing

// Masks through Sequential and functional models: made by a layer whose `maskPropagation` is
// `.compute`, kept by Dense and Dropout, dropped by other layers, appended as the last input of a
// `MaskConsumingLayer`, never saved and never sent a gradient.

/// The identity, marking as padding the time steps whose features are all zero (as `Masking(0)`
/// does, without zeroing anything).
final class PaddingMarker: Layer, MaskPropagatingLayer {
    var name: String
    var typeName: String { "PaddingMarkerForTests" }
    init(name: String = "") { self.name = name }
    convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
    var configuration: [String: JSONValue] { [:] }
    var maskPropagation: MaskPropagation { .compute(.anyValueDiffers(from: 0)) }
    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] { inputShape }
    func forward(_ input: Tensor, training: Bool) throws -> Tensor { input }
}

/// `[T, F]` → `[F]`: the sum over the time steps the mask keeps (all of them without a mask).
final class MaskedSum: Layer, MaskConsumingLayer {
    var name: String
    var typeName: String { "MaskedSumForTests" }
    var receivesMask = false
    /// The masks the layer's forward saw, for the tests to look at.
    private(set) var seenMasks: [Tensor] = []
    init(name: String = "") { self.name = name }
    convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
    var configuration: [String: JSONValue] { [:] }

    func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws -> [[Int]] {
        guard inputShapes.count == (receivesMask ? 2 : 1), inputShapes[0].count == 2 else {
            throw SynapseError.shapeMismatch("\(name): expected [steps, features] and \(receivesMask ? "a mask" : "no mask"), found \(inputShapes)")
        }
        if receivesMask, inputShapes[1] != [inputShapes[0][0]] {
            throw SynapseError.shapeMismatch("\(name): expected a mask of shape [\(inputShapes[0][0])], found \(inputShapes[1])")
        }
        return [[inputShapes[0][1]]]
    }
    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try build(inputShapes: [inputShape], generator: &generator)[0]
    }

    func forward(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        let x = inputs[0]
        guard receivesMask else { return [try x.sum(alongAxis: 1)] }
        seenMasks.append(inputs[1])
        let mask = try inputs[1].reshaped([x.shape[0], x.shape[1], 1])
        return [try (x * mask).sum(alongAxis: 1)]
    }
    func forward(_ input: Tensor, training: Bool) throws -> Tensor { try forward([input], training: training)[0] }
}

/// A layer whose kernels refuse negative inputs through `LayerKernels.validate`.
final class RefusesNegatives: KernelLayer {
    var name: String
    var typeName: String { "RefusesNegativesForTests" }
    init(name: String = "") { self.name = name }
    convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
    var configuration: [String: JSONValue] { [:] }
    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] { inputShape }
    func forward(_ input: Tensor, training: Bool) throws -> Tensor { input }
    func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let width = call.sampleCount(ofInput: 0)
        let name = self.name
        return LayerKernels(
            validate: { b in
                for i in 0..<(b.rows * width) where b.inputs[0][i] < 0 {
                    return SynapseError.invalidData("\(name): expected values ≥ 0, found \(b.inputs[0][i]) at position \(i)")
                }
                return nil
            },
            forward: { b in b.outputs[0].update(from: b.inputs[0], count: b.rows * width) },
            backward: nil)
    }
}

@Suite("Mask propagation")
struct MaskPropagationTests {
    /// Two sequences of 3 steps × 2 features; the first has its last step padded, the second its first.
    static func paddedBatch() throws -> Tensor {
        try Tensor(shape: [2, 3, 2], scalars: [1, 2, 3, 4, 0, 0,
                                               0, 0, 5, 6, -7, 8])
    }

    /// Σ over kept steps of (x_t · W + b), the expected output of marker → Dense → MaskedSum.
    static func expectedSums(_ x: Tensor, dense: Dense) throws -> [Float] {
        let kernel = dense.parameters[0].value.scalars, bias = dense.parameters[1].value.scalars
        let units = bias.count
        var result = [Float](repeating: 0, count: 2 * units)
        for b in 0..<2 {
            for t in 0..<3 {
                let row = Array(x.scalars[(b * 3 + t) * 2..<(b * 3 + t) * 2 + 2])
                guard row.contains(where: { $0 != 0 }) else { continue }
                for u in 0..<units { result[b * units + u] += row[0] * kernel[u] + row[1] * kernel[units + u] + bias[u] }
            }
        }
        return result
    }

    @Test("a Sequential model carries the mask through Dense and Dropout to the consumer, with kernels and on the tape")
    func sequential() throws {
        let dense = Dense(3, biasInitializer: .constant(0.5))
        let sum = MaskedSum()
        let model = Sequential(seed: 3) {
            Input(shape: [3, 2])
            PaddingMarker()
            dense
            Dropout(0.5)
            sum
        }
        let x = try Self.paddedBatch()
        for usesKernels in [true, false] {
            model.usesKernels = usesKernels
            expectValues(try model.predict(x), try Self.expectedSums(x, dense: dense), shape: [2, 3], tolerance: 1e-5, "usesKernels \(usesKernels)")
        }
        #expect(sum.receivesMask)
        #expect(sum.seenMasks.last?.scalars == [1, 1, 0, 0, 1, 1])
        #expect(model.layers.count == 4)
        #expect(!model.summary(print: false).contains("MaskComputation"))
    }

    @Test("a functional model carries the mask, hides its computation and saves and loads without it")
    func functional() throws {
        LayerRegistry.register(PaddingMarker.self, as: "PaddingMarkerForTests")
        LayerRegistry.register(MaskedSum.self, as: "MaskedSumForTests")
        setRandomSeed(5)
        let input = Input(shape: [3, 2])
        let dense = Dense(2, biasInitializer: .constant(-0.25))
        let output = try MaskedSum()(try dense(try PaddingMarker()(input)))
        let model = try Model(inputs: [input], outputs: [output])
        let x = try Self.paddedBatch()
        let predicted = try model.predict(x)
        expectValues(predicted, try Self.expectedSums(x, dense: dense), shape: [2, 2])
        #expect(model.layers.count == 3)
        let summary = model.summary(print: false)
        #expect(!summary.contains("MaskComputation") && !summary.contains("_mask"), "\(summary)")

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mask-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(loaded.layers.count == 3)
        #expect(try loaded.predict(x).scalars == predicted.scalars)
        let loadedSum = try #require(loaded.layers.last as? MaskedSum)
        #expect(loadedSum.receivesMask)
    }

    @Test("a layer that does not propagate masks drops them: the consumer then gets none")
    func dropped() throws {
        let sum = MaskedSum()
        let model = Sequential {
            Input(shape: [3, 2])
            PaddingMarker()
            ZeroPadding1D(padding: (0, 0))
            sum
        }
        let x = try Self.paddedBatch()
        expectValues(try model.predict(x), [4, 6, -2, 14], shape: [2, 2])
        #expect(!sum.receivesMask)
    }

    @Test("training sends gradients through the data, not the mask, the same with kernels and on the tape")
    func training() throws {
        func trainedWeights(usesKernels: Bool) throws -> [Float] {
            let model = Sequential(seed: 9) {
                Input(shape: [3, 2])
                PaddingMarker()
                Dense(4, activation: .tanh)
                MaskedSum()
                Dense(1)
            }
            model.usesKernels = usesKernels
            try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.05))
            let x = try Self.paddedBatch()
            let y = try Tensor(shape: [2, 1], scalars: [1, -1])
            let history = try model.fit(x, y, epochs: 3, batchSize: 2, shuffle: false, verbose: 0)
            let losses = try #require(history.values["loss"])
            #expect(losses.last! < losses.first!, "\(losses)")
            return model.parameters.flatMap(\.value.scalars)
        }
        let kernels = try trainedWeights(usesKernels: true), tape = try trainedWeights(usesKernels: false)
        #expect(kernels.count == tape.count)
        for (a, b) in zip(kernels, tape) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
    }

    @Test("a shared consumer called once with a mask and once without is refused")
    func sharedWithAndWithoutMask() throws {
        let input = Input(shape: [3, 2])
        let sum = MaskedSum()
        _ = try sum(try PaddingMarker()(input))
        expectSynapseError(.invalidArgument, mentioning: ["mask"]) { _ = try sum(input) }
    }

    @Test("a kernel's validate check stops predict, evaluate and fit with its error")
    func validate() throws {
        let model = Sequential {
            Input(shape: [2])
            RefusesNegatives()
            Dense(1)
        }
        try model.compile(loss: .meanSquaredError, optimizer: SGD())
        let good = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), bad = try Tensor(shape: [2, 2], scalars: [1, 2, -3, 4])
        let y = try Tensor.zeros([2, 1])
        _ = try model.predict(good)
        expectSynapseError(.invalidData, mentioning: ["values ≥ 0", "-3"]) { _ = try model.predict(bad) }
        expectSynapseError(.invalidData, mentioning: ["values ≥ 0"]) { _ = try model.evaluate(bad, y) }
        expectSynapseError(.invalidData, mentioning: ["values ≥ 0"]) { _ = try model.fit(bad, y, epochs: 1, verbose: 0) }
    }
}
