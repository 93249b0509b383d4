import Synapse
import Testing

@Suite("The gradient checker")
struct GradientCheckerTests {
    @Test func aCorrectGradientPasses() throws {
        let x = try uniformTensor([2, 3], seed: 91)
        let report = try checkGradients(at: [x]) { t in try (t[0] * t[0]).sum() }
        #expect(report.passed)
        #expect(report.failures.isEmpty)
        #expect(report.inputs.count == 1)
        let result = report.inputs[0]
        #expect(result.passed)
        #expect(result.inputIndex == 0)
        #expect(result.shape == [2, 3])
        #expect(result.maxAbsoluteError < 1e-3)
        #expect(result.worstIndex.count == 2)
        #expect(report.description.hasPrefix("Gradient check passed"))
        #expect(report.description.contains("input 0 [2, 3]: ok"))
    }

    @Test func aDetachedPathMakesTheGradientWrong() throws {
        // f(x) = Σ x·x̄ with x̄ detached: the automatic gradient is x, the true one 2x. The error |x|
        // is largest relative to the tolerance where |x| is largest: index 1.
        let x = Tensor([0.5, -3, 1, 2])
        let report = try checkGradients(at: [x]) { t in try (t[0] * t[0].detached).sum() }
        #expect(!report.passed)
        #expect(report.failures.map(\.inputIndex) == [0])
        let result = try #require(report.inputs.first)
        #expect(!result.passed)
        #expect(result.worstIndex == [1])
        #expect(Swift.abs(result.worstAutomatic - -3) < 1e-4)
        #expect(Swift.abs(result.worstNumeric - -6) < 1e-2)
        #expect(Swift.abs(result.maxAbsoluteError - 3) < 1e-2)
        #expect(result.maxRelativeError > 0.4)
        #expect(report.description.hasPrefix("Gradient check FAILED"))
        #expect(report.description.contains("input 0 [4]: FAILED"))
        #expect(report.description.contains("worst at [1]"))
    }

    @Test func onlyTheWrongInputIsReported() throws {
        // Input 0 (a) is correct; input 1 (b) misses the x̄ path, and its largest |b| is at [1, 2].
        let a = try Tensor.zeros([2, 3])
        let b = Tensor([[0.3, -0.4, 0.2], [0.5, -0.1, 2.0]])
        let report = try checkGradients(at: [a, b]) { t in
            try (t[0] * t[1]).sum() + (t[1] * t[1].detached).sum()
        }
        #expect(!report.passed)
        #expect(report.inputs.map(\.passed) == [true, false])
        let failure = try #require(report.failures.first)
        #expect(report.failures.count == 1)
        #expect(failure.inputIndex == 1)
        #expect(failure.shape == [2, 3])
        #expect(failure.worstIndex == [1, 2])
        #expect(Swift.abs(failure.worstAutomatic - 2) < 1e-4)
        #expect(Swift.abs(failure.worstNumeric - 4) < 1e-2)
        #expect(report.description.contains("input 0 [2, 3]: ok"))
        #expect(report.description.contains("input 1 [2, 3]: FAILED"))
        #expect(report.description.contains("worst at [1, 2]"))
        #expect(failure.description.contains("automatic 2 vs numeric"))
    }

    @Test func tolerancesDecideSmallErrors() throws {
        let x = Tensor([1, -2, 0.5])
        // f(x) = Σ x² + 0.1 Σ x·x̄ has the value 1.1 Σ x², so the true gradient is 2.2x; with x̄
        // detached the automatic one is 2.1x, 4.5% off.
        let f: ([Tensor]) throws -> Tensor = { t in try (t[0] * t[0]).sum() + (t[0] * t[0].detached).sum() * 0.1 }
        #expect(!(try checkGradients(at: [x], of: f)).passed)
        #expect(try checkGradients(at: [x], relativeTolerance: 0.1, of: f).passed)
    }

    @Test func aKinkIsReportedAsAFailure() throws {
        // At 0 ReLU's automatic gradient is 0 but the central difference straddles both slopes (0.5):
        // the reason to choose evaluation points away from kinks.
        let report = try checkGradients(at: [Tensor([0, 1])]) { t in t[0].relu().sum() }
        #expect(!report.passed)
        #expect(report.inputs[0].worstIndex == [0])
        #expect(Swift.abs(report.inputs[0].worstNumeric - 0.5) < 1e-6)
    }

    @Test func largeInputsUseAProportionalStep() throws {
        let report = try checkGradients(at: [Tensor([1000, -2000])]) { t in try (t[0] * t[0]).sum() * 1e-3 }
        #expect(report.passed, "\(report)")
    }

    @Test func rank0Inputs() throws {
        let report = try checkGradients(at: [Tensor(0.7), Tensor(-1.3)]) { t in try t[0] * t[1].exp() }
        #expect(report.passed, "\(report)")
        #expect(report.inputs.map(\.worstIndex) == [[], []])
    }

    @Test func theFunctionMustReturnOneValue() {
        expectSynapseError(.shapeMismatch, mentioning: ["[2]"]) {
            _ = try checkGradients(at: [Tensor([1, 2])]) { t in t[0] * 2 }
        }
    }
}
