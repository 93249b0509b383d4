import Synapse
import Testing

@Suite("valueWithGradient with hand-computed gradients")
struct ValueWithGradientTests {
    @Test func squareHasGradientTwiceTheInput() throws {
        let (value, gradient) = try valueWithGradient(at: Tensor([1, -2, 3])) { x in try (x * x).sum() }
        #expect(value == Tensor(14))
        #expect(gradient == Tensor([2, -4, 6]))
    }

    @Test func gradientsOfAMatrixProductSum() throws {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        let w = Tensor([[1, 2], [3, 4], [5, 6]])
        let (value, gradients) = try valueWithGradient(at: [x, w]) { t in try t[0].matmul(t[1]).sum() }
        // x·w = [[22, 28], [49, 64]].
        #expect(value == Tensor(163))
        // d/dw_kj Σ (x·w) = Σ_i x_ik (column sums of x); d/dx_ik = Σ_j w_kj (row sums of w).
        #expect(gradients[1] == Tensor([[5, 5], [7, 7], [9, 9]]))
        #expect(gradients[0] == Tensor([[3, 7, 11], [3, 7, 11]]))
    }

    @Test func unusedInputsGetZeros() throws {
        let (value, gradients) = try valueWithGradient(at: [Tensor([1, 2]), Tensor([[5, 6, 7]])]) { t in t[0].sum() }
        #expect(value == Tensor(3))
        #expect(gradients[0] == Tensor([1, 1]))
        #expect(gradients[1] == Tensor([[0, 0, 0]]))
    }

    @Test func constantFunctionHasZeroGradient() throws {
        let (value, gradient) = try valueWithGradient(at: Tensor([1, 2, 3])) { _ in Tensor(4) }
        #expect(value == Tensor(4))
        #expect(gradient == Tensor([0, 0, 0]))
    }

    @Test func identityHasGradientOne() throws {
        #expect(try valueWithGradient(at: Tensor(2)) { $0 }.gradient == Tensor(1))
        #expect(try valueWithGradient(at: Tensor([[2]])) { $0 }.gradient == Tensor([[1]]))
    }

