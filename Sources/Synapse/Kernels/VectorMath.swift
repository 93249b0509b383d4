import CSynapseKernels
/// Vectorised transcendental functions for the baseline x86-64 target, where a scalar `expf` per
/// element is the bottleneck. Sixteen lanes at a time, no branches, no Int conversions.
enum VectorMath {
    typealias Vector = SIMD16<Float>

    /// e^x, Cephes-style: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 polynomial for e^r, and 2^n built
    /// directly in the exponent bits. Inputs are clamped to [−87.3, 88.3]; relative error ≈ 1.2e-7.
    @inline(__always)
    static func exp(_ input: Vector) -> Vector {
        var x = input.replacing(with: 88.3, where: input .> 88.3)
        x = x.replacing(with: -87.3, where: x .< -87.3)
        // Round x·log2(e) to the nearest integer with the 1.5·2²³ trick: the integer lands in the
        // low mantissa bits of t.
        let magic: Float = 12_582_912
        let t = x * 1.442_695_04 + magic
        let n = t - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Vector = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        p = p * (r * r) + r + 1
        // 2^n: the bits of t are 0x4B40_0000 + n; (n + 127) << 23 is the float 2^n.
        let bits = unsafeBitCast(t, to: SIMD16<UInt32>.self)
        let scale = unsafeBitCast((bits &- 0x4B40_0000 &+ 127) &<< 23, to: Vector.self)
        return p * scale
    }

    /// The logistic function 1 / (1 + e^−x).
    @inline(__always)
    static func sigmoid(_ x: Vector) -> Vector {
        1 / (1 + exp(-x))
    }

    /// tanh(x), from e^−2|x| away from zero and from its Taylor series near zero (where the
    /// other form would lose relative precision).
    @inline(__always)
    static func tanh(_ x: Vector) -> Vector {
        let negative = x .< 0
        let a = x.replacing(with: -x, where: negative)
        let e = exp(-2 * a)
        var y = (1 - e) / (1 + e)
        let a2 = a * a
        var series = a2 * Vector(repeating: -17.0 / 315) + (2.0 / 15)
        series = series * a2 + (-1.0 / 3)
        series = (series * a2 + 1) * a
        y = y.replacing(with: series, where: a .< 0.0625)
        return y.replacing(with: -y, where: negative)
    }

    /// √x for x ≥ 0, vectorised. `SIMD.squareRoot()` is scalarised on the baseline target (one
    /// `sqrtss` and a branch per lane), so this uses the inverse-square-root bit trick refined by three
    /// Newton steps (relative error ≈ 1e-7) and returns x·(1/√x); √0 = 0.
    @inline(__always)
    static func sqrt(_ x: Vector) -> Vector {
        let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self)
        var y = unsafeBitCast(0x5F37_59DF &- (bits &>> 1), to: Vector.self)
        let half = 0.5 * x
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        return x * y
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }

    /// Applies a vector function to `count` values, sixteen at a time, the tail through a padded vector.
    @inline(__always)
    static func map(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int,
                    _ f: (Vector) -> Vector) {
        var i = 0
        while i + 16 <= count {
            store(f(load(input + i)), output + i)
            i += 16
        }
        if i < count {
            var v = Vector(repeating: 0)
            for j in 0..<(count - i) { v[j] = input[i + j] }
            let r = f(v)
            for j in 0..<(count - i) { output[i + j] = r[j] }
        }
    }

    /// The sum of `count` values with sixteen-lane accumulators.
    @inline(__always)
    static func sum(_ input: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = Vector(repeating: 0), acc1 = Vector(repeating: 0)
        var i = 0
        while i + 32 <= count {
            acc0 += load(input + i)
            acc1 += load(input + i + 16)
            i += 32
        }
        while i + 16 <= count {
            acc0 += load(input + i)
            i += 16
        }
        var total = (acc0 + acc1).sum()
        while i < count {
            total += input[i]
            i += 1
        }
        return total
    }

    /// The largest of `count` (≥ 1) values.
    @inline(__always)
    static func max(_ input: UnsafePointer<Float>, count: Int) -> Float {
        var best = input[0]
        var i = 0
        if count >= 16 {
            var acc = load(input)
            i = 16
            while i + 16 <= count {
                let v = load(input + i)
                acc = acc.replacing(with: v, where: v .> acc)
                i += 16
            }
            best = acc.max()
        }
        while i < count {
            if input[i] > best { best = input[i] }
            i += 1
        }
        return best
    }

    /// Whether all `count` values are finite (x − x is 0 for finite x, NaN for ±∞ and NaN); in the C
    /// kernels, at the CPU's full vector width (it runs over every input of fit, evaluate and predict).
    @inline(__always)
    static func allFinite(_ input: UnsafePointer<Float>, count: Int) -> Bool {
        synapse_all_finite(input, count)
    }

    /// Whether any of `count` values is NaN (NaN is the only value unequal to itself); in the C
    /// kernels, at the CPU's full vector width (it runs over every gradient before each update).
    @inline(__always)
    static func containsNaN(_ input: UnsafePointer<Float>, count: Int) -> Bool {
        synapse_contains_nan(input, count)
    }
}
