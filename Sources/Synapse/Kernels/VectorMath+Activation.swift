/// Activations sixteen lanes at a time, and their derivatives from the pre-activation `z` and the
/// output `y`, for kernels that fuse an activation into a larger pass (the recurrent cells). Sigmoid,
/// tanh, ReLU and linear are vectorised; the other elementwise activations go lane by lane through
/// their scalar definitions. Also loads and stores of the last, partial vector of a row.
extension VectorMath {
    @inline(__always)
    static func activate(_ function: Activation, _ z: Vector) -> Vector {
        switch function {
        case .sigmoid: return sigmoid(z)
        case .tanh: return tanh(z)
        case .linear: return z
        case .relu: return z.replacing(with: 0, where: z .< 0)
        case .leakyReLU, .elu, .gelu, .softplus, .swish, .softmax:
            var y = z
            for lane in 0..<16 { y[lane] = function.scalarValue(z[lane]) }
            return y
        }
    }

    /// The derivative of `function` at `z`, whose value is `y`.
    @inline(__always)
    static func activationDerivative(_ function: Activation, z: Vector, y: Vector) -> Vector {
        switch function {
        case .sigmoid: return y * (1 - y)
        case .tanh: return 1 - y * y
        case .linear: return Vector(repeating: 1)
        case .relu: return Vector(repeating: 1).replacing(with: 0, where: y .<= 0)
        case .leakyReLU, .elu, .gelu, .softplus, .swish, .softmax:
            var d = z
            for lane in 0..<16 { d[lane] = function.scalarDerivative(z[lane], y[lane]) }
            return d
        }
    }

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