    @Test func aTensorUsedSeveralTimesCollectsTheSum() throws {
        // d/dx Σ (x·x + x) = 2x + 1
        let x = Tensor([0.5, -1, 2])
        #expect(try valueWithGradient(at: x) { x in try (x * x + x).sum() }.gradient == Tensor([2, -1, 5]))
        // d/dx Σ (x²)·(x²) = 4x³
        #expect(try valueWithGradient(at: x) { x in let s = try x * x; return try (s * s).sum() }.gradient
                == Tensor([0.5, -4, 32]))
        // d/dx Σ (x + x + x) = 3
        #expect(try valueWithGradient(at: x) { x in try (x + x + x).sum() }.gradient == Tensor([3, 3, 3]))
    }

    @Test func broadcastOperandGetsTheReducedGradient() throws {
        let x = Tensor([[1, 2, 3], [4, 5, 6]]), b = Tensor([10, 20, 30])
        let (_, gradients) = try valueWithGradient(at: [x, b]) { t in try (t[0] * t[1]).sum() }
        #expect(gradients[0] == Tensor([[10, 20, 30], [10, 20, 30]]))
        #expect(gradients[1] == Tensor([5, 7, 9]))
        let (_, column) = try valueWithGradient(at: Tensor([[1], [2]])) { c in try (c + x).sum() }
        #expect(column == Tensor([[3], [3]]))
        let (_, scalar) = try valueWithGradient(at: Tensor(2)) { s in try (x / s).sum() }
        #expect(scalar == Tensor(-21.0 / 4))
    }

    @Test func detachedValuesAreConstants() throws {
        let (value, gradient) = try valueWithGradient(at: Tensor([1, -2, 3])) { x in try (x * x.detached).sum() }
        #expect(value == Tensor(14))
        #expect(gradient == Tensor([1, -2, 3]))
    }

    @Test func chainRuleThroughElementwiseFunctions() throws {
        let x = Tensor([0, 0.5, -1])
        let (_, gradient) = try valueWithGradient(at: x) { x in (x * 2).exp().sum() }
        expectClose(gradient, [2, 2 * 2.7182817, 2 * 0.13533528], tolerance: 1e-6)
        let (_, logGradient) = try valueWithGradient(at: Tensor([0.5, 4])) { x in (x.log() * 3).sum() }
        expectClose(logGradient, [6, 0.75])
    }

    @Test func meanSpreadsTheGradientEvenly() throws {
        let (value, gradient) = try valueWithGradient(at: Tensor([[1, 2], [3, 6]])) { $0.mean() }
        #expect(value == Tensor(3))
        #expect(gradient == Tensor([[0.25, 0.25], [0.25, 0.25]]))
    }

    @Test func maxSendsTheGradientToTheLargestElementInItsShape() throws {
        let x = Tensor([[1, 5], [3, 2]])
        let (value, gradient) = try valueWithGradient(at: x) { try $0.max() }
        #expect(value == Tensor(5))
        #expect(gradient == Tensor([[0, 1], [0, 0]]))
        let (_, minGradient) = try valueWithGradient(at: x) { x in try x.min() * 3 + x.sum() }
        #expect(minGradient == Tensor([[4, 1], [1, 1]]))
        let (_, rowMax) = try valueWithGradient(at: x) { try $0.max(alongAxis: 1).sum() }
        #expect(rowMax == Tensor([[0, 1], [1, 0]]))
    }

    @Test func tiesAndKinksFollowTheDocumentedConvention() throws {
        let (_, maxTie) = try valueWithGradient(at: Tensor([2, 7, 7])) { try $0.max() }
        #expect(maxTie == Tensor([0, 1, 0]))
        let (_, relu) = try valueWithGradient(at: Tensor([-1, 0, 2])) { $0.relu().sum() }
        #expect(relu == Tensor([0, 0, 1]))
        let (_, abs) = try valueWithGradient(at: Tensor([-1, 0, 2])) { $0.abs().sum() }
        #expect(abs == Tensor([-1, 0, 1]))
        let (_, gradients) = try valueWithGradient(at: [Tensor([1, 2]), Tensor([1, 3])]) { t in
            try Tensor.maximum(t[0], t[1]).sum()
        }
        #expect(gradients[0] == Tensor([1, 0]))  // ties go to the left operand
        #expect(gradients[1] == Tensor([0, 1]))
    }

    @Test func softmaxCrossEntropyGradientIsProbabilitiesMinusLabels() throws {
        let labels = Tensor([0, 0, 1])
        let (value, gradient) = try valueWithGradient(at: Tensor([1, 2, 3])) { z in
            try -(labels * z.logSoftmax()).sum()
        }
        expectClose(value, [0.40760596], tolerance: 1e-6)
        expectClose(gradient, [0.09003057, 0.24472847, -0.33475904], tolerance: 1e-6)
    }

    @Test func gatheredRowsAccumulate() throws {
        let x = Tensor([[1, 2], [3, 4], [5, 6]])
        let (_, gradient) = try valueWithGradient(at: x) { try $0.gatherRows([0, 2, 0]).sum() }
        #expect(gradient == Tensor([[2, 2], [0, 0], [1, 1]]))
    }

    @Test func inputsAreLeftUntouched() throws {
        let x = Tensor([1, 2])
        let (value, _) = try valueWithGradient(at: x) { x in try (x * x).sum() }
        #expect(!x.isRecording)
        #expect(!value.isRecording)
        #expect(x == Tensor([1, 2]))
    }

    @Test func insideTheFunctionInputsAreRecorded() throws {
        _ = try valueWithGradient(at: [Tensor([1]), Tensor([2])]) { t in
            #expect(t[0].isRecording && t[1].isRecording)
            #expect(!t[0].detached.isRecording)
            #expect((t[0] + 1).isRecording)
            return try (t[0] * t[1]).sum()
        }
    }

    @Test func theFunctionMustReturnOneValue() {
        expectSynapseError(.shapeMismatch, mentioning: ["valueWithGradient", "[2]"]) {
            _ = try valueWithGradient(at: Tensor([1, 2])) { $0 * 2 }
        }
    }

    @Test func errorsInsideTheFunctionPropagate() {
        expectSynapseError(.shapeMismatch, mentioning: ["+"]) {
            _ = try valueWithGradient(at: Tensor([1, 2])) { x in try (x + Tensor([1, 2, 3])).sum() }
        }
    }
}
