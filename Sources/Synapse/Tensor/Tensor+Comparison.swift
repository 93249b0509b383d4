/// Elementwise comparisons producing tensors of 0 and 1, with broadcasting. Not differentiable.
extension Tensor {
    public static func .> (lhs: Tensor, rhs: Tensor) throws -> Tensor { try compare(GreaterFunction.self, lhs, rhs, ".>") }
    public static func .>= (lhs: Tensor, rhs: Tensor) throws -> Tensor { try compare(GreaterEqualFunction.self, lhs, rhs, ".>=") }
    public static func .< (lhs: Tensor, rhs: Tensor) throws -> Tensor { try compare(LessFunction.self, lhs, rhs, ".<") }
    public static func .<= (lhs: Tensor, rhs: Tensor) throws -> Tensor { try compare(LessEqualFunction.self, lhs, rhs, ".<=") }
    public static func .== (lhs: Tensor, rhs: Tensor) throws -> Tensor { try compare(EqualFunction.self, lhs, rhs, ".==") }
    public static func .!= (lhs: Tensor, rhs: Tensor) throws -> Tensor { try compare(NotEqualFunction.self, lhs, rhs, ".!=") }

    public static func .> (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapValues { $0 > rhs ? 1 : 0 } }
    public static func .>= (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapValues { $0 >= rhs ? 1 : 0 } }
    public static func .< (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapValues { $0 < rhs ? 1 : 0 } }
    public static func .<= (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapValues { $0 <= rhs ? 1 : 0 } }
    public static func .== (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapValues { $0 == rhs ? 1 : 0 } }
    public static func .!= (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapValues { $0 != rhs ? 1 : 0 } }

    /// The elementwise maximum of two tensors (broadcast); the gradient goes to the larger operand
    /// (to `lhs` on ties).
    public static func maximum(_ lhs: Tensor, _ rhs: Tensor) throws -> Tensor {
        try select(MaximumFunction.self, GreaterEqualFunction.self, lhs, rhs, "maximum")
    }

    /// The elementwise minimum of two tensors (broadcast); the gradient goes to the smaller operand
    /// (to `lhs` on ties).
    public static func minimum(_ lhs: Tensor, _ rhs: Tensor) throws -> Tensor {
        try select(MinimumFunction.self, LessEqualFunction.self, lhs, rhs, "minimum")
    }

    private static func compare<F: BinaryFunction>(_ f: F.Type, _ lhs: Tensor, _ rhs: Tensor, _ op: String) throws -> Tensor {
        BinaryKernels.apply(f, lhs, rhs, shape: try Shape.broadcast(lhs.shape, rhs.shape, op: op))
    }

    private static func select<F: BinaryFunction, Choose: BinaryFunction>(
        _ f: F.Type, _ chooseLeft: Choose.Type, _ lhs: Tensor, _ rhs: Tensor, _ op: String
    ) throws -> Tensor {
        let shape = try Shape.broadcast(lhs.shape, rhs.shape, op: op)
        var result = BinaryKernels.apply(f, lhs, rhs, shape: shape)
        if anyRecording(lhs, rhs) {
            let mask = BinaryKernels.apply(chooseLeft, lhs, rhs, shape: shape)
            let (ls, rs, lr, rr) = (lhs.shape, rhs.shape, lhs.isRecording, rhs.isRecording)
            result.record(op, inputs: [lhs, rhs]) { g in
                [lr ? BinaryKernels.reduce(g.zipValues(mask, *), to: ls) : nil,
                 rr ? BinaryKernels.reduce(g.zipValues(mask) { gi, m in gi * (1 - m) }, to: rs) : nil]
            }
        }
        return result
    }
}
