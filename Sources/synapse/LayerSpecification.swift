import Foundation
import Synapse

/// A hidden layer as `--layers` names it: `64:relu` is `Dense(64, activation: .relu)`.
struct LayerSpecification: Equatable {
    /// The number of units.
    var units: Int
    /// The activation, by its Keras name.
    var activation: Activation

    /// Parses a comma-separated list such as `"64:relu,32:tanh"`; a layer without `:activation` is relu.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming the entry that is not `UNITS[:ACTIVATION]`.
    static func parseList(_ text: String) throws -> [LayerSpecification] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if entries == [""] { return [] }
        return try entries.map(parse)
    }

    /// Parses one entry, `UNITS[:ACTIVATION]`.
    static func parse(_ entry: String) throws -> LayerSpecification {
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), let units = Int(parts[0]), units >= 1 else {
            throw SynapseError.invalidArgument("--layers: expected entries UNITS[:ACTIVATION] such as '64:relu', with UNITS ≥ 1, found '\(entry)'")
        }
        let name = parts.count == 2 ? parts[1] : "relu"
        do {
            return LayerSpecification(units: units, activation: try Activation(configurationValue: .string(name), owner: "--layers"))
        } catch {
            throw SynapseError.invalidArgument("--layers: unknown activation '\(name)' in '\(entry)'; expected one of linear, relu, sigmoid, tanh, softmax, leaky_relu, elu, gelu, softplus, swish")
        }
    }
}
