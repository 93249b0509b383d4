import Synapse
import Testing

@Suite("Errors from tensor operations")
struct TensorErrorTests {
    let a = Tensor([[1, 2, 3], [4, 5, 6]])   // [2, 3]
    let b = Tensor([[1, 2], [3, 4], [5, 6]]) // [3, 2]

    @Test func broadcastMismatchNamesTheOpAndBothShapes() {
        let operations: [(String, (Tensor, Tensor) throws -> Tensor)] = [
            ("+", { try $0 + $1 }), ("-", { try $0 - $1 }), ("*", { try $0 * $1 }), ("/", { try $0 / $1 }),
            (".>", { try $0 .> $1 }), (".>=", { try $0 .>= $1 }), (".<", { try $0 .< $1 }),
            (".<=", { try $0 .<= $1 }), (".==", { try $0 .== $1 }), (".!=", { try $0 .!= $1 }),
            ("maximum", { try Tensor.maximum($0, $1) }), ("minimum", { try Tensor.minimum($0, $1) }),
        ]
        for (name, operation) in operations {
            expectSynapseError(.shapeMismatch, mentioning: ["\(name):", "[2, 3]", "[3, 2]"]) { _ = try operation(a, b) }
        }
        expectSynapseError(.shapeMismatch, mentioning: ["+:", "[2, 3]", "[2]"]) { _ = try a + Tensor([1, 2]) }
        expectSynapseError(.shapeMismatch, mentioning: ["*:", "[4, 2, 3]", "[3, 3]"]) {
            _ = try Tensor.zeros([4, 2, 3]) * Tensor.zeros([3, 3])
        }
    }

