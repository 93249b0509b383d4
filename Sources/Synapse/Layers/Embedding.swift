/// A lookup table: each index of the input is replaced by row `index` of the `embeddings` weight
/// `[inputDim, outputDim]`, as Keras's `Embedding`.
///
/// Inputs are tensors of indices of any shape `[…]` (Float tensors holding whole numbers in
/// `0..<inputDim`); the output is `[…, outputDim]`. An index that is not a whole number in that range
/// is refused with a ``SynapseError`` naming the layer, the index and the range. (Keras casts floats
/// to integers and, on some backends, wraps negative indices; Synapse refuses both.)
///
/// With `maskZero`, index 0 marks padding: the layer makes a mask that is 0 where the index is 0,
/// which the layers after it (the recurrent ones) read. Index 0 still has its row in the table, as in
/// Keras 3: a vocabulary of `n` words with padding needs `inputDim` = `n + 1`.
///
/// The embeddings start uniform in ±0.05 (Keras's `"uniform"`). In a model's plan the forward kernel
/// copies rows; the backward kernel adds each output row's gradient into the row it came from (no
/// gradient goes to the indices).
public final class Embedding: KernelLayer, MaskPropagatingLayer {
    public var name: String
    public var typeName: String { "Embedding" }
    /// The number of rows of the table: indices run over `0..<inputDim`.
    public let inputDim: Int
    /// The length of each row (the embedding's size).
    public let outputDim: Int
    /// How the table starts (uniform in ±0.05 by default).
    public let embeddingsInitializer: Initializer
    /// The penalty on the table added to the loss, if any.
    public let embeddingsRegularizer: Regularizer?
    /// Whether index 0 is padding that the layers after this one skip (a mask is made).
    public let maskZero: Bool
    /// `[inputDim, outputDim]`, created by `build`.
    public private(set) var embeddings: Parameter?

    /// An embedding of `inputDim` indices into vectors of `outputDim` values
    /// (`Embedding(inputDim: 10_000, outputDim: 64, maskZero: true)`).
    public init(inputDim: Int, outputDim: Int, embeddingsInitializer: Initializer = .randomUniform(),
                embeddingsRegularizer: Regularizer? = nil, maskZero: Bool = false, name: String = "") {
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.embeddingsInitializer = embeddingsInitializer
        self.embeddingsRegularizer = embeddingsRegularizer
        self.maskZero = maskZero
        self.name = name
    }

    public var parameters: [Parameter] { embeddings.map { [$0] } ?? [] }

    /// With `maskZero`, a mask that is 0 where the index is 0; otherwise none.
    public var maskPropagation: MaskPropagation { maskZero ? .compute(.nonZeroIndices) : .drop }

    public var configuration: [String: JSONValue] {
        ["input_dim": .number(Double(inputDim)), "output_dim": .number(Double(outputDim)),
         "embeddings_initializer": embeddingsInitializer.configurationValue,
         "embeddings_regularizer": embeddingsRegularizer?.configurationValue ?? .null, "mask_zero": .bool(maskZero)]
    }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(inputDim: try configuration.int("input_dim", in: 1...1 << 30),
                  outputDim: try configuration.int("output_dim", in: 1...1 << 24),
                  embeddingsInitializer: try Initializer(configurationValue: configuration["embeddings_initializer"] ?? .string("uniform"),
                                                         owner: "\(configuration.owner) embeddings_initializer"),
                  embeddingsRegularizer: try Regularizer(configurationValue: configuration["embeddings_regularizer"] ?? .null,
                                                         owner: "\(configuration.owner) embeddings_regularizer"),
                  maskZero: try configuration.bool("mask_zero", default: false), name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard inputDim > 0, outputDim > 0 else {
            throw SynapseError.invalidArgument("\(name): inputDim and outputDim must be ≥ 1, found \(inputDim) and \(outputDim)")
        }
        embeddings = try makeParameter("embeddings", shape: [inputDim, outputDim], initializer: embeddingsInitializer,
                                       regularizer: embeddingsRegularizer, generator: &generator)
        return inputShape + [outputDim]
    }

    /// The error for an index that is not a whole number in `0..<inputDim`.
    func invalidIndexError(_ value: Float, at position: Int, of shape: [Int]) -> SynapseError {
        .invalidData("\(name): expected indices that are whole numbers in 0..<\(inputDim), found \(value) at flat position \(position) of an input of shape \(shape)")
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let embeddings else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        let invalid = input.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { EmbeddingKernels.firstInvalidIndex($0, count: buffer.count, rows: inputDim) }
        }
        if let invalid { throw invalidIndexError(invalid.value, at: invalid.position, of: input.shape) }
        let indices = input.scalars.map { Int($0) }
        return try embeddings.value.gatherRows(indices).reshaped(input.shape + [outputDim])
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let rows = inputDim, width = outputDim
        guard let embeddings, embeddings.shape == [rows, width] else {
            throw SynapseError.shapeMismatch("\(name): expected embeddings of shape \([rows, width]), found \(embeddings.map { "\($0.shape)" } ?? "none") (were the weights assigned by hand?)")
        }
        let perSample = call.sampleCount(ofInput: 0)
        let sampleShape = call.inputShapes[0]
        var kernels = LayerKernels(
            forward: { b in
                EmbeddingKernels.lookup(b.inputs[0], count: b.rows * perSample, table: b.parameters[0], rows: rows, width: width,
                                        into: b.outputs[0])
            },
            backward: { b in
                guard let gradient = b.parameterGradients[0] else { return }
                EmbeddingKernels.scatterAdd(b.outputGradients[0], indices: b.inputs[0], count: b.rows * perSample, width: width,
                                            into: gradient, rows: rows, accumulate: b.accumulatesParameterGradients)
            })
        kernels.validate = { [self] b in
            EmbeddingKernels.firstInvalidIndex(b.inputs[0], count: b.rows * perSample, rows: rows).map {
                invalidIndexError($0.value, at: $0.position, of: [b.rows] + sampleShape)
            }
        }
        return kernels
    }
}
