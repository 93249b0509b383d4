/// Matrix products through BLAS and transposes of the last two axes.
extension Tensor {
    /// The matrix product `op(self) · op(other)`, where `op` transposes the last two axes when asked.
    ///
    /// Supported shapes: `[m, k] · [k, n]`; a batch `[…, m, k] · [k, n]` (leading axes of `self` are
    /// flattened into rows); and batched products `[b…, m, k] · [b…, k, n]` with equal batch axes.
    /// Transposes are passed to `cblas_sgemm` as flags, never materialised.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` naming both shapes when the inner sizes differ.
    public func matmul(_ other: Tensor, transposingSelf transposeA: Bool = false,
                       transposingOther transposeB: Bool = false) throws -> Tensor {
        let description = "matmul: shapes \(shape)\(transposeA ? "ᵀ" : "") and \(other.shape)\(transposeB ? "ᵀ" : "")"
        guard rank >= 2, other.rank >= 2 else {
            throw SynapseError.shapeMismatch("\(description): both operands need rank ≥ 2")
        }
        if rank > 2 && other.rank == 2 && !transposeA {
            let inner = transposeB ? other.shape[1] : other.shape[0]
            guard shape[rank - 1] == inner else {
                throw SynapseError.shapeMismatch("\(description): inner dimensions differ (\(shape[rank - 1]) vs \(inner))")
            }
            let lead = Array(shape.dropLast())
            let flat = try reshaped([Shape.count(of: lead), shape[rank - 1]])
            let product = try flat.matmul(other, transposingOther: transposeB)
            return try product.reshaped(lead + [product.shape[1]])
        }
        guard Array(shape.dropLast(2)) == Array(other.shape.dropLast(2)) else {
            throw SynapseError.shapeMismatch("\(description): batch dimensions differ")
        }
        let k = transposeA ? shape[rank - 2] : shape[rank - 1]
        let k2 = transposeB ? other.shape[other.rank - 1] : other.shape[other.rank - 2]
        guard k == k2 else {
            throw SynapseError.shapeMismatch("\(description): inner dimensions differ (\(k) vs \(k2))")
        }
        var result = Tensor.gemm(self, transposeA, other, transposeB)
        if Tensor.anyRecording(self, other) {
            let (a, b, ra, rb) = (detached, other.detached, isRecording, other.isRecording)
            result.record("matmul", inputs: [self, other]) { g in
                let ga = !ra ? nil : transposeA ? Tensor.gemm(b, transposeB, g, true) : Tensor.gemm(g, false, b, !transposeB)
                let gb = !rb ? nil : transposeB ? Tensor.gemm(g, true, a, transposeA) : Tensor.gemm(a, !transposeA, g, false)
                return [ga, gb]
            }
        }
        return result
    }

    /// `op(a) · op(b)` on validated shapes (equal batch axes, matching inner sizes), not recorded.
    static func gemm(_ a: Tensor, _ transposeA: Bool, _ b: Tensor, _ transposeB: Bool) -> Tensor {
        let r = a.rank
        let m = transposeA ? a.shape[r - 1] : a.shape[r - 2]
        let k = transposeA ? a.shape[r - 2] : a.shape[r - 1]
        let n = transposeB ? b.shape[r - 2] : b.shape[r - 1]
        let batchShape = Array(a.shape.dropLast(2))
        let batches = Shape.count(of: batchShape)
        return Tensor.build(shape: batchShape + [m, n]) { out in
            guard k > 0 else { out.initialize(repeating: 0); return }
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    for batch in 0..<batches {
                        BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                                   a: pa.baseAddress! + batch * m * k, lda: a.shape[r - 1],
                                   b: pb.baseAddress! + batch * k * n, ldb: b.shape[r - 1],
                                   beta: 0, c: out.baseAddress! + batch * m * n, ldc: n)
                    }
                }
            }
        }
    }

    /// The tensor with its last two axes swapped (a matrix transpose, batched over leading axes).
    public func transposed() throws -> Tensor {
        guard rank >= 2 else {
            throw SynapseError.invalidArgument("transposed(): needs rank ≥ 2, found shape \(shape)")
        }
        var result = transposedValues()
        if isRecording {
            result.record("transpose", inputs: [self]) { g in [g.transposedValues()] }
        }
        return result
    }

    private func transposedValues() -> Tensor {
        let rows = shape[rank - 2], columns = shape[rank - 1]
        let batches = count / Swift.max(rows * columns, 1)
        var newShape = shape
        newShape.swapAt(rank - 2, rank - 1)
        return Tensor.build(shape: newShape) { out in
            withUnsafeBufferPointer { src in
                for batch in 0..<batches {
                    let s = src.baseAddress! + batch * rows * columns
                    let o = out.baseAddress! + batch * rows * columns
                    // Blocked so that both sides stay in cache.
                    let block = 32
                    for i0 in stride(from: 0, to: rows, by: block) {
                        for j0 in stride(from: 0, to: columns, by: block) {
                            for i in i0..<Swift.min(i0 + block, rows) {
                                for j in j0..<Swift.min(j0 + block, columns) { o[j * rows + i] = s[i * columns + j] }
                            }
                        }
                    }
                }
            }
        }
    }
}
