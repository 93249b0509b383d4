/// Batch normalization, as Keras's `BatchNormalization`: `y = γ·(x − mean)/√(variance + ε) + β` per
/// channel (the axis `axis`, by default the last).
///
/// While training, the mean and the (biased) variance are the batch's, over every axis but `axis`,
/// and each training step moves the moving statistics towards them:
/// `moving = moving × momentum + batch × (1 − momentum)`. At inference (evaluation, prediction,
/// validation) the moving statistics are used and never change. A frozen layer
/// (`isTrainable = false`) normalises with its moving statistics even while the model trains, as in
/// Keras 3. The moving mean and variance are layer state (``Parameter/isLayerState``): never
/// trainable, saved and loaded with the model, counted as non-trainable.
///
/// Weights, in Keras's order: `gamma` (when `scale`), `beta` (when `center`), `moving_mean`,
/// `moving_variance`, each of shape `[channels]`.
///
/// In a model's plan the layer runs its own kernels: one fused pass for the batch statistics, one
/// scale-and-shift pass; backward, one fused pass of reductions and one pass for the input gradient.
public final class BatchNormalization: KernelLayer {
    public var name: String
    public var typeName: String { "BatchNormalization" }
    /// The channel axis, counted on the whole input (batch axis 0); negative counts from the end.
    public let axis: Int
    /// How much of the moving statistics each training step keeps (0.99).
    public let momentum: Float
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
    /// How the moving mean starts (zeros).
    public let movingMeanInitializer: Initializer
    /// How the moving variance starts (ones).
    public let movingVarianceInitializer: Initializer
    /// The penalty on `beta`, if any.
    public let betaRegularizer: Regularizer?
    /// The penalty on `gamma`, if any.
    public let gammaRegularizer: Regularizer?
    /// `[channels]`, created by `build` when `scale`.
    public private(set) var gamma: Parameter?
    /// `[channels]`, created by `build` when `center`.
    public private(set) var beta: Parameter?
    /// `[channels]`, created by `build`; layer state.
    public private(set) var movingMean: Parameter?
    /// `[channels]`, created by `build`; layer state.
    public private(set) var movingVariance: Parameter?
    /// The rank of the samples the layer was built for.
    private var sampleRank: Int?

    /// A batch normalization layer, with Keras's defaults.
    ///
    /// ```swift
    /// let model = Sequential {
    ///     Dense(64)
    ///     BatchNormalization()
    ///     Dense(10, activation: .softmax)
    /// }
    /// ```
    public init(axis: Int = -1, momentum: Float = 0.99, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                movingMeanInitializer: Initializer = .zeros, movingVarianceInitializer: Initializer = .ones,
                betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil, name: String = "") {
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.movingMeanInitializer = movingMeanInitializer
        self.movingVarianceInitializer = movingVarianceInitializer
        self.betaRegularizer = betaRegularizer
        self.gammaRegularizer = gammaRegularizer
        self.name = name
    }

    public var parameters: [Parameter] { [gamma, beta, movingMean, movingVariance].compactMap { $0 } }

    public var configuration: [String: JSONValue] {
        ["axis": .number(Double(axis)), "momentum": .number(Double(momentum)), "epsilon": .number(Double(epsilon)),
         "center": .bool(center), "scale": .bool(scale),
         "beta_initializer": betaInitializer.configurationValue, "gamma_initializer": gammaInitializer.configurationValue,
         "moving_mean_initializer": movingMeanInitializer.configurationValue,
         "moving_variance_initializer": movingVarianceInitializer.configurationValue,
         "beta_regularizer": betaRegularizer?.configurationValue ?? .null,
         "gamma_regularizer": gammaRegularizer?.configurationValue ?? .null]
    }

