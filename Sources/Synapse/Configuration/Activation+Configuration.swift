extension Activation {
    /// The activation as a configuration value: its Keras name, or an object with its parameter.
    public var configurationValue: JSONValue {
        switch self {
        case .leakyReLU(let alpha), .elu(let alpha):
            return .object(["name": .string(name), "alpha": .number(Double(alpha))])
        case .gelu(approximate: true):
            return .object(["name": .string(name), "approximate": .bool(true)])
        default:
            return .string(name)
        }
    }

    /// Reads an activation written by ``configurationValue``.
    public init(configurationValue value: JSONValue, owner: String) throws {
        let name: String
        var alpha: Float?
        var approximate = false
        switch value {
        case .string(let s): name = s
        case .object(let o):
            let config = Configuration(o, owner: owner)
            name = try config.string("name")
            alpha = try config.float("alpha", default: name == "elu" ? 1 : 0.2)
            approximate = try config.bool("approximate", default: false)
        default:
            throw SynapseError.fileError("\(owner): an activation must be a name or an object, found \(value)")
        }
        switch name {
        case "linear": self = .linear
        case "relu": self = .relu
        case "sigmoid": self = .sigmoid
        case "softmax": self = .softmax
        case "tanh": self = .tanh
        case "leaky_relu": self = .leakyReLU(alpha: alpha ?? 0.2)
        case "elu": self = .elu(alpha: alpha ?? 1)
        case "gelu": self = .gelu(approximate: approximate)
        case "softplus": self = .softplus
        case "swish": self = .swish
        default: throw SynapseError.fileError("\(owner): unknown activation '\(name)'")
        }
    }
}
