#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// The library's only door to BLAS. Every matrix product goes through `cblas_sgemm`, with
/// transpose flags instead of materialised transposes.
public enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` for row-major matrices, where `op` transposes when asked.
    /// `op(A)` is `m × k`, `op(B)` is `k × n` and `C` is `m × n`.
    @inline(__always)
    static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                      alpha: Float, a: UnsafePointer<Float>, lda: Int,
                      b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }

    /// `C = alpha · op(A) · op(B) + beta · C` on buffers; the public entry point used by benchmarks.
    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
                                m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false,
                                alpha: Float = 1, beta: Float = 0) {
        sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
              a: a, lda: transposeA ? m : k, b: b, ldb: transposeB ? k : n, beta: beta, c: c, ldc: n)
    }

    /// Sets how many threads BLAS may use (OpenBLAS only; Accelerate manages its own threads).
    public static func setThreadCount(_ count: Int) {
        #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(max(1, count)))
        #endif
    }
}
