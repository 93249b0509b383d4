import Synapse
import Testing

@Suite("Comparisons, maximum and minimum")
struct TensorComparisonTests {
    let a = Tensor([1, 2, 3])
    let b = Tensor([3, 2, 1])

    @Test func tensorAgainstTensor() throws {
        #expect(try (a .> b) == Tensor([0, 0, 1]))
        #expect(try (a .>= b) == Tensor([0, 1, 1]))
        #expect(try (a .< b) == Tensor([1, 0, 0]))
        #expect(try (a .<= b) == Tensor([1, 1, 0]))
        #expect(try (a .== b) == Tensor([0, 1, 0]))
        #expect(try (a .!= b) == Tensor([1, 0, 1]))
    }

    @Test func tensorAgainstScalar() {
        #expect((a .> 2) == Tensor([0, 0, 1]))
        #expect((a .>= 2) == Tensor([0, 1, 1]))
        #expect((a .< 2) == Tensor([1, 0, 0]))
        #expect((a .<= 2) == Tensor([1, 1, 0]))
        #expect((a .== 2) == Tensor([0, 1, 0]))
        #expect((a .!= 2) == Tensor([1, 0, 1]))
    }

    @Test func comparisonsBroadcast() throws {
        let column = Tensor([[1], [2], [3]])
        #expect(try (column .> a) == Tensor([[0, 0, 0], [1, 0, 0], [1, 1, 0]]))
        #expect(try (column .== Tensor(2)) == Tensor([[0], [1], [0]]))
    }

    @Test func elementwiseMaximumAndMinimum() throws {
        let x = Tensor([1, 5, 3]), y = Tensor([4, 2, 3])
        #expect(try Tensor.maximum(x, y) == Tensor([4, 5, 3]))
        #expect(try Tensor.minimum(x, y) == Tensor([1, 2, 3]))
    }

    @Test func maximumAndMinimumBroadcast() throws {
        let m = Tensor([[1, -1], [3, 0]])
        #expect(try Tensor.maximum(m, Tensor(0.5)) == Tensor([[1, 0.5], [3, 0.5]]))
        #expect(try Tensor.minimum(Tensor([0, 2]), m) == Tensor([[0, -1], [0, 0]]))
    }

    @Test func comparisonsAreNotDifferentiated() throws {
        let (_, gradient) = try valueWithGradient(at: Tensor([1, -2, 3])) { x in
            #expect(!(x .> 0).isRecording)
            #expect(!(try x .> Tensor(0)).isRecording)
            return try (x .> 0).sum()
        }
        #expect(gradient == Tensor([0, 0, 0]))
    }
}
