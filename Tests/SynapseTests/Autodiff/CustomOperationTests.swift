import Synapse
import Testing

/// Custom differentiable operations with hand-written pullbacks, through public API.
@Suite("Custom operations")
struct CustomOperationTests {
    /// y = x³ with its derivative by hand; `wrongFactor` plants a bug in the backward pass.
    static func cube(_ x: Tensor, wrongFactor: Float = 3) throws -> Tensor {
        let y = try x * x * x
        let x0 = x.detached
        return customOperation("cube", inputs: [x], value: y) { g in [try g * (x0 * x0 * wrongFactor)] }
    }

    @Test func aHandWrittenPullbackPassesTheGradientCheck() throws {
        let x = try Tensor.randomUniform([3, 4], low: -1.5, high: 1.5, seed: 5)
        let report = try checkGradients(at: [x]) { t in try CustomOperationTests.cube(t[0]).sum() }
        #expect(report.passed, "\(report)")
        let (value, gradient) = try valueWithGradient(at: x) { try CustomOperationTests.cube($0).sum() }
        #expect(abs(try value.item() - x.scalars.map { $0 * $0 * $0 }.reduce(0, +)) < 1e-4)
        for (g, xi) in zip(gradient.scalars, x.scalars) { #expect(abs(g - 3 * xi * xi) < 1e-5) }
    }

    @Test func aWrongPullbackFailsTheGradientCheck() throws {
        let x = try Tensor.randomUniform([2, 3], low: 0.5, high: 1.5, seed: 6)
        let report = try checkGradients(at: [x]) { t in try CustomOperationTests.cube(t[0], wrongFactor: 2.9).sum() }
        #expect(!report.passed)
    }

    @Test func aPullbackOfTheWrongShapeThrows() throws {
        let x = try Tensor.ones([2, 2])
        #expect {
            _ = try valueWithGradient(at: x) { t in
                customOperation("broken", inputs: [t], value: t.detached) { _ in [try Tensor.ones([3])] }.sum()
            }
        } throws: { error in
            (error as? SynapseError)?.message.contains("broken") == true
        }
    }

    @Test func nothingIsRecordedOutsideAGradientComputation() throws {
        let y = try CustomOperationTests.cube(Tensor([1, 2]))
        #expect(!y.isRecording)
        #expect(y.scalars == [1, 8])
    }
}
