import Synapse
import Testing

@Suite("Gradient checks: softmax and log-softmax")
struct SoftmaxOpGradientTests {
    @Test(arguments: [0, 1, -1])
    func softmaxOfAMatrix(axis: Int) throws {
        let x = try uniformTensor([3, 4], low: -2, high: 2, seed: 71)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].softmax(alongAxis: axis)) }
    }

    @Test(arguments: [0, 1, -1])
    func logSoftmaxOfAMatrix(axis: Int) throws {
        let x = try uniformTensor([3, 4], low: -2, high: 2, seed: 72)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].logSoftmax(alongAxis: axis)) }
    }

    @Test(arguments: [0, 1, 2])
    func rank3Tensors(axis: Int) throws {
        let x = try uniformTensor([2, 3, 4], low: -2, high: 2, seed: 73)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].softmax(alongAxis: axis)) }
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].logSoftmax(alongAxis: axis)) }
    }

    @Test func softmaxOfAVectorUsedTwice() throws {
        let x = try uniformTensor([5], low: -2, high: 2, seed: 74)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].softmax() * t[0]) }
    }
}