    @Test func errorDescriptionsCarryTheKind() {
        do {
            _ = try a + b
            Issue.record("no error thrown")
        } catch let error as SynapseError {
            #expect(error.description.hasPrefix("Shape mismatch: +:"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func invalidAxesAreRejected() throws {
        let calls: [(String, () throws -> Void)] = [
            ("sum(alongAxis:)", { _ = try a.sum(alongAxis: 2) }),
            ("sum(alongAxis:)", { _ = try a.sum(alongAxis: -3) }),
            ("mean(alongAxis:)", { _ = try a.mean(alongAxis: 5) }),
            ("max(alongAxis:)", { _ = try a.max(alongAxis: 2) }),
            ("min(alongAxis:)", { _ = try a.min(alongAxis: -3, keepingDimensions: true) }),
            ("softmax", { _ = try a.softmax(alongAxis: 2) }),
            ("logSoftmax", { _ = try a.logSoftmax(alongAxis: -3) }),
            ("argmax", { _ = try a.argmax(alongAxis: 2) }),
            ("concatenate", { _ = try Tensor.concatenate([a, a], alongAxis: 2) }),
            ("sum(alongAxis:)", { _ = try Tensor(1).sum(alongAxis: 0) }),
            ("softmax", { _ = try Tensor(1).softmax() }),
        ]
        for (op, call) in calls {
            expectSynapseError(.invalidArgument, mentioning: [op, "axis", "out of range"], call)
        }
        expectSynapseError(.invalidArgument, mentioning: ["argmax"]) { _ = try Tensor(1).argmax() }
    }

    @Test func scalarCountMustMatchTheShape() {
        expectSynapseError(.shapeMismatch, mentioning: ["Tensor(shape:scalars:)", "[2, 3]", "6", "5"]) {
            _ = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5])
        }
        expectSynapseError(.invalidArgument, mentioning: ["-1"]) { _ = try Tensor(shape: [-1, 2], scalars: []) }
        expectSynapseError(.invalidArgument) { _ = try Tensor.zeros([3, -2]) }
        expectSynapseError(.shapeMismatch, mentioning: ["row 1"]) { _ = try Tensor(rows: [[1, 2], [3]]) }
    }

    @Test func matmulInnerDimensionsMustAgree() {
        expectSynapseError(.shapeMismatch, mentioning: ["matmul", "[2, 3]", "[2, 3]", "3 vs 2"]) { _ = try a.matmul(a) }
        expectSynapseError(.shapeMismatch, mentioning: ["matmul", "[3, 2]", "inner"]) {
            _ = try b.matmul(b, transposingSelf: true, transposingOther: true)
        }
        expectSynapseError(.shapeMismatch, mentioning: ["matmul", "[2, 3]", "[2, 2]"]) {
            _ = try a.matmul(Tensor([[1, 2], [3, 4]]))
        }
        expectSynapseError(.shapeMismatch, mentioning: ["matmul", "rank"]) { _ = try a.matmul(Tensor([1, 2, 3])) }
        expectSynapseError(.shapeMismatch, mentioning: ["matmul", "batch"]) {
            _ = try Tensor.zeros([2, 2, 3]).matmul(Tensor.zeros([3, 3, 2]))
        }
        // A batch times a matrix names the batch's own shape, not a flattened one.
        expectSynapseError(.shapeMismatch, mentioning: ["matmul", "[2, 2, 3]", "[4, 5]"]) {
            _ = try Tensor.zeros([2, 2, 3]).matmul(Tensor.zeros([4, 5]))
        }
    }

    @Test func reshapeCountMustMatch() {
        expectSynapseError(.shapeMismatch, mentioning: ["reshaped", "[2, 3]", "[4]"]) { _ = try a.reshaped([4]) }
        expectSynapseError(.shapeMismatch, mentioning: ["reshaped", "[4, -1]"]) { _ = try a.reshaped([4, -1]) }
        expectSynapseError(.invalidArgument, mentioning: ["reshaped"]) { _ = try a.reshaped([-1, -1]) }
        expectSynapseError(.invalidArgument, mentioning: ["reshaped"]) { _ = try a.reshaped([-2, -3]) }
    }

    @Test func rowIndicesMustBeInRange() {
        expectSynapseError(.invalidArgument, mentioning: ["gatherRows", "index 3", "0..<3"]) { _ = try b.gatherRows([0, 3]) }
        expectSynapseError(.invalidArgument, mentioning: ["gatherRows", "-1"]) { _ = try b.gatherRows([-1]) }
        expectSynapseError(.invalidArgument, mentioning: ["gatherRows"]) { _ = try Tensor(1).gatherRows([0]) }
        expectSynapseError(.invalidArgument, mentioning: ["rows", "2..<5"]) { _ = try b.rows(2..<5) }
    }

    @Test func concatenatedShapesMustAgree() {
        expectSynapseError(.shapeMismatch, mentioning: ["concatenate", "[2, 3]", "[3, 2]"]) {
            _ = try Tensor.concatenate([a, b])
        }
        expectSynapseError(.shapeMismatch, mentioning: ["concatenate", "[2, 3]", "[2, 2]"]) {
            _ = try Tensor.concatenate([a, Tensor([[1, 2], [3, 4]])], alongAxis: 0)
        }
        expectSynapseError(.shapeMismatch, mentioning: ["concatenate", "[3]"]) {
            _ = try Tensor.concatenate([a, Tensor([1, 2, 3])])
        }
        expectSynapseError(.invalidArgument, mentioning: ["concatenate"]) { _ = try Tensor.concatenate([]) }
    }

    @Test func otherInvalidArguments() {
        expectSynapseError(.shapeMismatch, mentioning: ["item()", "[2, 3]"]) { _ = try a.item() }
        expectSynapseError(.invalidArgument, mentioning: ["scalar(at:)"]) { _ = try a.scalar(at: [1]) }
        expectSynapseError(.invalidArgument, mentioning: ["scalar(at:)", "[2, 0]"]) { _ = try a.scalar(at: [2, 0]) }
        expectSynapseError(.invalidArgument, mentioning: ["transposed()", "[3]"]) { _ = try Tensor([1, 2, 3]).transposed() }
        expectSynapseError(.invalidArgument, mentioning: ["clipped"]) { _ = try a.clipped(min: 1, max: 0) }
        expectSynapseError(.invalidArgument, mentioning: ["max()", "empty"]) { _ = try Tensor.zeros([0]).max() }
        expectSynapseError(.invalidArgument, mentioning: ["min(alongAxis:)", "empty"]) {
            _ = try Tensor.zeros([2, 0]).min(alongAxis: 1)
        }
        expectSynapseError(.invalidArgument, mentioning: ["randomUniform"]) {
            _ = try Tensor.randomUniform([2], low: 1, high: 0, seed: 1)
        }
        expectSynapseError(.invalidArgument, mentioning: ["randomNormal"]) {
            _ = try Tensor.randomNormal([2], standardDeviation: -1, seed: 1)
        }
        expectSynapseError(.invalidArgument, mentioning: ["randomNormal"]) { _ = try Tensor.randomNormal([-2], seed: 1) }
    }
}
