import Foundation
import Synapse
import Testing

/// Issue 10, defect 5: a size a user passes is checked with overflow-safe arithmetic and a bound
/// (2³¹ values) before anything is multiplied or allocated; these used to trap on overflow or abort
/// in the allocator.
@Suite struct TensorSizeLimitTests {
    @Test func shapesWhoseProductOverflowsThrow() {
        expectSynapseError(.invalidArgument, mentioning: ["Tensor(shape:repeating:)", "[4611686018427387904, 4]", "more than 2147483648 values"]) {
            _ = try Tensor.zeros([1 << 62, 4])
        }
        expectSynapseError(.invalidArgument, mentioning: ["Tensor(shape:scalars:)", "[\(Int.max), 2]"]) {
            _ = try Tensor(shape: [Int.max, 2], scalars: [])
        }
        expectSynapseError(.invalidArgument, mentioning: ["randomUniform", "more than 2147483648 values"]) {
            _ = try Tensor.randomUniform([1 << 32, 1 << 32, 0, 1 << 32], seed: 1)
        }
        expectSynapseError(.invalidArgument, mentioning: ["randomNormal"]) {
            _ = try Tensor.randomNormal([Int.max, Int.max], seed: 1)
        }
        expectSynapseError(.invalidArgument, mentioning: ["reshape", "[\(Int.max), 2]"]) {
            _ = try Tensor([1, 2]).reshaped([Int.max, 2])
        }
        expectSynapseError(.invalidArgument, mentioning: ["reshape"]) {
            _ = try Tensor([1, 2]).reshaped([-1, 1 << 62, 4])
        }
    }

    /// A shape within Int's range but far beyond any memory is refused instead of allocated.
    @Test func shapesBeyondTheBoundThrow() {
        var generator = RandomGenerator(seed: 3)
        expectSynapseError(.invalidArgument, mentioning: ["[1048576, 1048576]", "more than 2147483648 values"]) {
            _ = try Tensor(shape: [1 << 20, 1 << 20], repeating: 1)
        }
        expectSynapseError(.invalidArgument, mentioning: ["more than 2147483648 values"]) {
            _ = try Initializer.glorotUniform.makeTensor([1, Int.max], generator: &generator)
        }
    }

    /// Zero-sized shapes stay legal, whatever their other dimensions (within the bound).
    @Test func emptyShapesAreStillAccepted() throws {
        #expect(try Tensor.zeros([0, 1 << 30]).shape == [0, 1 << 30])
        #expect(try Tensor(shape: [1 << 15, 0, 1 << 16], scalars: []).count == 0)
    }
}
