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

    /// A dense layer of `units` outputs.
    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true, name: String = "") {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.name = name
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public var configuration: [String: JSONValue] {
        ["units": .number(Double(units)), "activation": activation.configurationValue, "use_bias": .bool(useBias)]
    }

    public convenience init(configuration: Configuration, name: String) throws {
        self.init(try configuration.int("units", in: 1...1 << 24),
                  activation: try Activation(configurationValue: configuration["activation"] ?? .string("linear"), owner: configuration.owner),
                  useBias: try configuration.bool("use_bias", default: true),
                  name: name)
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] {
        guard units > 0 else {
            throw SynapseError.invalidArgument("\(name): units must be ≥ 1, found \(units)")
        }
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
