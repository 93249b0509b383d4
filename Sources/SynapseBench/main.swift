// synapse-bench: fixed workloads, one JSON line each.
//
//   swift run -c release synapse-bench                       # the kernel cases
//   swift run -c release synapse-bench --workload kernels --threads 1
//   swift run -c release synapse-bench --workload conv --threads 1     # W3's convolutions alone
//   swift run -c release synapse-bench --workload W1 --threads 1      # W1, W1-sgd, W1-custom, W2, W3, W4, W4b, W5, W6, W7, W7-chain
import Foundation
import Synapse

struct Arguments {
    var workload = "kernels"
    var threads = 1

    init(_ argv: [String]) throws {
        var i = 1
        while i < argv.count {
            let flag = argv[i]
            guard i + 1 < argv.count else { throw SynapseError.invalidArgument("missing value after \(flag)") }
            let value = argv[i + 1]
            switch flag {
            case "--workload": workload = value
            case "--threads":
                guard let n = Int(value), n >= 1 else { throw SynapseError.invalidArgument("--threads expects a positive integer, found \(value)") }
                threads = n
            default: throw SynapseError.invalidArgument("unknown option \(flag) (expected --workload or --threads)")
            }
            i += 2
        }
    }
}

do {
    let arguments = try Arguments(CommandLine.arguments)
    Parallel.setThreadCount(arguments.threads)
    switch arguments.workload {
    case "kernels": try KernelBenchmarks(threads: arguments.threads).run()
    case "conv": try KernelBenchmarks(threads: arguments.threads).convolutions()
    case "W1", "W1-sgd", "W1-custom", "W2", "W3", "W4", "W4b", "W5", "W6", "W7", "W7-chain": try TrainingBenchmarks(workload: arguments.workload, threads: arguments.threads).run()
    default: throw SynapseError.invalidArgument("unknown workload \(arguments.workload) (expected: kernels, conv, W1, W1-sgd, W1-custom, W2, W3, W4, W4b, W5, W6, W7, W7-chain)")
    }
} catch {
    FileHandle.standardError.write(Data("synapse-bench: \(error)\n".utf8))
    exit(2)
}
