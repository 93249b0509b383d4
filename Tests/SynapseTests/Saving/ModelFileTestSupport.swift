import Foundation
import Synapse
import Testing

/// Model files written for a test, with their configuration edited by hand to hold what a damaged
/// or hostile file would.
enum ModelFiles {
    /// A new empty folder, removed when `body` returns.
    static func withFolder<R>(_ body: (String) throws -> R) throws -> R {
        let path = NSTemporaryDirectory() + "synapse-model-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    /// Saves `model` to `path`, then rewrites the JSON configuration in the file's metadata with `edit`
    /// (keys as saved: `input_shape`, `layers`, `seed`, …); the weights are left as saved.
    static func save(_ model: Model, to path: String, editing edit: (inout [String: Any]) -> Void = { _ in }) throws {
        try model.save(to: path)
        var file = try SafeTensorsFile.read(from: path)
        let text = try #require(file.metadata["model_config"])
        var configuration = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        edit(&configuration)
        let edited = try JSONSerialization.data(withJSONObject: configuration, options: [.sortedKeys])
        file.metadata["model_config"] = String(decoding: edited, as: UTF8.self)
        try file.write(to: path)
    }

    /// Sets `key` of the configuration of layer `index` in an edited configuration.
    static func setLayer(_ index: Int, _ key: String, to value: Any, in configuration: inout [String: Any]) {
        var layers = configuration["layers"] as! [[String: Any]]
        var layerConfiguration = layers[index]["config"] as! [String: Any]
        layerConfiguration[key] = value
        layers[index]["config"] = layerConfiguration
        configuration["layers"] = layers
    }
}
