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
        useThreads(m * n * k >= parallelThreshold ? Parallel.threadCount : 1)
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

    /// Products of fewer multiply-adds than this run on one thread: below it a second thread costs
    /// more to wake than it saves (batch-32 MLP shapes gain nothing from it, see KERNELS.md).
    static let parallelThreshold = 8_000_000

    /// The thread count BLAS was last set to (0: not yet set).
    nonisolated(unsafe) private static var currentThreads = 0

    /// Sets BLAS's thread count when it differs from the current one. Called from the thread that
    /// runs the model; kernels split across cores never call BLAS.
    @inline(__always)
    private static func useThreads(_ count: Int) {
        guard count != currentThreads else { return }
        currentThreads = count
        #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(count))
        #endif
    }

    /// Sets how many threads BLAS may use for large products (OpenBLAS only; Accelerate manages its
    /// own threads).
    public static func setThreadCount(_ count: Int) {
        useThreads(max(1, count))
    }
}
