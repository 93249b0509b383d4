/// An activation sixteen lanes at a time, with its derivative from the pre-activation `z` and the
/// output `y`, for kernels that fuse activations into a larger pass (the recurrent cells' passes for
/// other activations than Keras's defaults, whose passes are in C). The kernels are generic over it,
/// so that a specialised conformance can be added without touching them; ``AnyLanes`` covers every
/// elementwise activation.
protocol LaneActivation {
    func value(_ z: SIMD16<Float>) -> SIMD16<Float>
    func derivative(z: SIMD16<Float>, y: SIMD16<Float>) -> SIMD16<Float>
}

/// Any elementwise activation, chosen at run time: sigmoid, tanh, ReLU and linear vectorised, the
/// others lane by lane through their scalar definitions (softmax is not elementwise and is refused
/// by the layers before they get here).
struct AnyLanes: LaneActivation {
    let activation: Activation

    @inline(__always) func value(_ z: SIMD16<Float>) -> SIMD16<Float> {
        switch activation {
        case .sigmoid: return VectorMath.sigmoid(z)
        case .tanh: return VectorMath.tanh(z)
        case .linear: return z
        case .relu: return z.replacing(with: 0, where: z .< 0)
        case .leakyReLU, .elu, .gelu, .softplus, .swish, .softmax:
            var y = z
            for lane in 0..<16 { y[lane] = activation.scalarValue(z[lane]) }
            return y
        }
    }

    @inline(__always) func derivative(z: SIMD16<Float>, y: SIMD16<Float>) -> SIMD16<Float> {
        switch activation {
        case .sigmoid: return y * (1 - y)
        case .tanh: return 1 - y * y
        case .linear: return SIMD16(repeating: 1)
        case .relu: return SIMD16<Float>(repeating: 1).replacing(with: 0, where: y .<= 0)
        case .leakyReLU, .elu, .gelu, .softplus, .swish, .softmax:
            var d = z
            for lane in 0..<16 { d[lane] = activation.scalarDerivative(z[lane], y[lane]) }
            return d
        }
    }
}

extension VectorMath {
    /// The first `count` (≤ 16) values at `p`, zeros in the other lanes.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, count: Int) -> Vector {
        if count == 16 { return load(p) }
        var v = Vector(repeating: 0)
        for lane in 0..<count { v[lane] = p[lane] }
        return v
    }

    /// Stores the first `count` (≤ 16) lanes of `v` at `p`.
    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, count: Int) {
        if count == 16 { return store(v, p) }
        for lane in 0..<count { p[lane] = v[lane] }
    }
}
