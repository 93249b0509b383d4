/// Layer normalization, as Keras's `LayerNormalization`: each sample is normalised over the axes
/// `axis` (by default the last) with its own mean and (biased) variance,
/// `y = γ ⊙ (x − mean)/√(variance + ε) + β`, the same in training and at inference.
///
/// The axes may be one axis or several; they must be the trailing axes of the input (`-1`,
/// `[-2, -1]`, `[1, 2, 3]` on images), counted on the whole input (batch axis 0). `gamma` and `beta`
/// have the shape of those axes, as in Keras. Keras's deprecated `rms_scaling` is not supported.
///
/// In a model's plan the layer runs its own kernels: one fused pass per row (statistics, then
/// normalisation), and one fused backward pass per row that also sums the weight gradients.
public final class LayerNormalization: KernelLayer {
    public var name: String
    public var typeName: String { "LayerNormalization" }
    /// The normalised axes, counted on the whole input (negative from the end), as given.
    public let axes: [Int]
    /// Whether `axis` was given as a single number (saved the same way).
    private let axisIsList: Bool
    /// Added to the variance before its square root (1e-3).
    public let epsilon: Float
    /// Whether the layer adds `beta`.
    public let center: Bool
    /// Whether the layer multiplies by `gamma`.
    public let scale: Bool
    /// How `beta` starts (zeros).
    public let betaInitializer: Initializer
    /// How `gamma` starts (ones).
    public let gammaInitializer: Initializer
    /// The penalty on `beta`, if any.
    public let betaRegularizer: Regularizer?
    /// The penalty on `gamma`, if any.
    public let gammaRegularizer: Regularizer?
    /// The shape of the normalised axes, created by `build` when `scale`.
    public private(set) var gamma: Parameter?
    /// The shape of the normalised axes, created by `build` when `center`.
    public private(set) var beta: Parameter?
    /// The rank of the samples the layer was built for.
    private var sampleRank: Int?

    /// A layer normalization over one axis (by default the last).
    ///
    /// ```swift
    /// let normalized = try LayerNormalization()(Input(shape: [10, 64]))
    /// ```
    public convenience init(axis: Int = -1, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                            betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                            betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil, name: String = "") {
        self.init(axes: [axis], isList: false, epsilon: epsilon, center: center, scale: scale, betaInitializer: betaInitializer,
                  gammaInitializer: gammaInitializer, betaRegularizer: betaRegularizer, gammaRegularizer: gammaRegularizer, name: name)
    }

    /// A layer normalization over several trailing axes (`LayerNormalization(axes: [-2, -1])`).
    public convenience init(axes: [Int], epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                            betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                            betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil, name: String = "") {
        self.init(axes: axes, isList: true, epsilon: epsilon, center: center, scale: scale, betaInitializer: betaInitializer,
                  gammaInitializer: gammaInitializer, betaRegularizer: betaRegularizer, gammaRegularizer: gammaRegularizer, name: name)
    }

    private init(axes: [Int], isList: Bool, epsilon: Float, center: Bool, scale: Bool, betaInitializer: Initializer,
                 gammaInitializer: Initializer, betaRegularizer: Regularizer?, gammaRegularizer: Regularizer?, name: String) {
        self.axes = axes
        self.axisIsList = isList
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.betaRegularizer = betaRegularizer
        self.gammaRegularizer = gammaRegularizer
        self.name = name
    }

    public var parameters: [Parameter] { [gamma, beta].compactMap { $0 } }

    public var configuration: [String: JSONValue] {
        ["axis": axisIsList ? .array(axes.map { .number(Double($0)) }) : .number(Double(axes[0])),
         "epsilon": .number(Double(epsilon)), "center": .bool(center), "scale": .bool(scale),
         "beta_initializer": betaInitializer.configurationValue, "gamma_initializer": gammaInitializer.configurationValue,
         "beta_regularizer": betaRegularizer?.configurationValue ?? .null,
         "gamma_regularizer": gammaRegularizer?.configurationValue ?? .null]
    }

    public convenience init(configuration: Configuration, name: String) throws {
        let owner = configuration.owner
        if configuration["rms_scaling"] == .bool(true) {
            throw SynapseError.invalidArgument("\(owner): 'rms_scaling' (deprecated in Keras) is not supported, found true")
        }
        let axes: [Int], isList: Bool
        switch configuration["axis"] {
        case .array(let items)?:
            guard !items.isEmpty, items.count <= 64 else {
                throw SynapseError.fileError("\(owner): configuration needs 'axis' as a number or a non-empty list of numbers, found \(items)")
            }
            axes = try items.map { item in try Configuration(["axis": item], owner: owner).int("axis", in: -64...64) }
            isList = true
        default:
            axes = [try configuration.int("axis", default: -1, in: -64...64)]
            isList = false
        }
        func initializer(_ key: String, _ fallback: String) throws -> Initializer {
            try Initializer(configurationValue: configuration[key] ?? .string(fallback), owner: "\(owner) \(key)")
        }
        self.init(axes: axes, isList: isList, epsilon: try configuration.float("epsilon", default: 1e-3),
                  center: try configuration.bool("center", default: true), scale: try configuration.bool("scale", default: true),
                  betaInitializer: try initializer("beta_initializer", "zeros"),
                  gammaInitializer: try initializer("gamma_initializer", "ones"),
                  betaRegularizer: try Regularizer(configurationValue: configuration["beta_regularizer"] ?? .null, owner: "\(owner) beta_regularizer"),
                  gammaRegularizer: try Regularizer(configurationValue: configuration["gamma_regularizer"] ?? .null, owner: "\(owner) gamma_regularizer"),
                  name: name)
    }

