import Foundation

/// The kernels of ``Dense`` and of the loss steps: bias + activation in one pass, activation
/// derivatives applied in place, bias gradients as column sums, the losses fused with their output
/// activation, and regularisation penalties. All work on row-major `[rows, columns]` buffers.
enum DenseKernels {
    typealias Vector = SIMD16<Float>

    /// `z += bias` (row by row) and `a = activation(z)`; `z` keeps the pre-activation values.
    static func biasActivationForward(_ z: UnsafeMutablePointer<Float>, _ a: UnsafeMutablePointer<Float>,
                                      rows: Int, columns: Int, bias: UnsafePointer<Float>?, activation: Activation) {
        if let bias { addBias(z, rows: rows, columns: columns, bias: bias) }
        activationForward(z, a, rows: rows, columns: columns, activation: activation)
    }

    /// `a = activation(z)` over `rows × columns` values (softmax along each row).
    static func activationForward(_ z: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>,
                                  rows: Int, columns: Int, activation: Activation) {
        let n = rows * columns
        switch activation {
        case .linear: a.update(from: z, count: n)
        case .relu: VectorMath.map(z, a, count: n) { $0.replacing(with: 0, where: $0 .< 0) }
        case .sigmoid: VectorMath.map(z, a, count: n) { VectorMath.sigmoid($0) }
        case .tanh: VectorMath.map(z, a, count: n) { VectorMath.tanh($0) }
        case .softmax:
            for r in 0..<rows { SoftmaxKernels.row(z + r * columns, a + r * columns, n: columns, log: false) }
        case .leakyReLU, .elu, .gelu, .softplus, .swish:
            for i in 0..<n { a[i] = activation.scalarValue(z[i]) }
        }
    }

    /// `gradient ← gradient ⊙ activation′`, from the pre-activation `z` and output `a` (in place).
    /// Softmax uses its exact vector–Jacobian product per row.
    static func activationBackward(_ gradient: UnsafeMutablePointer<Float>, z: UnsafePointer<Float>, a: UnsafePointer<Float>,
                                   rows: Int, columns: Int, activation: Activation) {
        let n = rows * columns
        switch activation {
        case .linear:
            return
        case .relu:
            var i = 0
            while i + 16 <= n {
                let g = VectorMath.load(gradient + i)
                VectorMath.store(g.replacing(with: 0, where: VectorMath.load(a + i) .<= 0), gradient + i)
                i += 16
            }
            while i < n { if a[i] <= 0 { gradient[i] = 0 }; i += 1 }
        case .sigmoid:
            for i in 0..<n { gradient[i] *= a[i] * (1 - a[i]) }
        case .tanh:
            for i in 0..<n { gradient[i] *= 1 - a[i] * a[i] }
        case .softmax:
            for r in 0..<rows {
                let g = gradient + r * columns, y = a + r * columns
                var dot: Float = 0
                for j in 0..<columns { dot += g[j] * y[j] }
                for j in 0..<columns { g[j] = y[j] * (g[j] - dot) }
            }
        case .leakyReLU, .elu, .gelu, .softplus, .swish:
            for i in 0..<n { gradient[i] *= activation.scalarDerivative(z[i], a[i]) }
        }
    }

    /// `z += bias`, row by row, in place.
    static func addBias(_ z: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
        for r in 0..<rows { VectorMath.add(bias, into: z + r * columns, count: columns) }
    }

