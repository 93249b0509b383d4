import Synapse
import Testing

@Suite("Seeded random numbers")
struct RandomGeneratorTests {
    @Test func sameSeedGivesTheSameSequence() {
        var g1 = RandomGenerator(seed: 42), g2 = RandomGenerator(seed: 42)
        let bits1 = (0..<100).map { _ in g1.next() }, bits2 = (0..<100).map { _ in g2.next() }
        #expect(bits1 == bits2)
        let uniform1 = (0..<100).map { _ in g1.nextUniform() }, uniform2 = (0..<100).map { _ in g2.nextUniform() }
        #expect(uniform1 == uniform2)
        let normal1 = (0..<101).map { _ in g1.nextNormal() }, normal2 = (0..<101).map { _ in g2.nextNormal() }
        #expect(normal1 == normal2)
    }

    @Test func aCopyContinuesTheSameSequence() {
        var g = RandomGenerator(seed: 7)
        _ = g.next()
        var copy = g
        #expect((0..<10).map { _ in g.next() } == (0..<10).map { _ in copy.next() })
    }

    @Test func differentSeedsGiveDifferentSequences() {
        for (s1, s2) in [(0, 1), (1, 2), (42, 43), (0, UInt64.max)] as [(UInt64, UInt64)] {
            var g1 = RandomGenerator(seed: s1), g2 = RandomGenerator(seed: s2)
            let a = (0..<8).map { _ in g1.next() }, b = (0..<8).map { _ in g2.next() }
            #expect(a != b, "seeds \(s1) and \(s2)")
        }
    }

    @Test func outputsAreNotConstant() {
        var g = RandomGenerator(seed: 0)
        let values = (0..<1000).map { _ in g.next() }
        #expect(Set(values).count == 1000)
    }

    @Test func uniformValuesLieInTheUnitIntervalWithMeanOneHalf() {
        var g = RandomGenerator(seed: 2024)
        let n = 100_000
        var sum = 0.0, low = 0, high = 0, outside = 0
        for _ in 0..<n {
            let u = g.nextUniform()
            if !(u >= 0 && u < 1) { outside += 1 }
            sum += Double(u)
            if u < 0.5 { low += 1 } else { high += 1 }
        }
        // Standard error of the mean is 0.289/√n ≈ 0.0009.
        #expect(outside == 0)
        #expect(Swift.abs(sum / Double(n) - 0.5) < 0.005)
        #expect(Swift.abs(low - high) < 2_000)
    }

    @Test func uniformValuesRespectBounds() {
        var g = RandomGenerator(seed: 3)
        let values = (0..<10_000).map { _ in g.nextUniform(low: -2, high: 3) }
        #expect(values.allSatisfy { $0 >= -2 && $0 < 3 })
        let mean = values.reduce(0, +) / Float(values.count)
        #expect(Swift.abs(mean - 0.5) < 0.1)
        #expect(values.min()! < -1.9 && values.max()! > 2.9)
    }

    @Test func normalValuesHaveMeanZeroAndDeviationOne() {
        var g = RandomGenerator(seed: 99)
        let n = 100_000
        var sum = 0.0, sumSquares = 0.0, withinOne = 0, nonFinite = 0
        for _ in 0..<n {
            let z = Double(g.nextNormal())
            if !z.isFinite { nonFinite += 1 }
            sum += z
            sumSquares += z * z
            if Swift.abs(z) < 1 { withinOne += 1 }
        }
        #expect(nonFinite == 0)
        let mean = sum / Double(n)
        let deviation = (sumSquares / Double(n) - mean * mean).squareRoot()
        #expect(Swift.abs(mean) < 0.02)
        #expect(Swift.abs(deviation - 1) < 0.02)
        // About 68.3% of a normal distribution lies within one standard deviation.
        #expect(Swift.abs(Double(withinOne) / Double(n) - 0.6827) < 0.01)
    }

    @Test func integersBelowABoundCoverTheRange() {
        var g = RandomGenerator(seed: 5)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7_000 {
            counts[g.nextInt(below: 7)] += 1
        }
        #expect(counts.allSatisfy { $0 > 800 && $0 < 1_200 }, "\(counts)")
        #expect(g.nextInt(below: 1) == 0)
    }

    @Test func shuffleIsAReproduciblePermutation() {
        var g1 = RandomGenerator(seed: 8), g2 = RandomGenerator(seed: 8)
        var a = Array(0..<50), b = Array(0..<50)
        g1.shuffle(&a)
        g2.shuffle(&b)
        #expect(a == b)
        #expect(a.sorted() == Array(0..<50))
        #expect(a != Array(0..<50))
        var g3 = RandomGenerator(seed: 9)
        var c = Array(0..<50)
        g3.shuffle(&c)
        #expect(c != a)
        #expect(c.sorted() == Array(0..<50))
        var single = [1]
        g3.shuffle(&single)
        #expect(single == [1])
    }

    @Test func usableWithTheStandardLibrary() {
        var g1 = RandomGenerator(seed: 10), g2 = RandomGenerator(seed: 10)
        #expect(Int.random(in: 0..<1_000_000, using: &g1) == Int.random(in: 0..<1_000_000, using: &g2))
        #expect(Array(0..<20).shuffled(using: &g1) == Array(0..<20).shuffled(using: &g2))
    }

    @Test func seededTensorsAreReproducible() throws {
        #expect(try Tensor.randomUniform([3, 4], seed: 1) == Tensor.randomUniform([3, 4], seed: 1))
        #expect(try Tensor.randomUniform([3, 4], seed: 1) != Tensor.randomUniform([3, 4], seed: 2))
        #expect(try Tensor.randomNormal([5], seed: 1) == Tensor.randomNormal([5], seed: 1))
        var g = RandomGenerator(seed: 1)
        let first = try Tensor.randomUniform([3, 4], generator: &g)
        let second = try Tensor.randomUniform([3, 4], generator: &g)
        #expect(first == (try Tensor.randomUniform([3, 4], seed: 1)))
        #expect(first != second)
    }

    @Test func uniformTensorsRespectBounds() throws {
        let t = try Tensor.randomUniform([100, 100], low: -0.5, high: 0.25, seed: 4)
        #expect(t.shape == [100, 100])
        #expect(t.scalars.allSatisfy { $0 >= -0.5 && $0 < 0.25 })
        #expect(Swift.abs(try t.mean().item() - (-0.125)) < 0.01)
    }

    @Test func normalTensorsHaveTheRequestedMoments() throws {
        let t = try Tensor.randomNormal([200, 100], mean: 3, standardDeviation: 0.5, seed: 12)
        let mean = try t.mean().item()
        let deviation = try (t - Tensor(mean)).pow(2).mean().sqrt().item()
        #expect(Swift.abs(mean - 3) < 0.02)
        #expect(Swift.abs(deviation - 0.5) < 0.02)
    }
}
