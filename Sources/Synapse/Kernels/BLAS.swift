#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The library's only door to BLAS. Every matrix product goes through `cblas_sgemm`, with
/// transpose flags instead of materialised transposes — or, when one side is a single row or
/// column (predicting one sample, a one-unit output), through `cblas_sgemv`, which OpenBLAS runs
/// several times faster than its small-matrix GEMM for those shapes.
public enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` for row-major matrices, where `op` transposes when asked.
    /// `op(A)` is `m × k`, `op(B)` is `k × n` and `C` is `m × n`.
    @inline(__always)
    static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                      alpha: Float, a: UnsafePointer<Float>, lda: Int,
                      b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        // Products may run on several threads at once (tests do): they hold the read side of a lock,
        // and the thread count only changes under its write side, never during a product.
        pthread_rwlock_rdlock(threadCountLock)
        defer { pthread_rwlock_unlock(threadCountLock) }
        let wanted = m * n * k >= parallelThreshold ? Parallel.threadCount : 1
        if wanted != currentThreads {
            pthread_rwlock_unlock(threadCountLock)
            useThreads(wanted)
            pthread_rwlock_rdlock(threadCountLock)
        }
        if m == 1 {
            // C (1 × n) = op(B)ᵀ · a: a's k values lie `lda` apart when A is transposed.
            cblas_sgemv(CblasRowMajor, transposeB ? CblasNoTrans : CblasTrans,
                        Int32(transposeB ? n : k), Int32(transposeB ? k : n), alpha, b, Int32(ldb),
                        a, Int32(transposeA ? lda : 1), beta, c, 1)
            return
        }
        if n == 1 {
            // C (m × 1) = op(A) · b: b's k values lie `ldb` apart unless B is transposed; C's rows `ldc` apart.
            cblas_sgemv(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                        Int32(transposeA ? k : m), Int32(transposeA ? m : k), alpha, a, Int32(lda),
                        b, Int32(transposeB ? 1 : ldb), beta, c, Int32(ldc))
            return
        }
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

    /// The thread count BLAS was last set to (0: not yet set); written only under the write lock.
    nonisolated(unsafe) private static var currentThreads = 0

    /// Guards changes of BLAS's thread count against products running on other threads.
    nonisolated(unsafe) private static let threadCountLock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
        return lock
    }()

    /// Sets BLAS's thread count (under the write lock) when it differs from the current one.
    private static func useThreads(_ count: Int) {
        pthread_rwlock_wrlock(threadCountLock)
        defer { pthread_rwlock_unlock(threadCountLock) }
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
