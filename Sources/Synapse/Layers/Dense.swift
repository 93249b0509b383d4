/// A fully connected layer: `activation(input · kernel + bias)`.
///
/// The kernel `[inputFeatures, units]` starts glorot-uniform, U(±√(6 / (fan_in + fan_out))), and the
/// bias `[units]` at zeros, as in Keras. Inputs of rank > 2 are multiplied along their last axis.
///
/// In a model's plan the layer runs its own kernels: one GEMM, then bias and activation in one pass;
/// backward, the activation derivative in place, the kernel gradient as one transposed GEMM, the
/// bias gradient as column sums, and the input gradient (only where something needs it) as a GEMM
/// with the transposed kernel.
public final class Dense: KernelLayer, ActivatedLayer {
    public var name: String
    public var typeName: String { "Dense" }
    /// The number of output features.
    public let units: Int
    /// The activation applied to the output.
    public let activation: Activation
    /// Whether the layer adds a bias.
    public let useBias: Bool
    /// How the kernel starts (glorot uniform by default).
    public let kernelInitializer: Initializer
    /// How the bias starts (zeros by default).
    public let biasInitializer: Initializer
    /// `[inputFeatures, units]`, created by `build`.
    public private(set) var kernel: Parameter?
    /// `[units]`, created by `build` when `useBias`.
    public private(set) var bias: Parameter?
    /// The penalty on the kernel added to the loss (`.l2(0.01)`, …), if any.
    public let kernelRegularizer: Regularizer?
    /// The penalty on the bias added to the loss, if any.
    public let biasRegularizer: Regularizer?

    /// A dense layer of `units` outputs, optionally with other initializers and L1/L2 penalties on
    /// its kernel and bias (`Dense(64, activation: .relu, kernelRegularizer: .l2(0.01))`).
    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.name = name
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public var configuration: [String: JSONValue] {
        ["units": .number(Double(units)), "activation": activation.configurationValue, "use_bias": .bool(useBias),
         "kernel_initializer": kernelInitializer.configurationValue, "bias_initializer": biasInitializer.configurationValue,
         "kernel_regularizer": kernelRegularizer?.configurationValue ?? .null,
         "bias_regularizer": biasRegularizer?.configurationValue ?? .null]
    }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(try configuration.int("units", in: 1...1 << 24),
                  activation: try Activation(configurationValue: configuration["activation"] ?? .string("linear"), owner: configuration.owner),
                  useBias: try configuration.bool("use_bias", default: true),
                  kernelInitializer: try Initializer(configurationValue: configuration["kernel_initializer"] ?? .string("glorot_uniform"),
                                                     owner: "\(configuration.owner) kernel_initializer"),
                  biasInitializer: try Initializer(configurationValue: configuration["bias_initializer"] ?? .string("zeros"),
                                                   owner: "\(configuration.owner) bias_initializer"),
                  kernelRegularizer: try Regularizer(configurationValue: configuration["kernel_regularizer"] ?? .null,
                                                     owner: "\(configuration.owner) kernel_regularizer"),
                  biasRegularizer: try Regularizer(configurationValue: configuration["bias_regularizer"] ?? .null,
                                                   owner: "\(configuration.owner) bias_regularizer"),
                  name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard units > 0 else {
            throw SynapseError.invalidArgument("\(name): units must be ≥ 1, found \(units)")
        }
        guard let features = inputShape.last, features > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected inputs with a last axis of features, found sample shape \(inputShape)")
        }
        kernel = try makeParameter("kernel", shape: [features, units], initializer: kernelInitializer,
                                   regularizer: kernelRegularizer, generator: &generator)
        bias = useBias ? try makeParameter("bias", shape: [units], initializer: biasInitializer,
                                           regularizer: biasRegularizer, generator: &generator) : nil
        return Array(inputShape.dropLast()) + [units]
    }

    public func preActivation(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        guard input.shape.last == kernel.shape[0] else {
            throw SynapseError.shapeMismatch("\(name): expected \(kernel.shape[0]) input features, found input of shape \(input.shape)")
        }
        let product = try input.matmul(kernel.value)
        guard let bias else { return product }
        return try product + bias.value
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try activation(preActivation(input, training: training))
    }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        guard let kernel, let features = call.inputShapes[0].last else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        let units = self.units, hasBias = useBias
        guard kernel.shape == [features, units], bias.map({ $0.shape == [units] }) ?? true else {
            throw SynapseError.shapeMismatch("\(name): expected a kernel of shape \([features, units]) and a bias of shape \([units]), found \(kernel.shape) and \(bias.map { "\($0.shape)" } ?? "none") (were the weights assigned by hand?)")
        }
        // Rows of the GEMM per sample: 1 for vectors, the leading axes for higher ranks.
        let outer = call.sampleCount(ofInput: 0) / features
        let activation = call.appliesActivation ? self.activation : .linear
        // Pre-activation values are kept (in scratch) only when the activation needs them.
        let keepsPreActivation = activation != .linear
        return LayerKernels(
            scratch: keepsPreActivation ? [outer * units] : [],
            forward: { b in
                let m = b.rows * outer
                let z = keepsPreActivation ? b.scratch[0] : b.outputs[0]
                BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: units, k: features, alpha: 1, a: b.inputs[0], lda: features,
                           b: b.parameters[0], ldb: units, beta: 0, c: z, ldc: units)
                if keepsPreActivation {
                    DenseKernels.biasActivationForward(z, b.outputs[0], rows: m, columns: units,
                                                       bias: hasBias ? UnsafePointer(b.parameters[1]) : nil, activation: activation)
                } else if hasBias {
                    DenseKernels.addBias(z, rows: m, columns: units, bias: b.parameters[1])
                }
            },
            backward: { b in
                let m = b.rows * outer
                let dz = b.outputGradients[0]
                if keepsPreActivation {
                    DenseKernels.activationBackward(dz, z: b.scratch[0], a: b.outputs[0], rows: m, columns: units, activation: activation)
                }
                let accumulate = b.accumulatesParameterGradients
                if let dw = b.parameterGradients[0] {
                    BLAS.sgemm(transposeA: true, transposeB: false, m: features, n: units, k: m, alpha: 1, a: b.inputs[0], lda: features,
                               b: dz, ldb: units, beta: accumulate ? 1 : 0, c: dw, ldc: units)
                }
                if hasBias, let db = b.parameterGradients[1] {
                    DenseKernels.columnSums(dz, rows: m, columns: units, into: db, accumulate: accumulate)
                }
                if let dx = b.inputGradients[0] {
                    BLAS.sgemm(transposeA: false, transposeB: true, m: m, n: features, k: units, alpha: 1, a: dz, lda: units,
                               b: b.parameters[0], ldb: units, beta: b.accumulatesInputGradient[0] ? 1 : 0, c: dx, ldc: features)
                }
            })
    }
}

extension Dense: MaskPropagatingLayer {
    /// Applied to each position of a sequence, it keeps the sequence's mask.
    public var maskPropagation: MaskPropagation { .keep }
}
