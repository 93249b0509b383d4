import Synapse
import Testing

@Suite("TrainingContext gradients")
struct TrainingContextGradientTests {
    /// Records each parameter's gradient after every batch.
    final class GradientRecorder: Callback {
        var gradients: [[Float]?] = []
        var beforeTraining: [Tensor?] = []
        func trainingWillBegin(_ training: TrainingContext) {
            beforeTraining = training.model.parameters.map { training.gradient(of: $0) }
        }
        func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {
            for parameter in training.model.parameters { gradients.append(training.gradient(of: parameter)?.scalars) }
        }
    }

    @Test func theLastBatchsGradientsAreReadable() throws {
        let dense = Dense(1)
        let model = Sequential { Input(2); dense }
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        try #require(dense.kernel).assign(Tensor([[0.5], [-1]]))
        let recorder = GradientRecorder()
        // One row, x = [1, 2], y = 0: p = 0.5 − 2 = −1.5, dL/dp = 2(p − y) = −3,
        // dL/dkernel = x·(−3) = [−3, −6], dL/dbias = −3.
        try model.fit(Tensor([[1, 2]]), Tensor([[0]]), epochs: 1, verbose: 0, callbacks: [recorder])
        #expect(recorder.beforeTraining.allSatisfy { $0 == nil })
        #expect(recorder.gradients.count == 2)
        let kernel = try #require(recorder.gradients[0])
        let bias = try #require(recorder.gradients[1])
        #expect(kernel.map { ($0 * 1e4).rounded() / 1e4 } == [-3, -6])
        #expect(bias.map { ($0 * 1e4).rounded() / 1e4 } == [-3])
        // The update used them: kernel − 0.1 · gradient.
        #expect(try #require(dense.kernel).value.scalars.map { ($0 * 1e4).rounded() / 1e4 } == [0.8, -0.4])
    }

    @Test func frozenParametersHaveNoGradient() throws {
        let frozen = Dense(3)
        let model = Sequential { Input(2); frozen; Dense(1) }
        frozen.isTrainable = false
        try model.compile(loss: .meanSquaredError, optimizer: SGD())
        final class Check: Callback {
            var frozen: [Bool] = []
            var trained: [Bool] = []
            func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {
                for parameter in training.model.parameters {
                    if parameter.isTrainable { trained.append(training.gradient(of: parameter) != nil) }
                    else { frozen.append(training.gradient(of: parameter) == nil) }
                }
            }
        }
        let check = Check()
        try model.fit(Tensor([[1, 2]]), Tensor([[0]]), epochs: 1, verbose: 0, callbacks: [check])
        #expect(check.frozen == [true, true])
        #expect(check.trained == [true, true])
    }
}
