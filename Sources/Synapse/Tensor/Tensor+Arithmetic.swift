/// Elementwise arithmetic with numpy broadcasting, differentiable in every operand.
///
/// Tensor–tensor operators throw ``SynapseError/shapeMismatch(_:)`` when the shapes cannot be
/// broadcast, so one `try` covers a whole expression: `try (a * b + c).sum()`.
extension Tensor {
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, op: "+")
        var result = BinaryKernels.apply(AddFunction.self, lhs, rhs, shape: shape)
        if anyRecording(lhs, rhs) {
            let (ls, rs, lr, rr) = (lhs.shape, rhs.shape, lhs.isRecording, rhs.isRecording)
            result.record("add", inputs: [lhs, rhs]) { g in
                [lr ? BinaryKernels.reduce(g, to: ls) : nil, rr ? BinaryKernels.reduce(g, to: rs) : nil]
            }
        }
        return result
    }

    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, op: "-")
        var result = BinaryKernels.apply(SubtractFunction.self, lhs, rhs, shape: shape)
        if anyRecording(lhs, rhs) {
            let (ls, rs, lr, rr) = (lhs.shape, rhs.shape, lhs.isRecording, rhs.isRecording)
            result.record("subtract", inputs: [lhs, rhs]) { g in
                [lr ? BinaryKernels.reduce(g, to: ls) : nil, rr ? BinaryKernels.reduce(g.negated(), to: rs) : nil]
            }
        }
        return result
    }

    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, op: "*")
        var result = BinaryKernels.apply(MultiplyFunction.self, lhs, rhs, shape: shape)
        if anyRecording(lhs, rhs) {
            let (a, b, lr, rr) = (lhs.detached, rhs.detached, lhs.isRecording, rhs.isRecording)
            result.record("multiply", inputs: [lhs, rhs]) { g in
                [lr ? BinaryKernels.reduce(BinaryKernels.apply(MultiplyFunction.self, g, b, shape: g.shape), to: a.shape) : nil,
                 rr ? BinaryKernels.reduce(BinaryKernels.apply(MultiplyFunction.self, g, a, shape: g.shape), to: b.shape) : nil]
            }
        }
        return result
    }

    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, op: "/")
        var result = BinaryKernels.apply(DivideFunction.self, lhs, rhs, shape: shape)
        if anyRecording(lhs, rhs) {
            let (a, b, lr, rr) = (lhs.detached, rhs.detached, lhs.isRecording, rhs.isRecording)
            let quotient = result
            result.record("divide", inputs: [lhs, rhs]) { g in
                // d(a/b)/da = 1/b;  d(a/b)/db = −(a/b)/b
                let gOverB = BinaryKernels.apply(DivideFunction.self, g, b, shape: g.shape)
                return [lr ? BinaryKernels.reduce(gOverB, to: a.shape) : nil,
                        rr ? BinaryKernels.reduce(BinaryKernels.apply(MultiplyFunction.self, gOverB, quotient, shape: g.shape).negated(), to: b.shape) : nil]
            }
        }
        return result
    }

    /// The elementwise negation.
    public static prefix func - (operand: Tensor) -> Tensor { operand.negated() }

    /// The elementwise negation, differentiable.
    func negated() -> Tensor {
        var result = mapValues { -$0 }
        if isRecording {
            result.record("negate", inputs: [self]) { g in [g.negated()] }
        }
        return result
    }

    // MARK: Scalar operands (never fail)

    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.affine(scale: 1, shift: rhs) }
    public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs.affine(scale: 1, shift: lhs) }
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs.affine(scale: 1, shift: -rhs) }
    public static func - (lhs: Float, rhs: Tensor) -> Tensor { rhs.affine(scale: -1, shift: lhs) }
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.affine(scale: rhs, shift: 0) }
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.affine(scale: lhs, shift: 0) }
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.affine(scale: 1 / rhs, shift: 0) }

    /// `scalar / tensor`, elementwise.
    public static func / (lhs: Float, rhs: Tensor) -> Tensor {
        var result = rhs.mapValues { lhs / $0 }
        if rhs.isRecording {
            let quotient = result, x = rhs.detached
            result.record("scalar divide", inputs: [rhs]) { g in
                // d(c/x)/dx = −(c/x)/x
                [g.zipValues(quotient) { gi, qi in gi * qi }.zipValues(x) { v, xi in -v / xi }]
            }
        }
        return result
    }

    /// `scale · self + shift`, elementwise and differentiable.
    func affine(scale: Float, shift: Float) -> Tensor {
        var result = mapValues { $0 * scale + shift }
        if isRecording {
            result.record("affine", inputs: [self]) { g in [scale == 1 ? g : g.mapValues { $0 * scale }] }
        }
        return result
    }

    /// Adds `other` (same shape) into `self` without recording; used to accumulate gradients.
    mutating func addInPlace(_ other: Tensor) {
        precondition(shape == other.shape, "internal: gradient shapes \(shape) and \(other.shape) differ")
        other.withUnsafeBufferPointer { src in
            withUnsafeMutableBufferPointer { dst in
                for i in 0..<dst.count { dst[i] += src[i] }
            }
        }
    }
}
