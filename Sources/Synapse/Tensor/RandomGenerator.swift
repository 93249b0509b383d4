import Foundation

/// A seeded, platform-independent pseudo-random generator.
///
/// Algorithm: **xoshiro256\*\*** (Blackman & Vigna, 2018), its 256-bit state filled from the seed by
/// **SplitMix64**. Floats in [0, 1) take the top 24 bits of a 64-bit output, so every value is
/// exactly representable; normal samples use the Box–Muller transform in `Double`, both values of
/// each pair. The same seed gives the same sequence on every platform and Swift version.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareNormal: Double?

    /// Creates a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    @inline(__always)
    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform `Float` in [0, 1).
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform `Float` in [low, high).
    public mutating func nextUniform(low: Float, high: Float) -> Float {
        low + (high - low) * nextUniform()
    }

    /// A sample of the standard normal distribution.
    public mutating func nextNormal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return Float(spare)
        }
        // u1 in (0, 1] so that log(u1) is finite.
        let u1 = Double((next() >> 11) + 1) * (1.0 / 9_007_199_254_740_992.0)
        let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        let radius = (-2.0 * Foundation.log(u1)).squareRoot()
        let angle = 2.0 * Double.pi * u2
        spareNormal = radius * Foundation.sin(angle)
        return Float(radius * Foundation.cos(angle))
    }

    /// A uniform integer in `0..<upperBound` without modulo bias.
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0)
        return Int(next(upperBound: UInt64(upperBound)))
    }

    /// Shuffles `array` in place (Fisher–Yates), reproducibly for a given generator state.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }
}
