import CMPIShim
import COpenMPI
import Foundation
import Synapse

/// Data-parallel training over Open MPI: a ``DistributionStrategy`` whose ranks are the processes
/// of an `mpirun` job (on one machine or many).
///
/// ```swift
/// let strategy = try MPIDataParallel()
/// let history = try model.fit(x, y, epochs: 5, batchSize: 64, strategy: strategy)
/// ```
///
/// Run the program as `mpirun -np 2 program` (add `--oversubscribe` when there are more ranks than
/// cores, and `--allow-run-as-root` as root). Every rank loads the same data and builds the same
/// model; rank 0's weights and optimizer state are broadcast at the start, each rank trains on its
/// slice of every global batch, and the gradients are summed with `MPI_Iallreduce`.
///
/// Failures never hang the job: MPI errors are returned (`MPI_ERRORS_RETURN`) and thrown as
/// ``SynapseError/invalidState(_:)``; an error that ends `fit` on one rank after training began
/// aborts the whole job (`MPI_Abort`, exit status 1) with the error on standard error; and a
/// collective call that has not completed within ``timeout`` seconds (a rank died or hangs) aborts it
/// too. MPI is initialised by the first strategy made and finalised when the process exits.
public final class MPIDataParallel: DistributionStrategy {
    /// This process's rank in `MPI_COMM_WORLD`.
    public let rank: Int
    /// The number of ranks in `MPI_COMM_WORLD`.
    public let worldSize: Int
    /// Seconds a collective call may wait for the other ranks before the job is aborted.
    public let timeout: Double
    private let communicator: MPI_Comm

    /// Initialises MPI (once per process) and joins `MPI_COMM_WORLD`.
    ///
    /// - Parameter timeout: seconds one collective call (a broadcast or an all-reduce) may wait for
    ///   the other ranks before the job is aborted: longer than the slowest step of one rank alone
    ///   (validation, a checkpoint written by rank 0).
    /// - Throws: ``SynapseError/invalidArgument(_:)`` for a timeout that is not positive;
    ///   ``SynapseError/invalidState(_:)`` when MPI cannot be initialised.
    public init(timeout: Double = 60) throws {
        guard timeout > 0, timeout.isFinite else {
            throw SynapseError.invalidArgument("MPIDataParallel: timeout must be a positive number of seconds, found \(timeout)")
        }
        self.timeout = timeout
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            var provided: Int32 = 0
            let status = MPI_Init_thread(nil, nil, synapse_mpi_thread_funneled(), &provided)
            guard status == synapse_mpi_success() else {
                throw SynapseError.invalidState("MPIDataParallel: MPI_Init_thread failed (\(MPIDataParallel.describe(status)))")
            }
            atexit {
                var finalized: Int32 = 0
                MPI_Finalized(&finalized)
                if finalized == 0 { MPI_Finalize() }
            }
        }
        communicator = synapse_mpi_comm_world()
        MPI_Comm_set_errhandler(communicator, synapse_mpi_errors_return())
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(communicator, &rank)
        MPI_Comm_size(communicator, &size)
        self.rank = Int(rank)
        worldSize = Int(size)
    }

    /// Broadcasts `buffer` from `root` (`MPI_Ibcast` of bytes, waited for at most ``timeout``).
    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, from root: Int) throws {
        try inChunks(of: buffer.count) { offset, count in
            var request: MPI_Request? = synapse_mpi_request_null()
            try check(MPI_Ibcast(buffer.baseAddress! + offset, count, synapse_mpi_byte(), Int32(root), communicator, &request),
                      "MPI_Ibcast")
            try wait(&request, "MPI_Ibcast")
        }
    }

    /// Sums `values` over the ranks in place (`MPI_Iallreduce`, waited for at most ``timeout``).
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        try allReduceSum(UnsafeMutableRawPointer(values.baseAddress), count: values.count, type: synapse_mpi_float(), width: 4)
    }

    /// Sums `values` over the ranks in place (`MPI_Iallreduce`, waited for at most ``timeout``).
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        try allReduceSum(UnsafeMutableRawPointer(values.baseAddress), count: values.count, type: synapse_mpi_double(), width: 8)
    }

    /// Prints `error` on standard error and aborts every rank of the job (`MPI_Abort`, status 1):
    /// the other ranks may be waiting for this one in a collective call.
    public func trainingFailed(_ error: any Error) {
        abortJob("\(error)")
    }

    private func allReduceSum(_ base: UnsafeMutableRawPointer?, count: Int, type: MPI_Datatype, width: Int) throws {
        guard let base else { return }
        try inChunks(of: count) { offset, chunk in
            var request: MPI_Request? = synapse_mpi_request_null()
            try check(MPI_Iallreduce(synapse_mpi_in_place(), base + offset * width, chunk, type, synapse_mpi_sum(),
                                     communicator, &request), "MPI_Iallreduce")
            try wait(&request, "MPI_Iallreduce")
        }
    }

    /// Calls `body` on pieces of at most 2³⁰ elements (MPI counts are 32-bit); an empty buffer makes one
    /// call of count 0, so that every rank takes part in the same collective calls.
    private func inChunks(of count: Int, _ body: (_ offset: Int, _ count: Int32) throws -> Void) throws {
        let chunk = 1 << 30
        var offset = 0
        repeat {
            try body(offset, Int32(min(chunk, count - offset)))
            offset += chunk
        } while offset < count
    }

    /// Waits for `request`, polling `MPI_Test` (which is also what moves a non-blocking collective
    /// forward): back to back for the first half second — a step's all-reduce is usually quick, and a
    /// large one needs many polls — then every millisecond; past ``timeout`` the job is aborted.
    private func wait(_ request: inout MPI_Request?, _ operation: String) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        var done: Int32 = 0
        var polls = 0
        while true {
            try check(MPI_Test(&request, &done, synapse_mpi_status_ignore()), operation)
            if done != 0 { return }
            polls += 1
            guard polls % 256 == 0 else { continue }
            let waited = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if waited > timeout {
                abortJob("\(operation) did not complete within \(timeout) s: another rank has died, failed or hangs")
            }
            if waited > 0.5 { usleep(1_000) } else { sched_yield() }
        }
    }

    private func check(_ status: Int32, _ operation: String) throws {
        guard status != synapse_mpi_success() else { return }
        throw SynapseError.invalidState("MPIDataParallel: \(operation) failed on rank \(rank) of \(worldSize): \(MPIDataParallel.describe(status))")
    }

    private func abortJob(_ message: String) -> Never {
        FileHandle.standardError.write(Data("synapse-distributed: rank \(rank) of \(worldSize): \(message); aborting the job\n".utf8))
        MPI_Abort(communicator, 1)
        exit(1)
    }

    /// MPI's message for an error code.
    private static func describe(_ status: Int32) -> String {
        var text = [CChar](repeating: 0, count: Int(synapse_mpi_max_error_string()) + 1)
        var length: Int32 = 0
        guard MPI_Error_string(status, &text, &length) == synapse_mpi_success() else { return "MPI error \(status)" }
        return String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
