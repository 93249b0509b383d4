import Foundation
import Synapse
import Testing

/// Issue 10, defect 9: errors met while loading a model name the file and speak the file's language
/// (JSON values as JSON, not as Swift enum cases), and say what to do.
@Suite struct ModelFileMessageTests {
    static func small() -> Sequential { Sequential { Input(3); Dense(2); Dropout(0.5) } }

    @Test func aBadLayerValueIsDescribedInJSON() throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/units.safetensors"
            try ModelFiles.save(Self.small(), to: path) { ModelFiles.setLayer(0, "units", to: 0, in: &$0) }
            expectSynapseError(.fileError, mentioning: ["model file '\(path)'", "dense", "units must be a whole number in 1…16777216, found 0"]) {
                _ = try Sequential.load(from: path)
            }
            try ModelFiles.save(Self.small(), to: path) { ModelFiles.setLayer(0, "use_bias", to: "yes", in: &$0) }
            expectSynapseError(.fileError, mentioning: ["model file '\(path)'", "use_bias must be a Boolean, found \"yes\""]) {
                _ = try Sequential.load(from: path)
            }
        }
    }

    /// A value a layer refuses only when it is built (Dropout's rate) is still an error of the file.
    @Test func aBadDropoutRateInAFileIsAFileError() throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/rate.safetensors"
            try ModelFiles.save(Self.small(), to: path) { ModelFiles.setLayer(1, "rate", to: 5, in: &$0) }
            expectSynapseError(.fileError, mentioning: ["model file '\(path)'", "dropout", "rate", "[0, 1)", "found 5"]) {
                _ = try Sequential.load(from: path)
            }
        }
    }

    /// An optimizer's configuration errors name the file too.
    @Test func aBadOptimizerValueNamesTheFile() throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/optimizer.safetensors"
            let model = Self.small()
            try model.compile(loss: .meanSquaredError, optimizer: SGD())
            try ModelFiles.save(model, to: path) { configuration in
                var compile = configuration["compile"] as! [String: Any]
                var optimizer = compile["optimizer"] as! [String: Any]
                var values = optimizer["config"] as! [String: Any]
                values["momentum"] = "high"
                optimizer["config"] = values
                compile["optimizer"] = optimizer
                configuration["compile"] = compile
            }
            expectSynapseError(.fileError, mentioning: ["model file '\(path)'", "SGD", "momentum must be a number, found \"high\""]) {
                _ = try Sequential.load(from: path)
            }
        }
    }

    /// A seed of −1 is valid JSON, only not a valid seed.
    @Test func aNegativeSeedIsReportedAsABadSeedNotAsBadJSON() throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/seed.safetensors"
            try ModelFiles.save(Self.small(), to: path) { $0["seed"] = -1 }
            let error = #expect(throws: SynapseError.self) { _ = try Sequential.load(from: path) }
            let message = error?.message ?? ""
            #expect(message.contains("model file '\(path)'") && message.contains("seed must be a whole number in 0…18446744073709551615, found -1"), "\(message)")
            #expect(!message.contains("JSON") && !message.contains("Context("), "\(message)")
        }
    }

    @Test func aWeightsOnlyFileSaysToUseLoadWeights() throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/weights.safetensors"
            try Self.small().saveWeights(to: path)
            expectSynapseError(.fileError, mentioning: ["'\(path)'", "only weights", "loadWeights(from:)"]) {
                _ = try Sequential.load(from: path)
            }
        }
    }

    @Test func aCustomLayerThatIsNotRegisteredSaysHowToRegisterIt() throws {
        try ModelFiles.withFolder { folder in
            let path = folder + "/custom.safetensors"
            let model = Sequential { Input(2); UnregisteredScale(); Dense(1) }
            try model.save(to: path)
            expectSynapseError(.fileError, mentioning: ["model file '\(path)'", "'UnregisteredScale'", "unregistered_scale",
                                                        "LayerRegistry.register(UnregisteredScale.self, as: \"UnregisteredScale\")"]) {
                _ = try Sequential.load(from: path)
            }
        }
    }
}

/// A custom layer no test registers: it doubles its input.
final class UnregisteredScale: Layer {
    var name = ""
    var typeName: String { "UnregisteredScale" }
    init() {}
    init(configuration: Configuration, name: String) throws { self.name = name }
    var configuration: [String: JSONValue] { [:] }
    func build(inputShape: [Int], generator: inout RandomGenerator) throws -> [Int] { inputShape }
    func forward(_ input: Tensor, training: Bool) throws -> Tensor { try input * 2 }
}
