import Foundation
import Synapse
import Testing

@Suite("Model metadata")
struct ModelMetadataTests {
    @Test func extraMetadataIsSavedAndReadBackBesideSynapsesOwn() throws {
        let model = Sequential { Input(2); Dense(1) }
        try IOTest.withTemporaryDirectory { folder in
            let path = folder + "/m.safetensors"
            let extra = ["classes": "[\"cat\",\"dog\"]", "label": "animal"]
            try model.save(to: path, metadata: extra)
            #expect(try Model.readMetadata(from: path) == extra)
            // The file is still an ordinary model file, and its raw metadata has both kinds of entries.
            let loaded = try Sequential.load(from: path)
            #expect(loaded.parameters.map(\.path) == model.parameters.map(\.path))
            let raw = try SafeTensorsFile.read(from: path).metadata
            #expect(raw["label"] == "animal" && raw["format"] == "synapse" && raw["model_config"] != nil)
            // A model saved without extra metadata has none.
            try model.save(to: path)
            #expect(try Model.readMetadata(from: path).isEmpty)
        }
    }

    @Test func keysThatClashWithSynapsesOwnAreRefused() throws {
        #expect(Model.reservedMetadataKeys == ["format", "format_version", "model_config"])
        let model = Sequential { Input(2); Dense(1) }
        try IOTest.withTemporaryDirectory { folder in
            let path = folder + "/m.safetensors"
            expectSynapseError(.invalidArgument, mentioning: ["'format'", "'model_config'", "Synapse's own"]) {
                try model.save(to: path, metadata: ["format": "mine", "model_config": "{}", "ok": "1"])
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func readingMetadataOfAFileThatIsNotAModelThrows() throws {
        try IOTest.withTemporaryDirectory { folder in
            let path = folder + "/plain.safetensors"
            try SafeTensorsFile(tensors: ["w": Tensor([1, 2])], metadata: ["k": "v"]).write(to: path)
            expectSynapseError(.fileError, mentioning: ["plain.safetensors", "not a Synapse model"]) {
                _ = try Model.readMetadata(from: path)
            }
        }
    }
}
