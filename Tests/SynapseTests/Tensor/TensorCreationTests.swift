import Synapse
import Testing

@Suite("Tensor creation")
struct TensorCreationTests {
    @Test func shapeAndScalarsInRowMajorOrder() throws {
        let t = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t.shape == [2, 3])
        #expect(t.rank == 2)
        #expect(t.count == 6)
        #expect(try t.scalar(at: [0, 0]) == 1)
        #expect(try t.scalar(at: [0, 2]) == 3)
        #expect(try t.scalar(at: [1, 0]) == 4)
        #expect(try t.scalar(at: [1, 2]) == 6)
    }

    @Test func literalInitialisers() {
        let scalar = Tensor(2.5)
        #expect(scalar.shape == [])
        #expect(scalar.rank == 0)
        #expect(scalar.scalars == [2.5])

        let vector = Tensor([1, 2, 3])
        #expect(vector.shape == [3])
        #expect(vector.scalars == [1, 2, 3])

        let matrix = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(matrix.shape == [2, 3])
        #expect(matrix.scalars == [1, 2, 3, 4, 5, 6])

        let cube = Tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])
        #expect(cube.shape == [2, 3, 2])
        #expect(cube.scalars == (1...12).map(Float.init))
    }

    @Test func rowsInitialiserAcceptsRegularRows() throws {
        let t = try Tensor(rows: [[1, 2], [3, 4], [5, 6]])
        #expect(t.shape == [3, 2])
        #expect(t.scalars == [1, 2, 3, 4, 5, 6])
    }

    @Test func filledTensors() throws {
        #expect(try Tensor(shape: [2, 2], repeating: 7).scalars == [7, 7, 7, 7])
        #expect(try Tensor.zeros([3]).scalars == [0, 0, 0])
        #expect(try Tensor.ones([2, 1]) == Tensor([[1], [1]]))
        let model = Tensor([[1, 2, 3]])
        #expect(Tensor.zeros(like: model) == Tensor([[0, 0, 0]]))
        #expect(Tensor.ones(like: model) == Tensor([[1, 1, 1]]))
        let empty = try Tensor.zeros([0, 4])
        #expect(empty.shape == [0, 4])
        #expect(empty.count == 0)
    }

    @Test func itemReadsTheOnlyValueOfAnyRank() throws {
        #expect(try Tensor(3).item() == 3)
        #expect(try Tensor([[4]]).item() == 4)
    }

    @Test func equalityComparesShapesAndValues() throws {
        #expect(Tensor([1, 2, 3, 4]) == Tensor([1, 2, 3, 4]))
        #expect(Tensor([1, 2, 3, 4]) != Tensor([1, 2, 3, 5]))
        #expect(Tensor([1, 2, 3, 4]) != Tensor([[1, 2], [3, 4]]))
    }

    @Test func copiesHaveValueSemantics() throws {
        let original = Tensor([1, 2, 3])
        var copy = original
        copy = copy + 1
        #expect(original.scalars == [1, 2, 3])
        #expect(copy.scalars == [2, 3, 4])
        let reshaped = try original.reshaped([3, 1])
        #expect(original.shape == [3])
        #expect(reshaped.shape == [3, 1])
    }

    @Test func nothingIsRecordedOutsideAGradientComputation() throws {
        let x = Tensor([1, 2])
        #expect(!x.isRecording)
        #expect(!(try (x * x).sum()).isRecording)
        #expect(!x.detached.isRecording)
    }

    @Test func bufferPointerReadsValues() {
        let t = Tensor([1, 2, 3])
        let total = t.withUnsafeBufferPointer { $0.reduce(0, +) }
        #expect(total == 6)
    }
}