    public convenience init(configuration: Configuration, name: String) throws {
        let owner = configuration.owner
        for key in ["renorm", "synchronized"] where configuration[key] == .bool(true) {
            throw SynapseError.invalidArgument("\(owner): '\(key)' is not supported, found true")
        }
        func initializer(_ key: String, _ fallback: String) throws -> Initializer {
            try Initializer(configurationValue: configuration[key] ?? .string(fallback), owner: "\(owner) \(key)")
        }
        func regularizer(_ key: String) throws -> Regularizer? {
            try Regularizer(configurationValue: configuration[key] ?? .null, owner: "\(owner) \(key)")
        }
        self.init(axis: try configuration.int("axis", default: -1, in: -64...64),
                  momentum: try configuration.float("momentum", default: 0.99),
                  epsilon: try configuration.float("epsilon", default: 1e-3),
                  center: try configuration.bool("center", default: true),
                  scale: try configuration.bool("scale", default: true),
                  betaInitializer: try initializer("beta_initializer", "zeros"),
                  gammaInitializer: try initializer("gamma_initializer", "ones"),
                  movingMeanInitializer: try initializer("moving_mean_initializer", "zeros"),
                  movingVarianceInitializer: try initializer("moving_variance_initializer", "ones"),
                  betaRegularizer: try regularizer("beta_regularizer"),
                  gammaRegularizer: try regularizer("gamma_regularizer"),
                  name: name)
    }

    /// The channel axis within a sample of rank `rank` (0-based), or an error naming the layer.
    private func channelAxis(sampleRank rank: Int) throws -> Int {
        let full = axis < 0 ? axis + rank + 1 : axis
        guard full >= 1, full <= rank else {
            throw SynapseError.shapeMismatch("\(name): expected inputs with an axis \(axis) that is not the batch axis, found samples of rank \(rank) (inputs of rank \(rank + 1))")
        }
        return full - 1
    }

