/// Runs a recurrent layer over a sequence in both directions and merges the two outputs — Keras's
/// `Bidirectional`.
///
/// ```swift
/// let model = Sequential {
///     Input(shape: [40])
///     Embedding(inputDim: 1000, outputDim: 16, maskZero: true)
///     Bidirectional(GRU(32))             // [40, 16] → [64]
///     Dense(1, activation: .sigmoid)
/// }
/// ```
///
/// As in Keras, the layer holds two copies made from the given layer's configuration: the forward one
/// (named `forward_<name>`) and the backward one (`backward_<name>`, with `goBackwards` flipped), unless
/// `backwardLayer` is given. With `returnSequences`, the backward output is reversed back into time
/// order before merging: `concat` (along the last axis, forward first), `sum`, `mul`, `ave`, or `none`
/// (two outputs). With `returnState` the outputs continue with the forward states, then the backward
/// ones. Initial states, when given, are the forward layer's followed by the backward layer's.
///
/// A mask reaches both directions; a masked step outputs zeros in each (Keras sets
/// `zero_output_for_mask` on the wrapped layers). The weights are named under each copy, as Keras 3
/// names them without the cell: `bidirectional.forward_lstm.kernel`, `bidirectional.backward_lstm.kernel`.
///
/// In a model's plan the two layers' own kernels run one after the other, then one pass merges them;
/// backward, one pass splits the gradient and each layer runs its backward kernel.
public final class Bidirectional: KernelLayer, MaskConsumingLayer, MaskPropagatingLayer {
    /// How the two directions' outputs are combined.
    public enum MergeMode: String, Sendable, CaseIterable {
        /// Forward and backward side by side along the last axis.
        case concat
        /// Their sum.
        case sum
        /// Their product.
        case mul
        /// Their mean.
        case ave
        /// Not merged: two outputs, forward then backward.
        case none
    }

    public var name: String
    public var typeName: String { "Bidirectional" }
    /// How the outputs are merged.
    public let mergeMode: MergeMode
    /// The layer reading the sequence from its first step.
    public let forwardLayer: Recurrent
    /// The layer reading the sequence from its last step.
    public let backwardLayer: Recurrent
    /// Whether the mask of the sequence is the layer's last input (set by the model); both directions
    /// then read it.
    public var receivesMask = false

    /// Wraps `layer` to read sequences both ways. `backwardLayer`, when given, is used as the backward
    /// direction; it must read the other way and return what `layer` returns.
    public init(_ layer: Recurrent, mergeMode: MergeMode = .concat, backwardLayer: Recurrent? = nil, name: String = "") {
        let base = WrappedLayers.defaultName(of: layer)
        let forwardName = "forward_" + (base.hasPrefix("forward_") ? String(base.dropFirst("forward_".count)) : base)
        forwardLayer = Bidirectional.copy(of: layer, named: forwardName, goBackwards: layer.goBackwards) ?? layer
        if let backwardLayer {
            backwardLayer.name = backwardLayer.name.isEmpty ? "backward_" + LayerNames.snakeCase(backwardLayer.typeName) : backwardLayer.name
            self.backwardLayer = backwardLayer
        } else {
            let backwardName = "backward_" + (base.hasPrefix("forward_") ? String(base.dropFirst("forward_".count)) : base)
            self.backwardLayer = Bidirectional.copy(of: layer, named: backwardName, goBackwards: !layer.goBackwards) ?? layer
        }
        forwardLayer.zeroOutputForMask = true
        self.backwardLayer.zeroOutputForMask = true
        self.mergeMode = mergeMode
        self.name = name
    }

    /// A fresh layer from `layer`'s configuration (Keras copies the layer it wraps the same way).
    private static func copy(of layer: Recurrent, named name: String, goBackwards: Bool) -> Recurrent? {
        var configuration = layer.configuration
        configuration["go_backwards"] = .bool(goBackwards)
        let copy = try? LayerRegistry.make(type: layer.typeName, name: name, configuration: configuration) as? Recurrent
        if !LayerTrainability.isTrainable(layer) { copy?.isTrainable = false }
        return copy
    }

