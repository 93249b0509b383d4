import Synapse
import Testing

/// Broadcast pairs that exercise each inner-loop case of the binary kernel (both operands
/// contiguous, one or the other repeated, both repeated) and the merging of dimensions.
private let broadcastPairs: [([Int], [Int])] = [
    ([2, 3, 4], [2, 3, 4]),
    ([2, 3, 4], [4]),
    ([2, 3, 4], [2, 3, 1]),
    ([2, 3, 4], [2, 1, 4]),
    ([2, 1, 4], [2, 3, 4]),
    ([1, 3, 1], [2, 1, 4]),
    ([2, 3, 1, 5], [3, 4, 1]),
    ([5, 1], [1, 1, 7]),
    ([1, 1], [3, 1]),
]

@Suite("Broadcasting binary kernel")
struct BinaryKernelTests {
    /// numpy's broadcasting written out index by index.
    func naive(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> (shape: [Int], values: [Float]) {
        let rank = Swift.max(a.rank, b.rank)
        let sa = [Int](repeating: 1, count: rank - a.rank) + a.shape
        let sb = [Int](repeating: 1, count: rank - b.rank) + b.shape
        let shape = zip(sa, sb).map { Swift.max($0, $1) }
        let count = shape.reduce(1, *)
        func offset(_ index: [Int], _ s: [Int]) -> Int {
            zip(index, s).reduce(0) { $0 * $1.1 + ($1.1 == 1 ? 0 : $1.0) }
        }
        let values = (0..<count).map { flat -> Float in
            var index = [Int](repeating: 0, count: rank), rest = flat
            for d in (0..<rank).reversed() { index[d] = rest % shape[d]; rest /= shape[d] }
            return f(a.scalars[offset(index, sa)], b.scalars[offset(index, sb)])
        }
        return (shape, values)
    }

    @Test(arguments: broadcastPairs)
    func agreesWithNaiveBroadcasting(lhs: [Int], rhs: [Int]) throws {
        let a = try uniformTensor(lhs, seed: 121), b = try uniformTensor(rhs, low: 0.5, high: 1.5, seed: 122)
        let cases: [((Tensor, Tensor) throws -> Tensor, (Float, Float) -> Float)] = [
            ({ try $0 + $1 }, +), ({ try $0 - $1 }, -), ({ try $0 * $1 }, *), ({ try $0 / $1 }, /),
            ({ try Tensor.maximum($0, $1) }, { Swift.max($0, $1) }), ({ try $0 .< $1 }, { $0 < $1 ? 1 : 0 }),
        ]
        for (operation, reference) in cases {
            let expected = naive(a, b, reference)
            let forward = try operation(a, b)
            #expect(forward.shape == expected.shape)
            #expect(forward.scalars == expected.values)
            let backward = try operation(b, a)
            #expect(backward.scalars == naive(b, a, reference).values)
        }
    }
}
