import Synapse
import Testing

@Suite("Softmax and log-softmax")
struct TensorSoftmaxTests {
    let x = Tensor([[1, 2, 3], [1, 1, 1]])

    @Test func softmaxAlongTheLastAxis() throws {
        let third: Float = 1.0 / 3
        let expected: [Float] = [0.09003057, 0.24472847, 0.66524096, third, third, third]
        expectClose(try x.softmax(), expected, shape: [2, 3], tolerance: 1e-6)
        expectClose(try x.softmax(alongAxis: -1), expected, shape: [2, 3], tolerance: 1e-6)
        expectClose(try x.softmax(alongAxis: 1), expected, shape: [2, 3], tolerance: 1e-6)
    }

    @Test func softmaxAlongTheFirstAxis() throws {
        expectClose(try x.softmax(alongAxis: 0),
                    [0.5, 0.7310586, 0.8807971, 0.5, 0.26894143, 0.11920292], shape: [2, 3], tolerance: 1e-6)
    }

    @Test func logSoftmaxAlongTheLastAxis() throws {
        let logThird: Float = -1.0986123
        expectClose(try x.logSoftmax(),
                    [-2.4076059, -1.4076059, -0.40760596, logThird, logThird, logThird], shape: [2, 3], tolerance: 1e-6)
    }

    @Test func logSoftmaxAlongTheFirstAxis() throws {
        expectClose(try x.logSoftmax(alongAxis: 0),
                    [-0.6931472, -0.31326169, -0.12692801, -0.6931472, -1.3132616, -2.126928],
                    shape: [2, 3], tolerance: 1e-6)
    }

    @Test func softmaxOfAVector() throws {
        expectClose(try Tensor([1, 2, 3]).softmax(), [0.09003057, 0.24472847, 0.66524096], tolerance: 1e-6)
    }

    @Test func largeInputsAreStable() throws {
        expectClose(try Tensor([1000, 1000]).softmax(), [0.5, 0.5])
        expectClose(try Tensor([-1000, 0]).softmax(), [0, 1])
        expectClose(try Tensor([1000, 0]).logSoftmax(), [0, -1000])
        expectClose(try Tensor([[1000], [0]]).logSoftmax(alongAxis: 0), [0, -1000])
        expectClose(try Tensor([[1000], [1000]]).softmax(alongAxis: 0), [0.5, 0.5])
    }

    @Test func middleAxisOfARank3Tensor() throws {
        let cube = Tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]])
        let y = try cube.softmax(alongAxis: 1)
        #expect(y.shape == [2, 3, 2])
        expectClose(try y.sum(alongAxis: 1), [1, 1, 1, 1], shape: [2, 2])
        // Along axis 1 each column is 1, 3, 5 shifted, so every block has the same softmax.
        let column = try Tensor([1, 3, 5]).softmax().scalars
        expectClose(y, [column[0], column[0], column[1], column[1], column[2], column[2],
                        column[0], column[0], column[1], column[1], column[2], column[2]])
        expectClose(try cube.logSoftmax(alongAxis: 1), y.log(), tolerance: 1e-5)
    }

    @Test func logSoftmaxIsTheLogOfSoftmax() throws {
        let z = try uniformTensor([4, 7], low: -3, high: 3, seed: 11)
        expectClose(try z.logSoftmax(), try z.softmax().log(), tolerance: 1e-5)
        expectClose(try z.logSoftmax(alongAxis: 0), try z.softmax(alongAxis: 0).log(), tolerance: 1e-5)
    }
}
