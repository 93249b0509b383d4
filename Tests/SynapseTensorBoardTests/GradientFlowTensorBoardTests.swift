import Foundation
import Synapse
import SynapseTensorBoard
import Testing

@Suite("GradientFlow in TensorBoard")
struct GradientFlowTensorBoardTests {
    let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.9], [0.9, 0.1], [0.3, 0.3]])
    let y = Tensor([[0], [1], [1], [0], [1], [1], [0], [0]])

    /// Trains with both callbacks, TensorBoard first or last, and checks that every gradient-flow
    /// number is a scalar of the train run at its step.
    @Test(arguments: [true, false])
    func theGradientFlowNumbersAreScalars(tensorBoardFirst: Bool) throws {
        let folder = NSTemporaryDirectory() + "synapse-gradient-flow-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = Sequential(seed: 5) {
            Input(2)
            Dense(4, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.5))
        let board = try TensorBoard(logDirectory: folder, writeGraph: false)
        let flow = try GradientFlow(every: 3, warn: false)
        let callbacks: [any Callback] = tensorBoardFirst ? [board, flow] : [flow, board]
        // 4 batches an epoch, 8 in all: steps 1, 4 and 7 recorded.
        try model.fit(x, y, epochs: 2, batchSize: 2, verbose: 0, callbacks: callbacks)

        let files = try TensorBoardEventReader.eventFiles(in: folder + "/train")
        let reader = try TensorBoardEventReader(contentsOf: try #require(files.first))
        let names = model.layers.map(\.name)
        #expect(Set(flow.records.map(\.step)) == [1, 4, 7])
        for name in names {
            let records = flow.records.filter { $0.layer == name }
            let norms = reader.scalars(tag: "gradient_flow/\(name)/gradient_norm")
            #expect(norms.map(\.step) == [1, 4, 7])
            #expect(norms.map(\.value) == records.map { $0.gradientNorm! })
            #expect(reader.scalars(tag: "gradient_flow/\(name)/weight_norm").map(\.value) == records.map { $0.weightNorm! })
            #expect(reader.scalars(tag: "gradient_flow/\(name)/update_ratio").map(\.value) == records.map { $0.updateRatio! })
        }
        // Only the ReLU layer has a dead fraction.
        #expect(reader.scalars(tag: "gradient_flow/\(names[0])/dead_fraction").map(\.value)
                == flow.records.filter { $0.layer == names[0] }.map { $0.deadFraction! })
        #expect(!reader.tags.contains("gradient_flow/\(names[1])/dead_fraction"))
    }
}
