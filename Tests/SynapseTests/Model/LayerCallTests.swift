import Synapse
import Testing

@Suite("Model.layerCalls")
struct LayerCallTests {
    @Test func callsInGraphOrderWithTheirTensors() throws {
        let input = Input(shape: [3], name: "x")
        let shared = Dense(3, name: "shared")
        let first = try shared(input)
        let second = try shared(first)
        let sum = try Add(name: "sum")([first, second])
        let model = try Model(inputs: [input], outputs: [sum])
        let calls = model.layerCalls
        #expect(calls.map(\.layer.name) == ["shared", "shared", "sum"])
        #expect(calls[0].inputs.count == 1 && calls[0].inputs[0] === input)
        #expect(calls[1].inputs.count == 1 && calls[1].inputs[0] === first)
        #expect(calls[2].inputs.map { ObjectIdentifier($0) } == [ObjectIdentifier(first), ObjectIdentifier(second)])
        #expect(calls[2].outputs.count == 1 && calls[2].outputs[0] === sum)
    }

    @Test func aSequentialIsAChain() throws {
        let model = Sequential { Input(2); Dense(4, activation: .relu); Dense(1) }
        let calls = model.layerCalls
        #expect(calls.map(\.layer.typeName) == ["Dense", "Dense"])
        #expect(calls[1].inputs.map(\.producer.name) == [calls[0].layer.name])
        // Without an Input, the chain is known once the model has seen data.
        #expect(Sequential { Dense(1) }.layerCalls.isEmpty)
    }
}
