import Foundation
import Synapse
import Testing

/// Building a `Sequential` with the result builder or with `add`.
@Suite("Sequential building")
struct SequentialBuildingTests {
    @Test func builderAndAddGiveTheSameModel() throws {
        let built = Sequential(seed: 8) {
            Input(3)
            Dense(4, activation: .relu)
            Dropout(0.2)
            Dense(2, activation: .softmax)
        }
        let added = Sequential(seed: 8)
        try added.add(Input(3))
        try added.add(Dense(4, activation: .relu))
        try added.add(Dropout(0.2))
        try added.add(Dense(2, activation: .softmax))
        #expect(built.layers.map(\.name) == ["dense", "dropout", "dense_1"])
        #expect(added.layers.map(\.name) == built.layers.map(\.name))
        #expect(added.layers.map(\.typeName) == ["Dense", "Dropout", "Dense"])
        #expect(added.parameters.map(\.value) == built.parameters.map(\.value))
        #expect(added.outputShape == [2] && built.outputShape == [2])
    }

    @Test func builderControlFlow() throws {
        for (deep, widths) in [(true, [5, 5, 5]), (false, [5])] {
            let model = Sequential {
                Input(2)
                for width in widths {
                    Dense(width, activation: .tanh)
                }
                if deep {
                    Dropout(0.1)
                } else {
                    Dense(7)
                }
                Dense(1, activation: .sigmoid)
            }
            let expected = deep ? ["dense", "dense_1", "dense_2", "dropout", "dense_3"] : ["dense", "dense_1", "dense_2"]
            #expect(model.layers.map(\.name) == expected)
            #expect(try model.predict(Tensor([[1, 2]])).shape == [1, 1])
        }
    }

    @Test func customNamesAreKept() {
        let model = Sequential(name: "classifier") {
            Input(2)
            Dense(3, name: "hidden")
            Dense(1)
        }
        #expect(model.name == "classifier")
        #expect(model.layers.map(\.name) == ["hidden", "dense"])
        #expect(model.parameters.map(\.path) == ["hidden.kernel", "hidden.bias", "dense.kernel", "dense.bias"])
    }

    @Test func aLayerThatCannotTakeThePreviousOutputThrows() throws {
        let model = Sequential()
        try model.add(Input(shape: []))
        expectError(SynapseError.shapeMismatch, mentioning: ["dense"]) {
            try model.add(Dense(2))
        }
    }
}
