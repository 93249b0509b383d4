import Synapse
import Testing

/// Large inputs are split across threads; the result must not depend on where the split falls.
@Suite("Kernels split across threads")
struct ParallelKernelTests {
    /// Applies `f` to slices small enough to run on one thread and joins the results.
    func sliced(_ x: Tensor, _ f: (Tensor) throws -> Tensor) throws -> Tensor {
        let rows = x.shape[0], step = 1_000
        let parts = try stride(from: 0, to: rows, by: step).map { try f(x.rows($0..<Swift.min($0 + step, rows))) }
        return try Tensor.concatenate(parts)
    }

    @Test func elementwiseFunctionsOnALargeTensor() throws {
        let x = try uniformTensor([300_007], low: -5, high: 5, seed: 101)
        #expect(try x.exp() == sliced(x) { $0.exp() })
        #expect(try x.tanh() == sliced(x) { $0.tanh() })
        #expect(try x.sigmoid() == sliced(x) { $0.sigmoid() })
        #expect(try x.relu() == sliced(x) { $0.relu() })
    }

    @Test func softmaxOfManyRows() throws {
        let x = try uniformTensor([3_001, 200], low: -5, high: 5, seed: 102)
        let y = try x.softmax()
        #expect(try y == sliced(x) { try $0.softmax() })
        #expect(try x.logSoftmax() == sliced(x) { try $0.logSoftmax() })
        expectClose(try y.sum(alongAxis: 1), [Float](repeating: 1, count: 3_001), tolerance: 1e-5)
    }
}
