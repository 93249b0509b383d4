import Foundation
import Synapse
import Testing

/// Issue 10, defect 4: unnamed layers get Keras's names (`dense`, `dense_1`, …) in time linear in
/// their number; naming them used to scan every earlier name for each layer (16k layers: 25 s).
@Suite struct LayerNamingTests {
    /// The names are those Keras gives, skipping names a layer was given by hand.
    @Test func unnamedLayersGetTheFirstFreeKerasName() throws {
        let model = Sequential {
            Input(2)
            Dense(2)
            Dense(2, name: "dense_2")
            Dense(2)
            Dropout(0)
            Dense(2)
            Dropout(0, name: "dropout_1")
            Dropout(0)
            Dense(2, name: "dense_10")
            Dense(2)
        }
        _ = try model.predict(Tensor([[1, 2]]))
        #expect(model.layers.map(\.name) == ["dense", "dense_2", "dense_1", "dropout", "dense_3", "dropout_1",
                                             "dropout_2", "dense_10", "dense_4"])
    }

    /// A configuration of 40,000 unnamed layers loads (a 1 MB file that took minutes when naming was
    /// quadratic); the time limit only keeps a regression from stalling the run.
    @Test(.timeLimit(.minutes(1)))
    func manyUnnamedLayersLoadWithTheirNames() throws {
        let count = 40_000
        try ModelFiles.withFolder { folder in
            let path = folder + "/deep.safetensors"
            try ModelFiles.save(Sequential { Input(1); Dropout(0) }, to: path) { configuration in
                var layers = configuration["layers"] as! [[String: Any]]
                layers[0]["name"] = ""
                configuration["layers"] = Array(repeating: layers[0], count: count)
            }
            let model = try Sequential.load(from: path)
            #expect(model.layers.count == count)
            #expect(model.layers.first?.name == "dropout" && model.layers.last?.name == "dropout_\(count - 1)")
            #expect(Set(model.layers.map(\.name)).count == count)
        }
    }
}
