import Synapse
import Testing

@Suite("Reshaping, slicing, gathering and concatenation")
struct TensorShapeOperationTests {
    let matrix = Tensor([[1, 2, 3], [4, 5, 6]])

    @Test func reshapeKeepsRowMajorOrder() throws {
        let r = try matrix.reshaped([3, 2])
        #expect(r == Tensor([[1, 2], [3, 4], [5, 6]]))
        #expect(try matrix.reshaped([6]) == Tensor([1, 2, 3, 4, 5, 6]))
        #expect(try matrix.reshaped([1, 2, 3]).shape == [1, 2, 3])
        #expect(try Tensor([7]).reshaped([]) == Tensor(7))
    }

    @Test func reshapeInfersOneDimension() throws {
        #expect(try matrix.reshaped([-1]).shape == [6])
        #expect(try matrix.reshaped([3, -1]).shape == [3, 2])
        #expect(try matrix.reshaped([-1, 1, 2]).shape == [3, 1, 2])
        #expect(try Tensor.zeros([0, 4]).reshaped([-1]).shape == [0])
    }

    @Test func rowsSliceTheFirstAxis() throws {
        let x = Tensor([[1, 2], [3, 4], [5, 6], [7, 8]])
        #expect(try x.rows(1..<3) == Tensor([[3, 4], [5, 6]]))
        #expect(try x.rows(0..<4) == x)
        #expect(try x.rows(2..<2).shape == [0, 2])
        #expect(try Tensor([1, 2, 3]).rows(1..<3) == Tensor([2, 3]))
    }

    @Test func gatherRowsInAnyOrderWithRepeats() throws {
        let x = Tensor([[1, 2], [3, 4], [5, 6]])
        #expect(try x.gatherRows([2, 0, 2]) == Tensor([[5, 6], [1, 2], [5, 6]]))
        #expect(try x.gatherRows([]).shape == [0, 2])
        let cube = try Tensor(shape: [3, 2, 2], scalars: (1...12).map(Float.init))
        let gathered = try cube.gatherRows([1])
        #expect(gathered.shape == [1, 2, 2])
        #expect(gathered.scalars == [5, 6, 7, 8])
    }

    @Test func concatenateAlongAxis0() throws {
        let joined = try Tensor.concatenate([Tensor([[1, 2]]), Tensor([[3, 4], [5, 6]])])
        #expect(joined == Tensor([[1, 2], [3, 4], [5, 6]]))
        #expect(try Tensor.concatenate([Tensor([1, 2]), Tensor([3])], alongAxis: 0) == Tensor([1, 2, 3]))
    }

    @Test func concatenateAlongAxis1() throws {
        let joined = try Tensor.concatenate([Tensor([[1], [2]]), Tensor([[3, 4], [5, 6]])], alongAxis: 1)
        #expect(joined == Tensor([[1, 3, 4], [2, 5, 6]]))
        let negative = try Tensor.concatenate([Tensor([[1], [2]]), Tensor([[3, 4], [5, 6]])], alongAxis: -1)
        #expect(negative == joined)
    }

    @Test func concatenateAlongTheMiddleAxisOfRank3Tensors() throws {
        let x = Tensor([[[1, 2]], [[3, 4]]])               // [2, 1, 2]
        let y = Tensor([[[5, 6], [7, 8]], [[9, 10], [11, 12]]])  // [2, 2, 2]
        let joined = try Tensor.concatenate([x, y], alongAxis: 1)
        #expect(joined == Tensor([[[1, 2], [5, 6], [7, 8]], [[3, 4], [9, 10], [11, 12]]]))
    }

    @Test func concatenateOneOrEmptyParts() throws {
        #expect(try Tensor.concatenate([matrix]) == matrix)
        let withEmpty = try Tensor.concatenate([matrix, Tensor.zeros([0, 3])])
        #expect(withEmpty == matrix)
    }

    @Test func scalarAtIndex() throws {
        let cube = try Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
        #expect(try cube.scalar(at: [1, 2, 3]) == 23)
        #expect(try cube.scalar(at: [1, 0, 2]) == 14)
        #expect(try Tensor(9).scalar(at: []) == 9)
    }

    @Test func gatheringByFlatIndexReadsValuesAndZerosForPadding() throws {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        let y = try x.gathering(flatIndices: [-1, 0, 5, 5, 2, -1], shape: [3, 2])
        #expect(y.shape == [3, 2])
        #expect(y.scalars == [0, 1, 6, 6, 3, 0])
        #expect(try x.gathering(flatIndices: [], shape: [0, 4]).shape == [0, 4])
    }

    @Test func gatheringRefusesBadIndicesAndCounts() throws {
        let x = Tensor([1, 2, 3])
        for (indices, shape) in [([3], [1]), ([-2], [1]), ([0, 1], [3]), ([0], [-1])] as [([Int], [Int])] {
            #expect(throws: SynapseError.self) { try x.gathering(flatIndices: indices, shape: shape) }
        }
        #expect(throws: SynapseError.self) { try x.gathering(flatIndices: [0], shape: [Int.max, 2]) }
    }
}
