/// A fully connected layer: `activation(input · kernel + bias)`.
///
/// The kernel `[inputFeatures, units]` starts glorot-uniform, U(±√(6 / (fan_in + fan_out))), and the
/// bias `[units]` at zeros, as in Keras. Inputs of rank > 2 are multiplied along their last axis.
public final class Dense: ActivatedLayer {
    public var name: String
    public var typeName: String { "Dense" }
    /// The number of output features.
    public let units: Int
    /// The activation applied to the output.
    public let activation: Activation
    /// Whether the layer adds a bias.
    public let useBias: Bool
    /// `[inputFeatures, units]`, created by `build`.
    public private(set) var kernel: Parameter?
    /// `[units]`, created by `build` when `useBias`.
    public private(set) var bias: Parameter?
    /// The penalty on the kernel added to the loss (`.l2(0.01)`, …), if any.
    public let kernelRegularizer: Regularizer?
    /// The penalty on the bias added to the loss, if any.
    public let biasRegularizer: Regularizer?

    /// A dense layer of `units` outputs, optionally with L1/L2 penalties on its kernel and bias
    /// (`Dense(64, activation: .relu, kernelRegularizer: .l2(0.01))`).
    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.name = name
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public var configuration: [String: JSONValue] {
        ["units": .number(Double(units)), "activation": activation.configurationValue, "use_bias": .bool(useBias),
         "kernel_regularizer": kernelRegularizer?.configurationValue ?? .null,
         "bias_regularizer": biasRegularizer?.configurationValue ?? .null]
    }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(try configuration.int("units", in: 1...1 << 24),
                  activation: try Activation(configurationValue: configuration["activation"] ?? .string("linear"), owner: configuration.owner),
                  useBias: try configuration.bool("use_bias", default: true),
                  kernelRegularizer: try Regularizer(configurationValue: configuration["kernel_regularizer"] ?? .null,
                                                     owner: "\(configuration.owner) kernel_regularizer"),
                  biasRegularizer: try Regularizer(configurationValue: configuration["bias_regularizer"] ?? .null,
                                                   owner: "\(configuration.owner) bias_regularizer"),
                  name: name)
    }

    /// `kernelRegularizer`'s penalty on the kernel plus `biasRegularizer`'s on the bias (trainable
    /// parameters only, as Keras); `nil` without regularisers.
    public var regularizationLoss: Tensor? {
        get throws {
            var total: Tensor?
            for (regularizer, parameter) in [(kernelRegularizer, kernel), (biasRegularizer, bias)] {
                guard let regularizer, let parameter, parameter.isTrainable,
                      let penalty = try regularizer.penalty(parameter.value) else { continue }
                total = try total.map { try $0 + penalty } ?? penalty
            }
            return total
        }
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard units > 0 else {
            throw SynapseError.invalidArgument("\(name): units must be ≥ 1, found \(units)")
        }
        try kernelRegularizer?.validate(owner: "\(name): kernelRegularizer")
        try biasRegularizer?.validate(owner: "\(name): biasRegularizer")
        guard let features = inputShape.last, features > 0 else {
            throw SynapseError.shapeMismatch("\(name): expected inputs with a last axis of features, found sample shape \(inputShape)")
        }
        let limit = (6 / Float(features + units)).squareRoot()
        kernel = Parameter(name: "kernel", value: try .randomUniform([features, units], low: -limit, high: limit, generator: &generator))
        bias = useBias ? Parameter(name: "bias", value: try .zeros([units])) : nil
        return Array(inputShape.dropLast()) + [units]
    }

    public func preActivation(_ input: Tensor, training: Bool) throws -> Tensor {
        guard let kernel else {
            throw SynapseError.invalidState("\(name): the layer is used before it was built")
        }
        guard input.shape.last == kernel.value.shape[0] else {
            throw SynapseError.shapeMismatch("\(name): expected \(kernel.value.shape[0]) input features, found input of shape \(input.shape)")
        }
        let product = try input.matmul(kernel.value)
        guard let bias else { return product }
        return try product + bias.value
    }

    public func forward(_ input: Tensor, training: Bool) throws -> Tensor {
        try activation(preActivation(input, training: training))
    }
}
