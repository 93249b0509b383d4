import Foundation
import Synapse
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// The core's kernel figures: matmul GFLOP/s against a direct `cblas_sgemm`, ReLU forward+backward
/// and row softmax on a 256×1024 tensor, one optimizer update of W1's parameter count, and W3's two
/// convolutions (3×3, valid, relu, batch 64) forward and forward + backward.
struct KernelBenchmarks {
    let threads: Int

    func run() throws {
        for n in [256, 1024] { try matmul(n) }
        try relu()
        try softmax()
        try optimizerUpdates()
        try convolutions()
    }

    /// W3's two convolutions alone (`--workload conv`).
    func convolutions() throws {
        try convolution(input: [13, 13, 32], filters: 64)
        try convolution(input: [28, 28, 1], filters: 32)
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

    /// A `Conv2D(filters, 3×3, valid, relu)` on a batch of 64 samples of `input`, through the public
    /// API: `predict` (forward only) and one `fit` step (forward, MSE loss, backward, SGD update). A
    /// pointwise `Conv2D(1, 1×1)` after it keeps the model's output (and so the loss and the engine's
    /// per-batch copies) small; its own cost is a matrix–vector product each way. The conv's input
    /// gradient (skipped when it sits on the model's input) is timed with a 1×1 convolution in front.
    private func convolution(input: [Int], filters: Int) throws {
        let batch = 64, steps = 8
        func model(withFront: Bool) -> Model {
            Sequential(seed: 0) {
                Input(shape: input)
                if withFront { Conv2D(input[2], kernelSize: 1) }
                Conv2D(filters, kernelSize: 3, activation: .relu)
                Conv2D(1, kernelSize: 1)
            }
        }
        let x = try Tensor.randomUniform([batch * steps] + input, low: 0, high: 1, seed: 8)
        let outputShape = [input[0] - 2, input[1] - 2, 1]
        let y = try Tensor.randomUniform([batch * steps] + outputShape, low: 0, high: 1, seed: 9)
        let first = try x.rows(0..<batch)
        var fields = common("conv2d_3x3")
        fields["input"] = ([batch] + input).map(String.init).joined(separator: "x")
        fields["filters"] = filters
        for withFront in [false, true] {
            let m = model(withFront: withFront)
            try m.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e-4))
            // Steady state: each call compiles its plan once, so the figures are differences between
            // calls of more and fewer batches.
            let predictOne = try Timing.median(repeats: 9) { _ = try m.predict(first, batchSize: batch) }
            let predictAll = try Timing.median(repeats: 9) { _ = try m.predict(x, batchSize: batch) }
            let fitOne = try Timing.median(repeats: 5, warmup: 1) {
                try m.fit(x, y, epochs: 1, batchSize: batch, shuffle: false, verbose: 0)
            }
            let fitFour = try Timing.median(repeats: 5, warmup: 1) {
                try m.fit(x, y, epochs: 4, batchSize: batch, shuffle: false, verbose: 0)
            }
            let step = (fitFour - fitOne) / Double(3 * steps)
            if withFront {
                fields["train_step_with_input_gradient_ms"] = round(step * 1e5) / 100
            } else {
                fields["predict_ms"] = round((predictAll - predictOne) / Double(steps - 1) * 1e5) / 100
                fields["train_step_ms"] = round(step * 1e5) / 100
            }
        }
        printJSON(fields)
    }
}