    /// Whether the outputs are sequences (the wrapped layer's `returnSequences`).
    public var returnSequences: Bool { forwardLayer.returnSequences }
    /// Whether the final states follow the merged output(s).
    public var returnState: Bool { forwardLayer.returnState }

    public var maskPropagation: MaskPropagation { returnSequences ? .keep : .drop }

    public var parameters: [Parameter] { forwardLayer.parameters + backwardLayer.parameters }

    public var regularizationLoss: Tensor? {
        get throws {
            let losses = try [forwardLayer.regularizationLoss, backwardLayer.regularizationLoss].compactMap { $0 }
            guard let first = losses.first else { return nil }
            return try losses.dropFirst().reduce(first) { try $0 + $1 }
        }
    }

    public var configuration: [String: JSONValue] {
        ["merge_mode": mergeMode == .none ? .null : .string(mergeMode.rawValue),
         "layer": WrappedLayers.configurationValue(of: forwardLayer),
         "backward_layer": WrappedLayers.configurationValue(of: backwardLayer)]
    }

    public convenience init(configuration: Configuration, name: String) throws {
        func recurrent(_ key: String) throws -> Recurrent {
            guard let layer = try WrappedLayers.layer(key, of: configuration) as? Recurrent else {
                throw SynapseError.fileError("\(configuration.owner): '\(key)' must be a recurrent layer (LSTM, GRU, SimpleRNN)")
            }
            return layer
        }
        let mergeMode: MergeMode
        switch configuration["merge_mode"] {
        case nil: mergeMode = .concat
        case .null?: mergeMode = .none
        case .string(let text)? where MergeMode(rawValue: text) != nil && text != "none": mergeMode = MergeMode(rawValue: text)!
        case let other?:
            throw SynapseError.fileError("\(configuration.owner): 'merge_mode' must be \"concat\", \"sum\", \"mul\", \"ave\" or null, found \(other)")
        }
        let layer = try recurrent("layer")
        let backward = configuration["backward_layer"] == nil ? nil : try recurrent("backward_layer")
        self.init(layer, mergeMode: mergeMode, backwardLayer: backward, name: name)
    }

    /// What the inputs of a call hold: the sequence, the initial states (both directions') if
    /// given, then the mask if ``receivesMask``.
    struct InputLayout {
        let timeSteps: Int
        /// States per direction.
        let stateCount: Int
        let hasInitialStates: Bool
        let hasMask: Bool

        /// The inputs of `direction` (0 forward, 1 backward) among the call's: indices into its inputs.
        func inputs(of direction: Int) -> [Int] {
            let states = hasInitialStates ? Array((1 + direction * stateCount)..<(1 + (direction + 1) * stateCount)) : []
            let mask = hasMask ? [1 + (hasInitialStates ? 2 * stateCount : 0)] : []
            return [0] + states + mask
        }
    }

