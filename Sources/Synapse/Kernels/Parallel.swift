import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits large kernels across cores. Small work runs on the calling thread: waking a second core
/// costs microseconds, so only calls with tens of microseconds of work are split.
public enum Parallel {
    nonisolated(unsafe) private static var threads: Int = defaultThreadCount()

    private static func defaultThreadCount() -> Int {
        max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The number of threads kernels (and BLAS) may use.
    public static var threadCount: Int { threads }

    /// Sets the number of threads for Synapse's kernels and for BLAS. Call before training starts.
    public static func setThreadCount(_ count: Int) {
        threads = max(1, count)
        BLAS.setThreadCount(threads)
    }

    /// Runs `body` over `0..<count`, split into one contiguous chunk per thread when
    /// `count × costPerElement` is large enough to pay for waking other cores.
    ///
    /// - Parameter costPerElement: rough work per element in units of a simple add (an `exp` ≈ 8).
    @inline(__always)
    static func forEachChunk(count: Int, costPerElement: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(threads, max(1, count * costPerElement / 262_144))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // The chunks touch disjoint ranges, and concurrentPerform returns only when all are done.
            nonisolated(unsafe) let run = escapable
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                run(start..<end)
            }
        }
    }
}