    /// `sums[j] = Σ_r x[r, j]` (or `+=` when accumulating): the bias gradient.
    static func columnSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        if !accumulate { sums.update(repeating: 0, count: columns) }
        for r in 0..<rows { VectorMath.add(x + r * columns, into: sums, count: columns) }
    }

    /// Softmax cross-entropy from logits, fused: writes the probabilities to `probabilities`, the
    /// gradient of the mean loss with respect to the logits, w·(p − y) / rows, to `gradient`, and
    /// returns the mean loss Σ w·loss / rows. `labels` are class indices (`sparse`) or one-hot rows.
    /// `weights`, when given, holds one weight per sample, each sample being `rows / samples`
    /// consecutive rows (a sequence's time steps); without it every weight is 1.
    static func softmaxCrossEntropy(logits: UnsafePointer<Float>, labels: UnsafePointer<Float>, sparse: Bool,
                                    rows: Int, columns: Int, probabilities: UnsafeMutablePointer<Float>,
                                    gradient: UnsafeMutablePointer<Float>?, weights: SampleWeights = .none) -> Float {
        var total: Double = 0
        let meanScale = 1 / Float(rows)
        for r in 0..<rows {
            let weight = weights.weight(ofElement: r, elements: rows)
            let scale = meanScale * weight
            let z = logits + r * columns, p = probabilities + r * columns
            let m = VectorMath.max(z, count: columns)
            VectorMath.map(z, p, count: columns) { VectorMath.exp($0 - m) }
            let s = VectorMath.sum(p, count: columns)
            let logSum = m + Foundation.log(s)
            let inverse = 1 / s
            for j in 0..<columns { p[j] *= inverse }
            if sparse {
                let label = Int(labels[r])
                total += Double(weight) * Double(logSum - z[label])
                if let gradient {
                    let g = gradient + r * columns
                    for j in 0..<columns { g[j] = p[j] * scale }
                    g[label] -= scale
                }
            } else {
                let y = labels + r * columns
                var rowLoss: Float = 0
                for j in 0..<columns where y[j] != 0 { rowLoss += y[j] * (logSum - z[j]) }
                total += Double(weight) * Double(rowLoss)
                if let gradient {
                    let g = gradient + r * columns
                    // d/dz of −Σ y log softmax(z) is softmax(z)·Σy − y.
                    var labelSum: Float = 0
                    for j in 0..<columns { labelSum += y[j] }
                    for j in 0..<columns { g[j] = (p[j] * labelSum - y[j]) * scale }
                }
            }
        }
        return Float(total / Double(rows))
    }

    /// Sigmoid binary cross-entropy from logits, fused: probabilities, the gradient of the mean
    /// (over all values) loss, w·(σ(z) − y) / count, and the mean loss Σ w·loss / count.
    static func sigmoidCrossEntropy(logits: UnsafePointer<Float>, labels: UnsafePointer<Float>, count n: Int,
                                    probabilities: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>?,
                                    weights: SampleWeights = .none) -> Float {
        VectorMath.map(logits, probabilities, count: n) { VectorMath.sigmoid($0) }
        var total: Double = 0
        let meanScale = 1 / Float(n)
        weights.forEachBlock(elements: n) { range, weight in
            let scale = meanScale * weight
            var blockTotal: Double = 0
            for i in range {
                let z = logits[i], y = labels[i]
                blockTotal += Double(Swift.max(z, 0) - z * y + Foundation.log1p(Foundation.exp(-Swift.abs(z))))
                gradient?[i] = (probabilities[i] - y) * scale
            }
            total += Double(weight) * blockTotal
        }
        return Float(total / Double(n))
    }

    /// Mean squared error over all values, Σ w·(p − y)² / count; the gradient with respect to the
    /// predictions is 2w(p − y) / count.
    static func meanSquaredError(predictions: UnsafePointer<Float>, labels: UnsafePointer<Float>, count n: Int,
                                 gradient: UnsafeMutablePointer<Float>?, weights: SampleWeights = .none) -> Float {
        var total: Double = 0
        let meanScale = 2 / Float(n)
        weights.forEachBlock(elements: n) { range, weight in
            let scale = meanScale * weight
            var blockTotal: Double = 0
            for i in range {
                let d = predictions[i] - labels[i]
                blockTotal += Double(d * d)
                gradient?[i] = d * scale
            }
            total += Double(weight) * blockTotal
        }
        return Float(total / Double(n))
    }

    /// The regularisation penalty `l1·Σ|w| + l2·Σw²` of `count` weights; when `gradient` is given, adds
    /// the penalty's gradient `l1·sign(w) + 2·l2·w` to it.
    static func penalty(_ w: UnsafePointer<Float>, count n: Int, l1: Float, l2: Float,
                        gradient: UnsafeMutablePointer<Float>?) -> Float {
        var absolute: Double = 0, squares: Double = 0
        for i in 0..<n {
            let x = w[i]
            absolute += Double(Swift.abs(x))
            squares += Double(x * x)
            if let gradient { gradient[i] += l1 * (x > 0 ? 1 : (x < 0 ? -1 : 0)) + 2 * l2 * x }
        }
        return Float(Double(l1) * absolute + Double(l2) * squares)
    }
}
