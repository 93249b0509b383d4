import Synapse
import Testing

@Suite("Gradient checks: matrix products")
struct MatrixProductOpGradientTests {
    @Test(arguments: [false, true], [false, true])
    func matrixTimesMatrix(transposingSelf: Bool, transposingOther: Bool) throws {
        let a = try uniformTensor(transposingSelf ? [4, 3] : [3, 4], seed: 61)
        let b = try uniformTensor(transposingOther ? [2, 4] : [4, 2], seed: 62)
        try expectGradientsMatch(at: [a, b]) { t in
            try weightedSum(t[0].matmul(t[1], transposingSelf: transposingSelf, transposingOther: transposingOther))
        }
    }

    @Test(arguments: [false, true], [false, true])
    func batchTimesBatch(transposingSelf: Bool, transposingOther: Bool) throws {
        let a = try uniformTensor(transposingSelf ? [2, 4, 3] : [2, 3, 4], seed: 63)
        let b = try uniformTensor(transposingOther ? [2, 5, 4] : [2, 4, 5], seed: 64)
        try expectGradientsMatch(at: [a, b]) { t in
            try weightedSum(t[0].matmul(t[1], transposingSelf: transposingSelf, transposingOther: transposingOther))
        }
    }

    @Test(arguments: [false, true])
    func batchTimesMatrix(transposingOther: Bool) throws {
        let a = try uniformTensor([2, 3, 4], seed: 65)
        let b = try uniformTensor(transposingOther ? [5, 4] : [4, 5], seed: 66)
        try expectGradientsMatch(at: [a, b]) { t in
            try weightedSum(t[0].matmul(t[1], transposingOther: transposingOther))
        }
        let a4 = try uniformTensor([2, 1, 3, 4], seed: 67)
        try expectGradientsMatch(at: [a4, b]) { t in
            try weightedSum(t[0].matmul(t[1], transposingOther: transposingOther))
        }
    }

    @Test func oneOperandIsAConstant() throws {
        let a = try uniformTensor([3, 4], seed: 68), b = try uniformTensor([4, 2], seed: 69)
        try expectGradientsMatch(at: [a]) { t in try weightedSum(t[0].matmul(b)) }
        try expectGradientsMatch(at: [b]) { t in try weightedSum(a.matmul(t[0])) }
    }

    @Test func productOfAMatrixWithItself() throws {
        let a = try uniformTensor([3, 4], seed: 70)
        try expectGradientsMatch(at: [a]) { t in try weightedSum(t[0].matmul(t[0], transposingOther: true)) }
        try expectGradientsMatch(at: [a]) { t in try weightedSum(t[0].matmul(t[0], transposingSelf: true)) }
    }
}
