/// An elementwise binary function, applied by ``BinaryKernels`` over broadcast operands.
protocol BinaryFunction {
    static func apply(_ a: Float, _ b: Float) -> Float
}

enum AddFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
enum SubtractFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
enum MultiplyFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
enum DivideFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b } }
enum GreaterFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a > b ? 1 : 0 } }
enum GreaterEqualFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? 1 : 0 } }
enum LessFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a < b ? 1 : 0 } }
enum LessEqualFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? 1 : 0 } }
enum EqualFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a == b ? 1 : 0 } }
enum NotEqualFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a != b ? 1 : 0 } }
enum MaximumFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? a : b } }
enum MinimumFunction: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? a : b } }

/// Elementwise binary kernels with numpy broadcasting.
///
/// Dimensions are first coalesced (adjacent dimensions that are contiguous for both operands merge),
/// so the inner loop is as long as possible; it then runs with operand strides 1 or 0.
enum BinaryKernels {
    /// Applies `F` to `a` and `b` broadcast to `shape`.
    static func apply<F: BinaryFunction>(_: F.Type, _ a: Tensor, _ b: Tensor, shape: [Int]) -> Tensor {
        let count = Shape.count(of: shape)
        if a.shape == b.shape {
            return Tensor.build(shape: shape) { out in
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        let o = out.baseAddress!, x = pa.baseAddress!, y = pb.baseAddress!
                        for i in 0..<count { o[i] = F.apply(x[i], y[i]) }
                    }
                }
            }
        }
        var (dims, sa, sb) = coalesce(shape: shape,
                                      Shape.broadcastStrides(of: a.shape, to: shape),
                                      Shape.broadcastStrides(of: b.shape, to: shape))
        if dims.isEmpty { dims = [1]; sa = [0]; sb = [0] }
        return Tensor.build(shape: shape) { out in
            guard count > 0 else { return }
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    run(F.self, out.baseAddress!, pa.baseAddress!, pb.baseAddress!, dims: dims, sa: sa, sb: sb)
                }
            }
        }
    }

    /// Merges adjacent dimensions whose strides allow treating them as one, and drops size-1 dimensions.
    static func coalesce(shape: [Int], _ sa: [Int], _ sb: [Int]) -> ([Int], [Int], [Int]) {
        var dims: [Int] = [], outA: [Int] = [], outB: [Int] = []
        for i in 0..<shape.count where shape[i] != 1 {
            if let last = dims.last, outA.last! == sa[i] * shape[i], outB.last! == sb[i] * shape[i] {
                dims[dims.count - 1] = last * shape[i]
                outA[outA.count - 1] = sa[i]
                outB[outB.count - 1] = sb[i]
            } else {
                dims.append(shape[i]); outA.append(sa[i]); outB.append(sb[i])
            }
        }
        return (dims, outA, outB)
    }

    private static func run<F: BinaryFunction>(_: F.Type, _ out: UnsafeMutablePointer<Float>,
                                               _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                               dims: [Int], sa: [Int], sb: [Int]) {
        let rank = dims.count
        let inner = dims[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1]
        let outer = dims.count == 1 ? 1 : Shape.count(of: Array(dims[..<(rank - 1)]))
        var index = [Int](repeating: 0, count: max(rank - 1, 1))
        var offA = 0, offB = 0
        var o = out
        for _ in 0..<outer {
            let x = a + offA, y = b + offB
            switch (ia, ib) {
            case (1, 1): for i in 0..<inner { o[i] = F.apply(x[i], y[i]) }
            case (1, 0): let v = y[0]; for i in 0..<inner { o[i] = F.apply(x[i], v) }
            case (0, 1): let v = x[0]; for i in 0..<inner { o[i] = F.apply(v, y[i]) }
            default: let v = F.apply(x[0], y[0]); for i in 0..<inner { o[i] = v }
            }
            o += inner
            // Advance the odometer over the outer dimensions.
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                offA += sa[d]; offB += sb[d]
                if index[d] < dims[d] { break }
                offA -= sa[d] * dims[d]; offB -= sb[d] * dims[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Sums `gradient` (of the broadcast shape) back down to `shape`: the reverse of broadcasting.
    static func reduce(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        if gradient.shape == shape { return gradient }
        let full = gradient.shape
        let rank = full.count
        // Leading dimensions that `shape` lacks, and dimensions where `shape` has 1, are summed.
        var result = gradient
        var axis = 0
        let aligned = [Int](repeating: 1, count: rank - shape.count) + shape
        var keptShape = full
        while axis < rank {
            if aligned[axis] == 1 && full[axis] != 1 {
                result = Reductions.sum(result, axis: axis)
                keptShape[axis] = 1
                result.setShapeUnchecked(keptShape)
            }
            axis += 1
        }
        result.setShapeUnchecked(shape)
        return result
    }
}
