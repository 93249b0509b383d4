import Foundation
import Synapse
import Testing

/// Issue 10, defect 6: a parameter's shape is fixed once it is built. Assigning a value of another
/// shape used to succeed and give the parameter storage of its own, which the compiled plan did not
/// see: `fit` crashed, `predict` answered from the old weights, a PyTorch-layout kernel trained
/// silently on wrong values.
@Suite struct ParameterAssignmentTests {
    static func mnistShapedModel() throws -> Sequential {
        let model = Sequential(seed: 3) { Input(784); Dense(10, activation: .softmax) }
        try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: SGD())
        return model
    }

    @Test(arguments: [[5, 5], [10, 784], [7840]])
    func assigningAnotherShapeThrowsAndChangesNothing(shape: [Int]) throws {
        let model = try Self.mnistShapedModel()
        let x = try Tensor.randomUniform([4, 784], seed: 1)
        try model.fit(x, Tensor([0, 1, 2, 3]), epochs: 1, verbose: 0)   // the weights now live in the plan
        let kernel = model.parameters[0]
        let before = kernel.value, predictions = try model.predict(x)
        expectSynapseError(.shapeMismatch, mentioning: ["dense.kernel", "[784, 10]", "\(shape)"]) {
            try kernel.assign(try Tensor.zeros(shape))
        }
        #expect(kernel.shape == [784, 10] && kernel.value == before)
        #expect(try model.predict(x) == predictions)
        try model.fit(x, Tensor([0, 1, 2, 3]), epochs: 1, verbose: 0)
    }

    /// A value of the right shape goes where the compiled plan reads it, before and after training.
    @Test func assigningTheSameShapeReachesTheCompiledPlan() throws {
        let model = try Self.mnistShapedModel()
        let x = try Tensor.randomUniform([4, 784], seed: 1)
        _ = try model.predict(x)
        for parameter in model.parameters { try parameter.assign(Tensor.zeros(like: parameter.value)) }
        #expect(try model.predict(x) == Tensor(shape: [4, 10], repeating: 0.1))
        try model.fit(x, Tensor([0, 1, 2, 3]), epochs: 1, verbose: 0)
        let bias = model.parameters[1]
        try bias.assign(Tensor(shape: [10], repeating: 0))
        try model.parameters[0].assign(Tensor.zeros([784, 10]))
        #expect(try model.predict(x) == Tensor(shape: [4, 10], repeating: 0.1))
    }
}
