import Synapse
import Testing

@Suite("Matrix products and transposes")
struct TensorMatrixProductTests {
    let a = Tensor([[1, 2, 3], [4, 5, 6]])          // [2, 3]
    let aT = Tensor([[1, 4], [2, 5], [3, 6]])       // aᵀ stored, [3, 2]
    let b = Tensor([[7, 8], [9, 10], [11, 12]])     // [3, 2]
    let bT = Tensor([[7, 9, 11], [8, 10, 12]])      // bᵀ stored, [2, 3]
    let ab = Tensor([[58, 64], [139, 154]])         // a · b
    /// Selects the first two rows of a [3, n] matrix.
    let firstRows = Tensor([[1, 0, 0], [0, 1, 0]])

    @Test func plainProduct() throws {
        #expect(try a.matmul(b) == ab)
    }

    @Test func everyTransposeFlagCombination() throws {
        #expect(try a.matmul(b, transposingSelf: false, transposingOther: false) == ab)
        #expect(try aT.matmul(b, transposingSelf: true) == ab)
        #expect(try a.matmul(bT, transposingOther: true) == ab)
        #expect(try aT.matmul(bT, transposingSelf: true, transposingOther: true) == ab)
    }

    @Test func gramMatrices() throws {
        #expect(try a.matmul(a, transposingOther: true) == Tensor([[14, 32], [32, 77]]))
        #expect(try a.matmul(a, transposingSelf: true) == Tensor([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
    }

    @Test func batchedTimesBatched() throws {
        let x = try Tensor.concatenate([a, firstRows]).reshaped([2, 2, 3])
        let y = try Tensor.concatenate([b, b]).reshaped([2, 3, 2])
        let expected = Tensor([[[58, 64], [139, 154]], [[7, 8], [9, 10]]])
        #expect(try x.matmul(y) == expected)
        #expect(try x.transposed().matmul(y, transposingSelf: true) == expected)
        #expect(try x.matmul(y.transposed(), transposingOther: true) == expected)
        #expect(try x.transposed().matmul(y.transposed(), transposingSelf: true, transposingOther: true) == expected)
    }

    @Test func batchTimesMatrix() throws {
        let x = try Tensor.concatenate([a, firstRows]).reshaped([2, 2, 3])
        let expected = Tensor([[[58, 64], [139, 154]], [[7, 8], [9, 10]]])
        #expect(try x.matmul(b) == expected)
        #expect(try x.matmul(bT, transposingOther: true) == expected)
        let product4 = try x.reshaped([2, 1, 2, 3]).matmul(b)
        #expect(product4.shape == [2, 1, 2, 2])
        #expect(product4.scalars == expected.scalars)
    }

    @Test func emptyInnerDimensionGivesZeros() throws {
        let product = try Tensor.zeros([2, 0]).matmul(try Tensor.zeros([0, 3]))
        #expect(product == (try Tensor.zeros([2, 3])))
        let batched = try Tensor.zeros([2, 3, 0]).matmul(try Tensor.zeros([0, 4]))
        #expect(batched == (try Tensor.zeros([2, 3, 4])))
        let emptyBatch = try Tensor.zeros([0, 2, 3]).matmul(b)
        #expect(emptyBatch.shape == [0, 2, 2])
    }

    @Test func agreesWithANaiveProductForEveryFlag() throws {
        let (m, k, n) = (17, 33, 9)
        let x = try uniformTensor([m, k], seed: 1), y = try uniformTensor([k, n], seed: 2)
        var expected = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k {
            expected[i * n + j] += x.scalars[i * k + p] * y.scalars[p * n + j]
        } } }
        let xT = try x.transposed(), yT = try y.transposed()
        expectClose(try x.matmul(y), expected, shape: [m, n], tolerance: 1e-5)
        expectClose(try xT.matmul(y, transposingSelf: true), expected, shape: [m, n], tolerance: 1e-5)
        expectClose(try x.matmul(yT, transposingOther: true), expected, shape: [m, n], tolerance: 1e-5)
        expectClose(try xT.matmul(yT, transposingSelf: true, transposingOther: true), expected, shape: [m, n], tolerance: 1e-5)
    }

    @Test func transposeOfAMatrix() throws {
        #expect(try a.transposed() == aT)
        #expect(try a.transposed().transposed() == a)
        #expect(try Tensor([[1, 2, 3]]).transposed() == Tensor([[1], [2], [3]]))
    }

    @Test func transposeSwapsTheLastTwoAxesOfEachBatch() throws {
        let cube = Tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]])
        #expect(try cube.transposed() == Tensor([[[1, 4], [2, 5], [3, 6]], [[7, 10], [8, 11], [9, 12]]]))
    }

    @Test func transposeOfALargeMatrixCrossesBlocks() throws {
        let (rows, columns) = (70, 45)
        let x = try Tensor(shape: [rows, columns], scalars: (0..<(rows * columns)).map(Float.init))
        let t = try x.transposed()
        #expect(t.shape == [columns, rows])
        var expected: [Float] = []
        for j in 0..<columns { for i in 0..<rows { expected.append(x.scalars[i * columns + j]) } }
        #expect(t.scalars == expected)
    }
}
