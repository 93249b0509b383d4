/// The activations a fused recurrent cell kernel applies sixteen lanes at a time, each with its
/// derivative written in terms of its output (so that backward needs only the saved gate values).
protocol CellActivationKernel {
    static func value(_ x: SIMD16<Float>) -> SIMD16<Float>
    /// f′(x) from y = f(x).
    static func derivative(output y: SIMD16<Float>) -> SIMD16<Float>
}

enum SigmoidCellActivation: CellActivationKernel {
    @inline(__always) static func value(_ x: SIMD16<Float>) -> SIMD16<Float> { VectorMath.sigmoid(x) }
    @inline(__always) static func derivative(output y: SIMD16<Float>) -> SIMD16<Float> { y * (1 - y) }
}

enum TanhCellActivation: CellActivationKernel {
    @inline(__always) static func value(_ x: SIMD16<Float>) -> SIMD16<Float> { VectorMath.tanh(x) }
    @inline(__always) static func derivative(output y: SIMD16<Float>) -> SIMD16<Float> { 1 - y * y }
}

enum ReLUCellActivation: CellActivationKernel {
    @inline(__always) static func value(_ x: SIMD16<Float>) -> SIMD16<Float> { x.replacing(with: 0, where: x .< 0) }
    @inline(__always) static func derivative(output y: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16<Float>(repeating: 1).replacing(with: 0, where: y .<= 0)
    }
}

enum LinearCellActivation: CellActivationKernel {
    @inline(__always) static func value(_ x: SIMD16<Float>) -> SIMD16<Float> { x }
    @inline(__always) static func derivative(output y: SIMD16<Float>) -> SIMD16<Float> { SIMD16<Float>(repeating: 1) }
}

extension Activation {
    /// The fused-kernel form of this activation, or `nil` for one whose derivative needs its input
    /// (GELU, swish, ELU, leaky ReLU, softplus) or a whole row (softmax): a recurrent layer with such an
    /// activation runs through the tape.
    var cellKernel: (any CellActivationKernel.Type)? {
        switch self {
        case .sigmoid: return SigmoidCellActivation.self
        case .tanh: return TanhCellActivation.self
        case .relu: return ReLUCellActivation.self
        case .linear: return LinearCellActivation.self
        case .softmax, .leakyReLU, .elu, .gelu, .softplus, .swish: return nil
        }
    }
}

/// Loads and stores of `count` (1…16) lanes; the missing lanes read as 0 and are not written.
enum CellLanes {
    typealias Vector = SIMD16<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ count: Int) -> Vector {
        if count == 16 { return VectorMath.load(p) }
        var v = Vector(repeating: 0)
        for j in 0..<count { v[j] = p[j] }
        return v
    }

    @inline(__always)
    static func loadIfPresent(_ p: UnsafePointer<Float>?, _ count: Int) -> Vector {
        guard let p else { return Vector(repeating: 0) }
        return load(p, count)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
        if count == 16 { VectorMath.store(v, p); return }
        for j in 0..<count { p[j] = v[j] }
    }
}
