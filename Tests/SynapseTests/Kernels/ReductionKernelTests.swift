import Synapse
import Testing

@Suite("Reduction and softmax kernels")
struct ReductionKernelTests {
    @Test(arguments: [1, 15, 16, 17, 31, 32, 33, 47, 1_000])
    func sumsOfEveryLength(count: Int) throws {
        let x = Tensor((1...count).map(Float.init))
        #expect(try x.sum().item() == Float(count * (count + 1) / 2))
        #expect(try x.reshaped([1, count]).sum(alongAxis: 1) == Tensor([Float(count * (count + 1) / 2)]))
    }

    @Test func axisSumsAgreeWithANaiveLoop() throws {
        let shape = [3, 4, 5, 6]
        let x = try uniformTensor(shape, seed: 111)
        for axis in 0..<4 {
            let reduced = try x.sum(alongAxis: axis)
            var outShape = shape
            outShape.remove(at: axis)
            #expect(reduced.shape == outShape)
            var expected = [Float](repeating: 0, count: x.count / shape[axis])
            for flat in 0..<x.count {
                var index = [Int](repeating: 0, count: 4), rest = flat
                for d in (0..<4).reversed() { index[d] = rest % shape[d]; rest /= shape[d] }
                index.remove(at: axis)
                var outFlat = 0
                for (i, d) in zip(index, outShape) { outFlat = outFlat * d + i }
                expected[outFlat] += x.scalars[flat]
            }
            expectClose(reduced, expected, tolerance: 1e-5)
        }
    }

    @Test(arguments: [0, 5, 15, 16, 17, 31, 32, 39])
    func softmaxFindsTheMaximumAnywhereInTheRow(position: Int) throws {
        // If the row maximum were missed, the stabilising shift would be wrong and log-softmax
        // would not come out as 0 at the peak.
        var values = [Float](repeating: 0, count: 40)
        values[position] = 200
        let logProbabilities = try Tensor(values).logSoftmax()
        var expected = [Float](repeating: -200, count: 40)
        expected[position] = 0
        expectClose(logProbabilities, expected, tolerance: 1e-5)
        let column = try Tensor(values).reshaped([40, 1]).logSoftmax(alongAxis: 0)
        expectClose(column, expected, shape: [40, 1], tolerance: 1e-5)
    }

    @Test func maximaAlongEveryAxisAgreeWithANaiveLoop() throws {
        let x = try uniformTensor([4, 5, 6], seed: 112)
        let maxAxis1 = try x.max(alongAxis: 1)
        let argmaxAxis1 = try x.argmax(alongAxis: 1)
        for i in 0..<4 {
            for k in 0..<6 {
                let column = (0..<5).map { x.scalars[(i * 5 + $0) * 6 + k] }
                #expect(maxAxis1.scalars[i * 6 + k] == column.max()!)
                #expect(argmaxAxis1[i * 6 + k] == column.firstIndex(of: column.max()!)!)
            }
        }
    }
}
