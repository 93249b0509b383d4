import Synapse
import Testing

/// Operand shapes for binary ops: equal, and every way of broadcasting one or both.
private let shapePairs: [([Int], [Int])] = [
    ([2, 3], [2, 3]),
    ([2, 3], [3]),
    ([3], [2, 3]),
    ([2, 1], [1, 3]),
    ([3], []),
    ([], [2, 2]),
    ([2, 3, 4], [3, 1]),
    ([3, 1, 1], [3, 2, 2]),
    ([2, 1, 4], [3, 1]),
]

@Suite("Gradient checks: arithmetic")
struct ArithmeticOpGradientTests {
    @Test(arguments: shapePairs)
    func addition(lhs: [Int], rhs: [Int]) throws {
        let a = try uniformTensor(lhs, seed: 1), b = try uniformTensor(rhs, seed: 2)
        try expectGradientsMatch(at: [a, b]) { t in try weightedSum(t[0] + t[1]) }
    }

    @Test(arguments: shapePairs)
    func subtraction(lhs: [Int], rhs: [Int]) throws {
        let a = try uniformTensor(lhs, seed: 3), b = try uniformTensor(rhs, seed: 4)
        try expectGradientsMatch(at: [a, b]) { t in try weightedSum(t[0] - t[1]) }
    }

    @Test(arguments: shapePairs)
    func multiplication(lhs: [Int], rhs: [Int]) throws {
        let a = try uniformTensor(lhs, seed: 5), b = try uniformTensor(rhs, seed: 6)
        try expectGradientsMatch(at: [a, b]) { t in try weightedSum(t[0] * t[1]) }
    }

    @Test(arguments: shapePairs)
    func division(lhs: [Int], rhs: [Int]) throws {
        let a = try uniformTensor(lhs, seed: 7)
        let b = try uniformTensor(rhs, low: 0.5, high: 1.5, seed: 8) * Tensor(-1)  // away from zero
        try expectGradientsMatch(at: [a, b]) { t in try weightedSum(t[0] / t[1]) }
    }

    @Test(arguments: shapePairs)
    func maximumAndMinimum(lhs: [Int], rhs: [Int]) throws {
        // Grids 0.12 apart: no ties within a finite-difference step.
        let a = try gridTensor(lhs, offset: 0, seed: 9), b = try gridTensor(rhs, offset: 0.12, seed: 10)
        try expectGradientsMatch(at: [a, b]) { t in try weightedSum(Tensor.maximum(t[0], t[1])) }
        try expectGradientsMatch(at: [a, b]) { t in try weightedSum(Tensor.minimum(t[0], t[1])) }
    }

    @Test func scalarOperandsAndNegation() throws {
        let x = try awayFromZeroTensor([2, 3], seed: 11)
        let functions: [(Tensor) throws -> Tensor] = [
            { $0 + 2 }, { 2 + $0 }, { $0 - 2 }, { 2 - $0 }, { $0 * 3 }, { 3 * $0 }, { $0 / 4 }, { 4 / $0 }, { -$0 },
        ]
        for function in functions {
            try expectGradientsMatch(at: [x]) { t in try weightedSum(function(t[0])) }
        }
    }

    @Test func anOperandUsedSeveralTimes() throws {
        let x = try uniformTensor([2, 3], seed: 12)
        let y = try uniformTensor([3], low: 0.5, high: 1.5, seed: 13)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0] * t[0] * t[0] - t[0]) }
        try expectGradientsMatch(at: [x, y]) { t in try weightedSum((t[0] + t[1]) * t[0] / t[1] + t[1]) }
    }

    @Test func anOperandThatNeedsNoGradient() throws {
        let x = try uniformTensor([2, 3], low: 0.5, high: 1.5, seed: 14)
        let c = try uniformTensor([3], low: 0.5, high: 1.5, seed: 15)  // a constant, not an input
        let functions: [(Tensor) throws -> Tensor] = [
            { try $0 + c }, { try c - $0 }, { try $0 * c }, { try c * $0 }, { try $0 / c }, { try c / $0 },
        ]
        for function in functions {
            try expectGradientsMatch(at: [x]) { t in try weightedSum(function(t[0])) }
        }
        let g = try gridTensor([2, 3], offset: 0, seed: 16), cg = try gridTensor([3], offset: 0.12, seed: 17)
        try expectGradientsMatch(at: [g]) { t in try weightedSum(Tensor.maximum(cg, t[0])) }
        try expectGradientsMatch(at: [g]) { t in try weightedSum(Tensor.minimum(t[0], cg)) }
    }
}
