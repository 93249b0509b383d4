import Synapse
import Testing

@Suite("Printing tensors")
struct TensorDescriptionTests {
    @Test func scalarsAndShortVectors() {
        #expect(Tensor(2.5).description == "Tensor(shape: [], 2.5)")
        #expect(Tensor([1, 2, 3]).description == "Tensor(shape: [3], [1., 2., 3.])")
        #expect(Tensor([0.5, -1.25, 0.1]).description == "Tensor(shape: [3], [0.5, -1.25, 0.1])")
        #expect("\(Tensor([-4]))" == "Tensor(shape: [1], [-4.])")
    }

    @Test func sixValuesAreAllShown() {
        #expect(Tensor([1, 2, 3, 4, 5, 6]).description == "Tensor(shape: [6], [1., 2., 3., 4., 5., 6.])")
    }

    @Test func longVectorsAreAbbreviated() {
        let t = Tensor((0..<10).map(Float.init))
        #expect(t.description == "Tensor(shape: [10], [0., 1., 2., …, 7., 8., 9.])")
    }

    @Test func matrixRowsLineUp() {
        let lines = Tensor([[1, 2], [3, 4]]).description.split(separator: "\n").map(String.init)
        #expect(lines == ["Tensor(shape: [2, 2], [[1., 2.],",
                          "                       [3., 4.]])"])
    }

    @Test func rank3BlocksNest() {
        let t = Tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
        let lines = t.description.split(separator: "\n").map(String.init)
        let pad = String(repeating: " ", count: "Tensor(shape: [2, 2, 2], ".count)
        #expect(lines == ["Tensor(shape: [2, 2, 2], [[[1., 2.],",
                          pad + "  [3., 4.]],",
                          pad + " [[5., 6.],",
                          pad + "  [7., 8.]]])"])
    }

    @Test func largeMatricesAreAbbreviatedOnBothAxes() throws {
        let t = try Tensor(shape: [10, 10], scalars: (0..<100).map(Float.init))
        let lines = t.description.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        #expect(lines.first == "Tensor(shape: [10, 10], [[0., 1., 2., …, 7., 8., 9.],")
        #expect(lines[3].trimmingPrefixSpaces == "…,")
        #expect(lines.last?.trimmingPrefixSpaces == "[90., 91., 92., …, 97., 98., 99.]])")
        #expect(!t.description.contains("50."))
    }

    @Test func emptyTensors() throws {
        #expect(try Tensor.zeros([0]).description == "Tensor(shape: [0], [])")
        #expect(try Tensor.zeros([2, 0]).description.hasPrefix("Tensor(shape: [2, 0], [[],"))
    }

    @Test func nonIntegralAndSpecialValues() {
        let text = Tensor([1.0 / 3, 1e8, .infinity, -.infinity]).description
        #expect(text == "Tensor(shape: [4], [0.333333, 1e+08, inf, -inf])")
        #expect(Tensor([.nan]).description == "Tensor(shape: [1], [nan])")
    }
}

private extension String {
    var trimmingPrefixSpaces: String { String(drop(while: { $0 == " " })) }
}