    /// The first normalised axis within a sample of rank `rank` (0-based): the axes must be the
    /// sample's trailing axes from there.
    private func firstAxis(sampleRank rank: Int) throws -> Int {
        let full = Set(axes.map { $0 < 0 ? $0 + rank + 1 : $0 }).sorted()
        guard let first = full.first, first >= 1, full.last == rank, full.count == rank - first + 1 else {
            throw SynapseError.shapeMismatch("\(name): expected axes \(axes) to be the trailing axes of the input (not the batch axis), found inputs of rank \(rank + 1)")
        }
        return first - 1
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard epsilon.isFinite, epsilon > 0 else {
            throw SynapseError.invalidArgument("\(name): epsilon must be a positive number, found \(epsilon)")
        }
        let shape = Array(inputShape[try firstAxis(sampleRank: inputShape.count)...])
        guard Shape.count(of: shape) > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected normalised axes of size ≥ 1, found sample shape \(inputShape)")
        }
        gamma = scale ? try makeParameter("gamma", shape: shape, initializer: gammaInitializer, regularizer: gammaRegularizer,
                                          generator: &generator) : nil
        beta = center ? try makeParameter("beta", shape: shape, initializer: betaInitializer, regularizer: betaRegularizer,
                                          generator: &generator) : nil
        sampleRank = inputShape.count
        return inputShape
    }

    /// `(rows per sample, features)` for samples of `sample`, after checking it against the weights.
    private func checkedLayout(_ sample: [Int]) throws -> (outer: Int, features: Int) {
        guard let sampleRank else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        guard sample.count == sampleRank else {
            throw SynapseError.shapeMismatch("\(name): expected samples of rank \(sampleRank), found sample shape \(sample)")
        }
        let first = try firstAxis(sampleRank: sample.count)
        let shape = Array(sample[first...])
        guard gamma.map({ $0.shape == shape }) ?? true, beta.map({ $0.shape == shape }) ?? true else {
            throw SynapseError.shapeMismatch("\(name): expected normalised axes of shape \((gamma ?? beta)?.shape ?? []), found sample shape \(sample)")
        }
        return (Shape.count(of: Array(sample[..<first])), Shape.count(of: shape))
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 1 else {
            throw SynapseError.shapeMismatch("\(name): expected a batch of samples, found a scalar")
        }
        let (outer, features) = try checkedLayout(Array(input.shape.dropFirst()))
        let x = try input.reshaped([input.shape[0] * outer, features])
        let mean = try x.mean(alongAxis: 1, keepingDimensions: true)
        let centered = try x - mean
        let variance = try (centered * centered).mean(alongAxis: 1, keepingDimensions: true)
        var y = try centered / (variance + epsilon).sqrt()
        if let gamma { y = try y * gamma.value.reshaped([1, features]) }
        if let beta { y = try y + beta.value.reshaped([1, features]) }
        return try y.reshaped(input.shape)
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let (outer, features) = try checkedLayout(call.inputShapes[0])
        let partitions = NormalizationKernels.partitionCount
        let epsilon = self.epsilon, hasGamma = scale, hasBeta = center
        let gammaIndex = 0, betaIndex = hasGamma ? 1 : 0
        let partialsSize = 2 * partitions * features
        return LayerKernels(
            // Per sample: each row's mean and 1/σ; per step: the partial sums of the weight gradients.
            scratch: [2 * outer],
            stepScratch: [partialsSize],
            forward: { b in
                NormalizationKernels.layerNormalize(b.inputs[0], b.outputs[0], rows: b.rows * outer, features: features, epsilon: epsilon,
                                                    gamma: hasGamma ? UnsafePointer(b.parameters[gammaIndex]) : nil,
                                                    beta: hasBeta ? UnsafePointer(b.parameters[betaIndex]) : nil,
                                                    statistics: b.scratch[0])
            },
            backward: { b in
                NormalizationKernels.layerNormalizeBackward(
                    b.inputs[0], b.outputGradients[0], rows: b.rows * outer, features: features,
                    gamma: hasGamma ? UnsafePointer(b.parameters[gammaIndex]) : nil, statistics: b.scratch[0],
                    partials: b.scratch[1], partitions: partitions,
                    dx: b.inputGradients[0], accumulatesInput: b.accumulatesInputGradient[0],
                    dGamma: hasGamma ? b.parameterGradients[gammaIndex] : nil, dBeta: hasBeta ? b.parameterGradients[betaIndex] : nil,
                    accumulatesParameters: b.accumulatesParameterGradients)
            })
    }
}

extension LayerNormalization: MaskPropagatingLayer {
    /// Applied to each position of a sequence, it keeps the sequence's mask.
    public var maskPropagation: MaskPropagation { .keep }
}
