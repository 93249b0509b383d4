import Synapse
import Testing

@Suite("Reductions")
struct TensorReductionTests {
    let matrix = Tensor([[1, 2, 3], [4, 5, 6]])
    /// 1…12 as [2, 3, 2].
    let cube = Tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])
    let mixed = Tensor([[3, -1, 7], [2, 9, 0]])

    @Test func sumAndMeanOfAllValues() {
        #expect(matrix.sum() == Tensor(21))
        #expect(matrix.sum().shape == [])
        #expect(matrix.mean() == Tensor(3.5))
        #expect(Tensor(5).sum() == Tensor(5))
        #expect(cube.sum() == Tensor(78))
    }

    @Test func sumAlongEachAxisOfAMatrix() throws {
        #expect(try matrix.sum(alongAxis: 0) == Tensor([5, 7, 9]))
        #expect(try matrix.sum(alongAxis: 0, keepingDimensions: true) == Tensor([[5, 7, 9]]))
        #expect(try matrix.sum(alongAxis: 1) == Tensor([6, 15]))
        #expect(try matrix.sum(alongAxis: 1, keepingDimensions: true) == Tensor([[6], [15]]))
        #expect(try matrix.sum(alongAxis: -1) == Tensor([6, 15]))
        #expect(try matrix.sum(alongAxis: -2) == Tensor([5, 7, 9]))
    }

    @Test func sumAlongEachAxisOfARank3Tensor() throws {
        let axis0 = try cube.sum(alongAxis: 0)
        #expect(axis0.shape == [3, 2])
        #expect(axis0.scalars == [8, 10, 12, 14, 16, 18])
        #expect(try cube.sum(alongAxis: 0, keepingDimensions: true).shape == [1, 3, 2])

        let axis1 = try cube.sum(alongAxis: 1)
        #expect(axis1 == Tensor([[9, 12], [27, 30]]))
        let kept1 = try cube.sum(alongAxis: 1, keepingDimensions: true)
        #expect(kept1.shape == [2, 1, 2])
        #expect(kept1.scalars == [9, 12, 27, 30])

        let axis2 = try cube.sum(alongAxis: 2)
        #expect(axis2 == Tensor([[3, 7, 11], [15, 19, 23]]))
        #expect(try cube.sum(alongAxis: 2, keepingDimensions: true).shape == [2, 3, 1])
        #expect(try cube.sum(alongAxis: -1) == axis2)
    }

    @Test func sumOfALongAxisMatchesTheClosedForm() throws {
        // 1 + 2 + … + 100 = 5050 along a contiguous axis and a strided one.
        let column = try Tensor((1...100).map(Float.init)).reshaped([100, 1])
        #expect(try column.sum(alongAxis: 0) == Tensor([5050]))
        #expect(try column.reshaped([1, 100]).sum(alongAxis: 1) == Tensor([5050]))
    }

    @Test func meanAlongAxes() throws {
        #expect(try matrix.mean(alongAxis: 0) == Tensor([2.5, 3.5, 4.5]))
        #expect(try matrix.mean(alongAxis: 1) == Tensor([2, 5]))
        #expect(try matrix.mean(alongAxis: 1, keepingDimensions: true) == Tensor([[2], [5]]))
        #expect(try cube.mean(alongAxis: 1) == Tensor([[3, 4], [9, 10]]))
        #expect(try cube.mean(alongAxis: -1, keepingDimensions: true).shape == [2, 3, 1])
    }

    @Test func maximumAndMinimumOfAllValues() throws {
        #expect(try mixed.max() == Tensor(9))
        #expect(try mixed.min() == Tensor(-1))
        #expect(try mixed.max().shape == [])
        #expect(try Tensor(5).max() == Tensor(5))
    }

    @Test func maximumAndMinimumAlongAxes() throws {
        #expect(try mixed.max(alongAxis: 0) == Tensor([3, 9, 7]))
        #expect(try mixed.max(alongAxis: 1) == Tensor([7, 9]))
        #expect(try mixed.max(alongAxis: 1, keepingDimensions: true) == Tensor([[7], [9]]))
        #expect(try mixed.min(alongAxis: 0) == Tensor([2, -1, 0]))
        #expect(try mixed.min(alongAxis: -1) == Tensor([-1, 0]))
        #expect(try mixed.min(alongAxis: 0, keepingDimensions: true) == Tensor([[2, -1, 0]]))
        #expect(try cube.max(alongAxis: 1) == Tensor([[5, 6], [11, 12]]))
        #expect(try cube.min(alongAxis: 0) == Tensor([[1, 2], [3, 4], [5, 6]]))
        #expect(try cube.max(alongAxis: 2, keepingDimensions: true).shape == [2, 3, 1])
    }

    @Test func argmaxAlongAxes() throws {
        #expect(try mixed.argmax() == [2, 1])
        #expect(try mixed.argmax(alongAxis: 1) == [2, 1])
        #expect(try mixed.argmax(alongAxis: 0) == [0, 1, 0])
        #expect(try Tensor([1, 3, 3]).argmax() == [1])  // the first on ties
        #expect(try cube.argmax(alongAxis: 1) == [2, 2, 2, 2])
    }

    @Test func argmaxAsATensor() throws {
        #expect(try mixed.argmaxTensor() == Tensor([2, 1]))
        #expect(try mixed.argmaxTensor(alongAxis: 0) == Tensor([0, 1, 0]))
        #expect(try cube.argmaxTensor(alongAxis: 0).shape == [3, 2])
    }
}
