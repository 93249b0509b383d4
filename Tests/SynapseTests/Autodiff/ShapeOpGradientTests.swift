import Synapse
import Testing

@Suite("Gradient checks: reshaping, slicing, gathering, concatenation, transposes")
struct ShapeOpGradientTests {
    @Test func reshape() throws {
        let x = try uniformTensor([2, 3, 2], seed: 51)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].reshaped([3, 4])) }
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].reshaped([-1]) * t[0].reshaped([12])) }
    }

    @Test func rowsAndGatheredRows() throws {
        let x = try uniformTensor([4, 3], seed: 52)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].rows(1..<3)) }
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].gatherRows([3, 0, 3, 3, 1])) }
        let cube = try uniformTensor([3, 2, 2], seed: 53)
        try expectGradientsMatch(at: [cube]) { t in try weightedSum(t[0].gatherRows([2, 2, 0])) }
    }

    @Test(arguments: [0, 1, -1])
    func concatenation(axis: Int) throws {
        let a = try uniformTensor([2, 3], seed: 54), b = try uniformTensor([2, 3], seed: 55)
        let c = try uniformTensor([2, 3], seed: 56)
        try expectGradientsMatch(at: [a, b, c]) { t in try weightedSum(Tensor.concatenate([t[0], t[1], t[2]], alongAxis: axis)) }
        // The same tensor twice, and a constant part that needs no gradient.
        try expectGradientsMatch(at: [a]) { t in try weightedSum(Tensor.concatenate([t[0], c, t[0]], alongAxis: axis)) }
    }

    @Test func concatenationOfUnequalParts() throws {
        let a = try uniformTensor([2, 1, 3], seed: 57), b = try uniformTensor([2, 2, 3], seed: 58)
        try expectGradientsMatch(at: [a, b]) { t in try weightedSum(Tensor.concatenate([t[0], t[1]], alongAxis: 1)) }
    }

    @Test func transpose() throws {
        let m = try uniformTensor([3, 4], seed: 59)
        try expectGradientsMatch(at: [m]) { t in try weightedSum(t[0].transposed()) }
        let cube = try uniformTensor([2, 3, 4], seed: 60)
        try expectGradientsMatch(at: [cube]) { t in try weightedSum(t[0].transposed()) }
    }

    /// A gather by flat index with repeats and padded (−1) positions: the gradient adds up over every
    /// read and skips the padding.
    @Test func gatheringByFlatIndex() throws {
        let x = try uniformTensor([2, 3], seed: 61)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].gathering(flatIndices: [5, -1, 0, 0, 3, -1, 2, 5], shape: [2, 4])) }
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].gathering(flatIndices: [1], shape: [])) }
    }
}
