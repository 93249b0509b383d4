import Synapse
import Testing

@Suite("Gradient checks: elementwise functions")
struct UnaryOpGradientTests {
    let shape = [3, 4]

    @Test func exponential() throws {
        let x = try uniformTensor(shape, seed: 21)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].exp()) }
    }

    @Test func logarithm() throws {
        let x = try uniformTensor(shape, low: 0.5, high: 2, seed: 22)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].log()) }
    }

    @Test func squareRoot() throws {
        let x = try uniformTensor(shape, low: 0.5, high: 2, seed: 23)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].sqrt()) }
    }

    @Test(arguments: [2, 3, 1, 0, 0.5, -1, -1.5, 2.5] as [Float])
    func power(exponent: Float) throws {
        let x = try uniformTensor(shape, low: 0.5, high: 2, seed: 24)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].pow(exponent)) }
    }

    @Test func squareOfNegativeValues() throws {
        let x = try uniformTensor(shape, low: -2, high: 2, seed: 25)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].pow(2)) }
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].pow(3)) }
    }

    @Test func absoluteValue() throws {
        let x = try awayFromZeroTensor(shape, seed: 26)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].abs()) }
    }

    @Test func clipping() throws {
        // Grid values 0.1 + 0.25k stay at least 0.1 away from the bounds ±0.5; some are clipped.
        let x = try gridTensor(shape, offset: 0.1, seed: 27)
        #expect(x.scalars.contains { $0 > 0.5 } && x.scalars.contains { $0 < -0.5 })
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].clipped(min: -0.5, max: 0.5)) }
    }

    @Test func hyperbolicTangent() throws {
        let x = try uniformTensor(shape, low: -2, high: 2, seed: 28)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].tanh()) }
        let small = try uniformTensor(shape, low: -0.05, high: 0.05, seed: 29)  // the series branch
        try expectGradientsMatch(at: [small], step: 1e-3) { t in try weightedSum(t[0].tanh()) }
    }

    @Test func sigmoid() throws {
        let x = try uniformTensor(shape, low: -3, high: 3, seed: 30)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].sigmoid()) }
    }

    @Test func relu() throws {
        let x = try awayFromZeroTensor(shape, seed: 31)
        try expectGradientsMatch(at: [x]) { t in try weightedSum(t[0].relu()) }
        // Long enough for the sixteen-lane backward kernel and its scalar tail.
        let long = try awayFromZeroTensor([37], seed: 32)
        try expectGradientsMatch(at: [long]) { t in try weightedSum(t[0].relu()) }
    }

    @Test func compositionOfFunctions() throws {
        let x = try uniformTensor(shape, low: 0.5, high: 2, seed: 33)
        try expectGradientsMatch(at: [x]) { t in
            try weightedSum((t[0].sqrt() * t[0].log()).tanh() + t[0].sigmoid().exp() / t[0])
        }
    }
}
