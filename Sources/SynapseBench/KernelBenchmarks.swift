import Foundation
import Synapse
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// The core's kernel figures: matmul GFLOP/s against a direct `cblas_sgemm`, ReLU forward+backward
/// and row softmax on a 256×1024 tensor, and one optimizer update of W1's parameter count.
struct KernelBenchmarks {
    let threads: Int

    func run() throws {
        for n in [256, 1024] { try matmul(n) }
        try relu()
        try softmax()
        try optimizerUpdates()
    }

    private func common(_ name: String) -> [String: Any] {
        ["framework": "synapse", "workload": "kernels", "case": name, "threads": threads, "variant": "release"]
    }

    private func matmul(_ n: Int) throws {
        let a = try Tensor.randomUniform([n, n], low: -1, high: 1, seed: 1)
        let b = try Tensor.randomUniform([n, n], low: -1, high: 1, seed: 2)
        let repeats = n <= 256 ? 200 : 20
        let flops = 2 * Double(n) * Double(n) * Double(n)
        // Interleave the two so that machine noise hits both alike.
        var viaTensor: [Double] = [], direct: [Double] = []
        var c = [Float](repeating: 0, count: n * n)
        let av = a.scalars, bv = b.scalars
        for _ in 0..<3 { _ = try a.matmul(b) }
        for _ in 0..<repeats {
            viaTensor.append(try Timing.seconds { _ = try a.matmul(b) })
            direct.append(Timing.seconds {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                            av, Int32(n), bv, Int32(n), 0, &c, Int32(n))
            })
        }
        let t = Timing.percentile(viaTensor, 0.5), d = Timing.percentile(direct, 0.5)
        var fields = common("matmul")
        fields["size"] = "\(n)x\(n)x\(n)"
        fields["gflops"] = round(flops / t / 1e7) / 100
        fields["cblas_gflops"] = round(flops / d / 1e7) / 100
        fields["ratio_to_cblas"] = round(d / t * 1000) / 1000
        printJSON(fields)
    }

    private func relu() throws {
        let x = try Tensor.randomNormal([256, 1024], seed: 3)
        let forward = Timing.median(repeats: 200) { _ = x.relu() }
        let both = try Timing.median(repeats: 100) {
            _ = try valueWithGradient(at: x) { $0.relu().sum() }
        }
        let sumOnly = try Timing.median(repeats: 100) {
            _ = try valueWithGradient(at: x) { $0.sum() }
        }
        var fields = common("relu")
        fields["shape"] = "256x1024"
        fields["forward_us"] = round(forward * 1e7) / 10
        fields["forward_backward_us"] = round(max(0, both - sumOnly) * 1e7) / 10
        printJSON(fields)
    }

    private func softmax() throws {
        let x = try Tensor.randomNormal([256, 1024], seed: 4)
        let forward = try Timing.median(repeats: 200) { _ = try x.softmax(alongAxis: -1) }
        var fields = common("softmax")
        fields["shape"] = "256x1024"
        fields["forward_us"] = round(forward * 1e7) / 10
        printJSON(fields)
    }

    /// One `apply` of each optimizer to a single parameter of 109,514 floats (W1's 784-128-64-10
    /// MLP), the optimizers interleaved so that machine noise hits them alike. The figure includes what
    /// `apply` does besides the update kernel: the gradient's NaN scan and, for AdamW, the weight decay.
    private func optimizerUpdates() throws {
        let n = 109_514
        let cases: [(String, any Optimizer)] = [
            ("adam", Adam()), ("adam_amsgrad", Adam(amsgrad: true)), ("adamw", AdamW()),
            ("sgd", SGD(learningRate: 0.1)), ("sgd_momentum", SGD(learningRate: 0.05, momentum: 0.9)),
            ("sgd_nesterov", SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)),
        ]
        let gradient = try Tensor.randomNormal([n], seed: 6) * 0.01
        var parameters: [Parameter] = []
        for index in cases.indices {
            parameters.append(Parameter(name: "w", value: try Tensor.randomUniform([n], low: -0.1, high: 0.1, seed: UInt64(7 + index))))
            for _ in 0..<3 { try cases[index].1.apply([gradient], to: [parameters[index]]) }
        }
        var samples = [[Double]](repeating: [], count: cases.count)
        for _ in 0..<300 {
            for index in cases.indices {
                samples[index].append(try Timing.seconds { try cases[index].1.apply([gradient], to: [parameters[index]]) })
            }
        }
        for (index, (name, _)) in cases.enumerated() {
            var fields = common("optimizer_update")
            fields["optimizer"] = name
            fields["count"] = n
            fields["apply_us"] = round(Timing.percentile(samples[index], 0.5) * 1e7) / 10
            printJSON(fields)
        }
    }
}
