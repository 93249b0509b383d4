import Synapse
import Testing

@Suite("Broadcasting")
struct TensorBroadcastingTests {
    /// 1…12 as [2, 3, 2].
    let cube = Tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])

    @Test func matrixPlusRowVector() throws {
        let sum = try Tensor([[1, 2, 3], [4, 5, 6]]) + Tensor([10, 20, 30])
        #expect(sum == Tensor([[11, 22, 33], [14, 25, 36]]))
        // The vector may come first: the result is the same.
        #expect(try Tensor([10, 20, 30]) + Tensor([[1, 2, 3], [4, 5, 6]]) == sum)
    }

    @Test func columnTimesRowGivesOuterProduct() throws {
        let product = try Tensor([[1], [2]]) * Tensor([[3, 4, 5]])
        #expect(product == Tensor([[3, 4, 5], [6, 8, 10]]))
    }

    @Test func vectorPlusScalarTensor() throws {
        #expect(try Tensor([1, 2, 3]) + Tensor(10) == Tensor([11, 12, 13]))
        #expect(try Tensor(10) - Tensor([1, 2, 3]) == Tensor([9, 8, 7]))
        #expect(try Tensor(2) * Tensor(3) == Tensor(6))
    }

    @Test func vectorMinusColumn() throws {
        let difference = try Tensor([1, 2, 3]) - Tensor([[10], [20]])
        #expect(difference == Tensor([[-9, -8, -7], [-19, -18, -17]]))
    }

    @Test func rank3WithLeadingAxisOperand() throws {
        let x = try cube.reshaped([3, 2, 2])
        let perBlock = Tensor([[[100]], [[200]], [[300]]])  // [3, 1, 1]
        let sum = try x + perBlock
        #expect(sum.shape == [3, 2, 2])
        #expect(sum.scalars == [101, 102, 103, 104, 205, 206, 207, 208, 309, 310, 311, 312])
    }

    @Test func rank3WithMiddleAxisOperand() throws {
        let perRow = Tensor([[1], [10], [100]])  // [3, 1] → [1, 3, 1]
        let product = try cube * perRow
        #expect(product.shape == [2, 3, 2])
        #expect(product.scalars == [1, 2, 30, 40, 500, 600, 7, 8, 90, 100, 1100, 1200])
    }

    @Test func rank3WithLastAxisOperand() throws {
        let perColumn = try Tensor([1, 2]).reshaped([1, 1, 2])
        let quotient = try cube / perColumn
        #expect(quotient.shape == [2, 3, 2])
        #expect(quotient.scalars == [1, 1, 3, 2, 5, 3, 7, 4, 9, 5, 11, 6])
    }

    @Test func rank3WithScalarTensor() throws {
        let sum = try cube + Tensor(0.5)
        #expect(sum.shape == [2, 3, 2])
        #expect(sum.scalars == (1...12).map { Float($0) + 0.5 })
    }

    @Test func bothOperandsStretched() throws {
        let a = Tensor([[[1, 2]], [[3, 4]]])  // [2, 1, 2]
        let b = Tensor([[10], [20], [30]])    // [3, 1]
        let sum = try a + b
        #expect(sum.shape == [2, 3, 2])
        #expect(sum.scalars == [11, 12, 21, 22, 31, 32, 13, 14, 23, 24, 33, 34])
    }

    @Test func rank4MixedStretching() throws {
        // a[i, 0, k, 0] + b[j, 0, l]: shapes [2, 1, 2, 1] and [3, 1, 2] → [2, 3, 2, 2].
        let a = try Tensor(shape: [2, 1, 2, 1], scalars: [1, 2, 3, 4])
        let b = try Tensor(shape: [3, 1, 2], scalars: [10, 20, 30, 40, 50, 60])
        let sum = try a + b
        #expect(sum.shape == [2, 3, 2, 2])
        var expected: [Float] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<2 { for l in 0..<2 {
            expected.append(Float(1 + 2 * i + k) + Float(10 * (1 + 2 * j + l)))
        } } } }
        #expect(sum.scalars == expected)
    }

    @Test func sizeOneAgainstSizeOne() throws {
        #expect(try Tensor([[2]]) * Tensor([3]) == Tensor([[6]]))
    }

    @Test func emptyDimensionsBroadcast() throws {
        let empty = try Tensor.zeros([0, 3])
        let sum = try empty + Tensor([1, 2, 3])
        #expect(sum.shape == [0, 3])
        #expect(sum.count == 0)
    }
}
