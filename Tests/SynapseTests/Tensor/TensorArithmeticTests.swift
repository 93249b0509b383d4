import Synapse
import Testing

@Suite("Elementwise arithmetic")
struct TensorArithmeticTests {
    let a = Tensor([[1, 2, 3], [4, 5, 6]])
    let b = Tensor([[6, 5, 4], [3, 2, 1]])

    @Test func sameShapeOperators() throws {
        #expect(try a + b == Tensor([[7, 7, 7], [7, 7, 7]]))
        #expect(try a - b == Tensor([[-5, -3, -1], [1, 3, 5]]))
        #expect(try a * b == Tensor([[6, 10, 12], [12, 10, 6]]))
        expectClose(try a / b, [1.0 / 6, 0.4, 0.75, 4.0 / 3, 2.5, 6], shape: [2, 3])
    }

    @Test func oneTryCoversAWholeExpression() throws {
        let c = Tensor([1, 1, 1])
        // (a * b + c) / 2 − a
        #expect(try (a * b + c) / 2 - a == Tensor([[2.5, 3.5, 3.5], [2.5, 0.5, -2.5]]))
    }

    @Test func scalarOperandsOnEitherSide() {
        let x = Tensor([1, 2, 4])
        #expect(x + 1 == Tensor([2, 3, 5]))
        #expect(1 + x == Tensor([2, 3, 5]))
        #expect(x - 1 == Tensor([0, 1, 3]))
        #expect(10 - x == Tensor([9, 8, 6]))
        #expect(x * 3 == Tensor([3, 6, 12]))
        #expect(3 * x == Tensor([3, 6, 12]))
        #expect(x / 2 == Tensor([0.5, 1, 2]))
        #expect(8 / x == Tensor([8, 4, 2]))
    }

    @Test func scalarOperandsKeepTheShape() {
        let m = Tensor([[1, 2], [3, 4]])
        #expect((m * 2).shape == [2, 2])
        #expect((1 / m).shape == [2, 2])
        #expect((Tensor(3) + 1) == Tensor(4))
    }

    @Test func negation() {
        #expect(-Tensor([1, -2, 0.5]) == Tensor([-1, 2, -0.5]))
        #expect((-Tensor([[1, 2]])).shape == [1, 2])
    }

    @Test func divisionByZeroFollowsIEEE() throws {
        let q = try Tensor([1, -1]) / Tensor([0, 0])
        #expect(q.scalars == [.infinity, -.infinity])
    }
}