    /// The `[outer, channels, inner]` view of a sample of `shape`.
    private func layout(ofSample shape: [Int]) throws -> NormalizationKernels.ChannelLayout {
        let a = try channelAxis(sampleRank: shape.count)
        return .init(outer: Shape.count(of: Array(shape[..<a])), channels: shape[a], inner: Shape.count(of: Array(shape[(a + 1)...])))
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard momentum.isFinite, (0...1).contains(momentum) else {
            throw SynapseError.invalidArgument("\(name): momentum must be in [0, 1], found \(momentum)")
        }
        guard epsilon.isFinite, epsilon > 0 else {
            throw SynapseError.invalidArgument("\(name): epsilon must be a positive number, found \(epsilon)")
        }
        let channels = try layout(ofSample: inputShape).channels
        guard channels > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected at least one channel on axis \(axis), found sample shape \(inputShape)")
        }
        let shape = [channels]
        gamma = scale ? try makeParameter("gamma", shape: shape, initializer: gammaInitializer, regularizer: gammaRegularizer,
                                          generator: &generator) : nil
        beta = center ? try makeParameter("beta", shape: shape, initializer: betaInitializer, regularizer: betaRegularizer,
                                          generator: &generator) : nil
        movingMean = try makeParameter("moving_mean", shape: shape, initializer: movingMeanInitializer, isLayerState: true,
                                       generator: &generator)
        movingVariance = try makeParameter("moving_variance", shape: shape, initializer: movingVarianceInitializer,
                                           isLayerState: true, generator: &generator)
        sampleRank = inputShape.count
        return inputShape
    }

    /// Whether a training call uses (and updates) the batch statistics: the layer is not frozen.
    /// (Allocates nothing: it runs once per step.)
    private var usesBatchStatistics: Bool {
        if let gamma { return gamma.isTrainable }
        if let beta { return beta.isTrainable }
        return LayerTrainability.isTrainable(self)
    }

    /// The channel count the layer was built for, after checking `sample` against it.
    private func checkedChannels(_ sample: [Int]) throws -> (NormalizationKernels.ChannelLayout, Parameter, Parameter) {
        guard let movingMean, let movingVariance, let sampleRank else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        guard sample.count == sampleRank else {
            throw SynapseError.shapeMismatch("\(name): expected samples of rank \(sampleRank), found sample shape \(sample)")
        }
        let l = try layout(ofSample: sample)
        let channels = movingMean.shape == [l.channels] ? l.channels : -1
        guard channels > 0, movingVariance.shape == [channels], gamma.map({ $0.shape == [channels] }) ?? true,
              beta.map({ $0.shape == [channels] }) ?? true else {
            throw SynapseError.shapeMismatch("\(name): expected \(movingMean.shape.first ?? 0) channels on axis \(axis) (and weights of that size), found sample shape \(sample)")
        }
        return (l, movingMean, movingVariance)
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        guard input.rank >= 1 else {
            throw SynapseError.shapeMismatch("\(name): expected a batch of samples, found a scalar")
        }
        let (l, movingMean, movingVariance) = try checkedChannels(Array(input.shape.dropFirst()))
        let view = [input.shape[0] * l.outer, l.channels, l.inner]
        let x = try input.reshaped(view)
        let perChannel = [1, l.channels, 1]
        let centered: Tensor, variance: Tensor
        if training && usesBatchStatistics {
            let mean = try x.mean(alongAxis: 0, keepingDimensions: true).mean(alongAxis: 2, keepingDimensions: true)
            centered = try x - mean
            variance = try (centered * centered).mean(alongAxis: 0, keepingDimensions: true).mean(alongAxis: 2, keepingDimensions: true)
            // The moving statistics follow the batch's (values only: nothing is recorded).
            let keep = momentum, take = 1 - momentum
            let m = mean.detached.scalars, v = variance.detached.scalars
            let oldMean = movingMean.value.detached.scalars, oldVariance = movingVariance.value.detached.scalars
            try movingMean.assign(Tensor(shape: [l.channels], scalars: (0..<l.channels).map { oldMean[$0] * keep + m[$0] * take }))
            try movingVariance.assign(Tensor(shape: [l.channels], scalars: (0..<l.channels).map { oldVariance[$0] * keep + v[$0] * take }))
        } else {
            centered = try x - movingMean.value.reshaped(perChannel)
            variance = try movingVariance.value.reshaped(perChannel)
        }
        var y = try centered / (variance + epsilon).sqrt()
        if let gamma { y = try y * gamma.value.reshaped(perChannel) }
        if let beta { y = try y + beta.value.reshaped(perChannel) }
        return try y.reshaped(input.shape)
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let (sample, _, _) = try checkedChannels(call.inputShapes[0])
        let channels = sample.channels
        let partitions = NormalizationKernels.partitionCount
        let sizes = NormalizationKernels.BatchScratch.sizes(channels: channels, partitions: partitions)
        let training = call.isTraining, epsilon = self.epsilon, momentum = self.momentum
        let hasGamma = scale, hasBeta = center
        // Parameter indices in `parameters`: gamma?, beta?, moving mean, moving variance.
        let gammaIndex = hasGamma ? 0 : -1, betaIndex = hasBeta ? (hasGamma ? 1 : 0) : -1
        let meanIndex = (hasGamma ? 1 : 0) + (hasBeta ? 1 : 0), varianceIndex = meanIndex + 1
        /// Whether this step's forward used the batch statistics (read by its backward).
        final class Mode { var batch = false }
        let mode = Mode()
        func scratch(_ b: StepBuffers) -> NormalizationKernels.BatchScratch {
            .init(b.scratch[0], partials: b.scratch[1], channels: channels)
        }
        func layout(_ b: StepBuffers) -> NormalizationKernels.ChannelLayout {
            var l = sample
            l.outer = b.rows * sample.outer
            return l
        }
        return LayerKernels(
            stepScratch: [sizes.stats, sizes.partials],
            forward: { [self] b in
                let l = layout(b), s = scratch(b)
                mode.batch = training && usesBatchStatistics && l.outer > 0
                if mode.batch {
                    NormalizationKernels.batchStatistics(b.inputs[0], l, scratch: s, partitions: partitions, epsilon: epsilon,
                                                         momentum: momentum, movingMean: b.parameters[meanIndex],
                                                         movingVariance: b.parameters[varianceIndex])
                } else {
                    NormalizationKernels.movingStatistics(scratch: s, channels: channels, epsilon: epsilon,
                                                          movingMean: b.parameters[meanIndex], movingVariance: b.parameters[varianceIndex])
                }
                NormalizationKernels.batchNormalize(b.inputs[0], b.outputs[0], l, scratch: s,
                                                    gamma: hasGamma ? UnsafePointer(b.parameters[gammaIndex]) : nil,
                                                    beta: hasBeta ? UnsafePointer(b.parameters[betaIndex]) : nil)
            },
            backward: { b in
                NormalizationKernels.batchNormalizeBackward(
                    b.inputs[0], b.outputGradients[0], layout(b), scratch: scratch(b), partitions: partitions, batchStatistics: mode.batch,
                    dx: b.inputGradients[0], accumulatesInput: b.accumulatesInputGradient[0],
                    dGamma: hasGamma ? b.parameterGradients[gammaIndex] : nil, dBeta: hasBeta ? b.parameterGradients[betaIndex] : nil,
                    accumulatesParameters: b.accumulatesParameterGradients)
            })
    }
}
