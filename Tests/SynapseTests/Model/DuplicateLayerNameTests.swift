import Foundation
import Synapse
import Testing

/// Issue 10, defect 9: two layers with the same name are refused when the second is added, not when
/// the model is saved.
@Suite struct DuplicateLayerNameTests {
    @Test func addingALayerWithATakenNameThrows() throws {
        let model = Sequential { Input(2) }
        try model.add(Dense(2, name: "hidden"))
        expectSynapseError(.invalidArgument, mentioning: ["'hidden'", "already", "unique"]) {
            try model.add(Dense(1, name: "hidden"))
        }
        #expect(model.layers.count == 1)
        try model.add(Dense(2))                 // named dense
        expectSynapseError(.invalidArgument, mentioning: ["'dense'"]) { try model.add(Dropout(0, name: "dense")) }
    }

    @Test func theBuilderReportsADuplicateAtFirstUse() {
        let model = Sequential { Input(2); Dense(2, name: "a"); Dense(1, name: "a") }
        expectSynapseError(.invalidArgument, mentioning: ["'a'", "already"]) { _ = try model.predict(Tensor([[1, 2]])) }
    }
}
