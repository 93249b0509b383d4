import Synapse
import Testing

@Suite("Elementwise functions")
struct TensorUnaryTests {
    @Test func exponential() {
        expectClose(Tensor([0, 1, -1, 2]).exp(), [1, 2.7182817, 0.36787945, 7.389056], shape: [4], tolerance: 1e-6)
    }

    @Test func naturalLogarithm() {
        expectClose(Tensor([1, 2.7182817, 0.5, 10]).log(), [0, 1, -0.6931472, 2.3025851], tolerance: 1e-6)
        #expect(Tensor([0]).log().scalars == [-.infinity])
        #expect(Tensor([-1]).log().scalars[0].isNaN)
    }

    @Test func squareRoot() {
        #expect(Tensor([[0, 1], [4, 2.25]]).sqrt() == Tensor([[0, 1], [2, 1.5]]))
    }

    @Test func powers() {
        let x = Tensor([1, 2, 3])
        #expect(x.pow(2) == Tensor([1, 4, 9]))
        expectClose(x.pow(3), [1, 8, 27])
        #expect(x.pow(1) == x)
        #expect(x.pow(0) == Tensor([1, 1, 1]))
        #expect(Tensor([4, 9]).pow(0.5) == Tensor([2, 3]))
        expectClose(Tensor([2, 4]).pow(-1), [0.5, 0.25])
        expectClose(Tensor([4]).pow(1.5), [8])
    }

    @Test func absoluteValue() {
        #expect(Tensor([-2, 0, 3, -0.5]).abs() == Tensor([2, 0, 3, 0.5]))
    }

    @Test func clipping() throws {
        #expect(try Tensor([-2, 0.5, 3, -1, 1]).clipped(min: -1, max: 1) == Tensor([-1, 0.5, 1, -1, 1]))
        #expect(try Tensor([5]).clipped(min: 2, max: 2) == Tensor([2]))
    }

    @Test func hyperbolicTangent() {
        expectClose(Tensor([0, 0.5, -1, 0.01, -0.05, 10, -10]).tanh(),
                    [0, 0.46211716, -0.7615942, 0.0099996667, -0.049958375, 1, -1], tolerance: 1e-6)
    }

    @Test func logisticSigmoid() {
        expectClose(Tensor([0, 2, -2, 20, -20]).sigmoid(),
                    [0.5, 0.8807971, 0.11920292, 1, 2.0611537e-9], tolerance: 1e-6)
    }

    @Test func rectifiedLinearUnit() {
        #expect(Tensor([[-1, 0], [2, -0.5]]).relu() == Tensor([[0, 0], [2, 0]]))
    }

    @Test func functionsKeepTheShape() throws {
        let x = try Tensor(shape: [2, 1, 3], repeating: 0.5)
        for y in [x.exp(), x.log(), x.sqrt(), x.pow(2), x.abs(), try x.clipped(min: 0, max: 1),
                  x.tanh(), x.sigmoid(), x.relu()] {
            #expect(y.shape == [2, 1, 3])
        }
    }
}
