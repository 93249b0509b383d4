/// Keras's `ReLU` layer function, value by value: `min(x, maxValue)` above the threshold,
/// `negativeSlope`·(x − threshold) at or below it. The tape and the kernels share these definitions.
struct RectifiedLinearFunction: Sendable {
    let maxValue: Float?
    let negativeSlope: Float
    let threshold: Float

    @inline(__always)
    func value(_ x: Float) -> Float {
        guard x > threshold else { return negativeSlope * (x - threshold) }
        guard let maxValue else { return x }
        return Swift.min(x, maxValue)
    }

    /// d value / dx: 0 at or above `maxValue`, 1 between, `negativeSlope` at or below the threshold.
    @inline(__always)
    func derivative(_ x: Float) -> Float {
        guard x > threshold else { return negativeSlope }
        if let maxValue, x >= maxValue { return 0 }
        return 1
    }
}

/// The loops of the ``ReLU`` layer.
enum RectifiedLinearKernels {
    /// `y = f(x)`.
    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int, function: RectifiedLinearFunction) {
        for i in 0..<n { y[i] = function.value(x[i]) }
    }

    /// `dx = dy ⊙ f′(x)`, or `dx += …` when accumulating.
    static func backward(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, count n: Int,
                         accumulate: Bool, function: RectifiedLinearFunction) {
        if accumulate {
            for i in 0..<n { dx[i] += dy[i] * function.derivative(x[i]) }
        } else {
            for i in 0..<n { dx[i] = dy[i] * function.derivative(x[i]) }
        }
    }
}
