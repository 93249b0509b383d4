import Foundation

/// The one list that maps configuration type names to layer types. A new built-in layer is added
/// here (and nowhere else) so that saved models containing it can be rebuilt; a custom layer type
/// joins at run time through ``register(_:)``.
public enum LayerRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var types: [String: any Layer.Type] = builtIns

    /// The type names of Synapse's own layers, as configurations save them (`Dense`, `Add`, …).
    public static var builtInTypeNames: [String] { builtIns.keys.sorted() }

    nonisolated(unsafe) private static let builtIns: [String: any Layer.Type] = [
        "InputLayer": Input.self,
        "Dense": Dense.self,
        "Dropout": Dropout.self,
        "Activation": ActivationLayer.self,
        "ReLU": ReLU.self,
        "LeakyReLU": LeakyReLU.self,
        "Softmax": Softmax.self,
        "GRU": GRU.self,
        "SimpleRNN": SimpleRNN.self,
        "Add": Add.self,
        "Subtract": Subtract.self,
        "Multiply": Multiply.self,
        "Average": Average.self,
        "Maximum": Maximum.self,
        "Minimum": Minimum.self,
        "Concatenate": Concatenate.self,
        "Conv1D": Conv1D.self,
        "Conv2D": Conv2D.self,
        "Conv2DTranspose": Conv2DTranspose.self,
        "DepthwiseConv1D": DepthwiseConv1D.self,
        "DepthwiseConv2D": DepthwiseConv2D.self,
        "SeparableConv2D": SeparableConv2D.self,
        "MaxPooling1D": MaxPooling1D.self,
        "MaxPooling2D": MaxPooling2D.self,
        "AveragePooling1D": AveragePooling1D.self,
        "AveragePooling2D": AveragePooling2D.self,
        "GlobalMaxPooling1D": GlobalMaxPooling1D.self,
        "GlobalMaxPooling2D": GlobalMaxPooling2D.self,
        "GlobalAveragePooling1D": GlobalAveragePooling1D.self,
        "GlobalAveragePooling2D": GlobalAveragePooling2D.self,
        "Flatten": Flatten.self,
        "Reshape": Reshape.self,
        "UpSampling1D": UpSampling1D.self,
        "UpSampling2D": UpSampling2D.self,
        "ZeroPadding1D": ZeroPadding1D.self,
        "ZeroPadding2D": ZeroPadding2D.self,
        "Cropping1D": Cropping1D.self,
        "Cropping2D": Cropping2D.self,
        "BatchNormalization": BatchNormalization.self,
        "LayerNormalization": LayerNormalization.self,
        "SpatialDropout1D": SpatialDropout1D.self,
        "SpatialDropout2D": SpatialDropout2D.self,
        "Embedding": Embedding.self,
        "Masking": Masking.self,
        "TimeDistributed": TimeDistributed.self,
        "Bidirectional": Bidirectional.self,
        "LSTM": LSTM.self,
    ]

    /// Makes a custom layer type known under `typeName` (by default the type's ``Layer/typeName``
    /// as configurations save it), so that model files containing it can be loaded.
    ///
    /// ```swift
    /// LayerRegistry.register(Scale.self, as: "Scale")
    /// let model = try Model.load(from: "scaled.safetensors")
    /// ```
    public static func register(_ type: any Layer.Type, as typeName: String) {
        lock.lock()
        types[typeName] = type
        lock.unlock()
    }

    /// Makes a layer from its configuration type name (`Conv2D`) and configuration, as a model file
    /// or Keras's `get_config()` gives them (`["filters": 8, "kernel_size": [3, 3]]`) — Keras's
    /// `keras.layers.deserialize`.
    ///
    /// - Throws: ``SynapseError`` for an unknown type or a configuration the layer refuses.
    public static func layer(ofType type: String, named name: String, configuration: [String: JSONValue]) throws -> any Layer {
        try make(type: type, name: name, configuration: configuration)
    }

    /// Rebuilds a layer from its type name and configuration.
    static func make(type: String, name: String, configuration: [String: JSONValue]) throws -> any Layer {
        lock.lock()
        let layerType = types[type]
        let known = types.keys.sorted()
        lock.unlock()
        guard let layerType else {
            let swiftName = type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? type : "YourLayer"
            throw SynapseError.fileError("unknown layer type '\(type)' (layer '\(name)'): neither one of Synapse's layers nor a registered custom layer; if it is your own layer, register it before loading with LayerRegistry.register(\(swiftName).self, as: \"\(type)\") (known types: \(known.joined(separator: ", ")))")
        }
        return try layerType.init(configuration: Configuration(configuration, owner: "\(type) '\(name)'"), name: name)
    }
}
