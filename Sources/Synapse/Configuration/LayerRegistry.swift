/// The one list that maps configuration type names to layer types. A new layer is added here (and
/// nowhere else) so that saved models containing it can be rebuilt.
enum LayerRegistry {
    // Immutable after initialisation, so sharing it across threads is safe.
    nonisolated(unsafe) static let types: [String: any Layer.Type] = [
        "InputLayer": Input.self,
        "Dense": Dense.self,
        "Dropout": Dropout.self,
    ]

    /// Rebuilds a layer from its type name and configuration.
    static func make(type: String, name: String, configuration: [String: JSONValue]) throws -> any Layer {
        guard let layerType = types[type] else {
            throw SynapseError.fileError("unknown layer type '\(type)' (layer '\(name)'); known types: \(types.keys.sorted().joined(separator: ", "))")
        }
        return try layerType.init(configuration: Configuration(configuration, owner: "\(type) '\(name)'"), name: name)
    }
}