    func inputLayout(_ shapes: [[Int]]) throws -> InputLayout {
        let states = forwardLayer.cellStateCount
        let maskCount = receivesMask ? 1 : 0
        guard shapes.count == 1 + maskCount || shapes.count == 1 + 2 * states + maskCount else {
            throw SynapseError.invalidArgument("\(name): expected the sequence, optionally \(2 * states) initial states (the forward layer's, then the backward layer's)\(receivesMask ? ", and the mask" : "") (\(1 + maskCount) or \(1 + 2 * states + maskCount) inputs), found \(shapes.count) inputs")
        }
        guard shapes[0].count == 2, shapes[0][0] > 0, shapes[0][1] > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected a sequence of shape [timeSteps, features] per sample, found \(shapes[0])")
        }
        let layout = InputLayout(timeSteps: shapes[0][0], stateCount: states, hasInitialStates: shapes.count > 1 + maskCount,
                                 hasMask: receivesMask)
        // Checked before either direction is built, so that a refused call builds nothing.
        for (direction, layer) in [forwardLayer, backwardLayer].enumerated() where layout.hasInitialStates {
            for input in layout.inputs(of: direction).dropFirst().prefix(states) where shapes[input] != [layer.units] {
                throw SynapseError.shapeMismatch("\(name): expected the initial states of \(layer.name) of shape [\(layer.units)], found \(shapes[input])")
            }
        }
        return layout
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        try build(inputShapes: [inputShape], generator: &generator)[0]
    }

    public func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws -> [[Int]] {
        let layout = try inputLayout(inputShapes)
        guard forwardLayer.goBackwards != backwardLayer.goBackwards, forwardLayer.returnSequences == backwardLayer.returnSequences,
              forwardLayer.returnState == backwardLayer.returnState, forwardLayer.cellStateCount == backwardLayer.cellStateCount else {
            throw SynapseError.invalidArgument("\(name): the backward layer must read the other way (goBackwards \(!forwardLayer.goBackwards)) and return what the forward layer returns (returnSequences \(returnSequences), returnState \(returnState), the same kind of states)")
        }
        guard mergeMode == .concat || mergeMode == .none || forwardLayer.units == backwardLayer.units else {
            throw SynapseError.invalidArgument("\(name): merge mode \(mergeMode.rawValue) needs layers of the same units, found \(forwardLayer.units) and \(backwardLayer.units)")
        }
        var outputs: [[[Int]]] = []
        for (direction, layer) in [forwardLayer, backwardLayer].enumerated() {
            layer.receivesMask = receivesMask
            do {
                outputs.append(try layer.build(inputShapes: layout.inputs(of: direction).map { inputShapes[$0] }, generator: &generator))
            } catch let error as SynapseError {
                throw error.prefixed(name)
            }
            WrappedLayers.adopt(layer, into: self)
        }
        return mergedShapes(outputs[0][0], outputs[1][0]) + outputs[0].dropFirst() + outputs[1].dropFirst()
    }

    /// The sample shapes of the merged output(s) from the two directions' outputs.
    private func mergedShapes(_ forward: [Int], _ backward: [Int]) -> [[Int]] {
        switch mergeMode {
        case .concat: [Array(forward.dropLast()) + [forward.last! + backward.last!]]
        case .sum, .mul, .ave: [forward]
        case .none: [forward, backward]
        }
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try forward([input], training: training)[0]
    }

    public func forward(_ inputs: [Tensor], training: Bool) throws -> [Tensor] {
        let layout = try inputLayout(inputs.map { Array($0.shape.dropFirst()) })
        var results: [[Tensor]] = []
        for (direction, layer) in [forwardLayer, backwardLayer].enumerated() {
            do {
                results.append(try layer.forward(layout.inputs(of: direction).map { inputs[$0] }, training: training))
            } catch let error as SynapseError {
                throw error.prefixed(name)
            }
        }
        let forward = results[0][0]
        let backward = returnSequences ? try Bidirectional.reversedInTime(results[1][0]) : results[1][0]
        let merged: [Tensor]
        switch mergeMode {
        case .concat: merged = [try Tensor.concatenate([forward, backward], alongAxis: forward.rank - 1)]
        case .sum: merged = [try forward + backward]
        case .mul: merged = [try forward * backward]
        case .ave: merged = [try (forward + backward) * 0.5]
        case .none: merged = [forward, backward]
        }
        return merged + results[0].dropFirst() + results[1].dropFirst()
    }

    /// A batch of sequences `[rows, T, units]` with the time axis reversed.
    static func reversedInTime(_ x: Tensor) throws -> Tensor {
        let (rows, steps, width) = (x.shape[0], x.shape[1], x.shape[2])
        let indices = (0..<x.count).map { i in
            let (r, t, j) = (i / (steps * width), i / width % steps, i % width)
            return (r * steps + steps - 1 - t) * width + j
        }
        return try x.gathering(flatIndices: indices, shape: [rows, steps, width])
    }
}
