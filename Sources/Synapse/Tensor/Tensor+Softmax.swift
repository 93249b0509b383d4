/// Softmax and log-softmax, with exact vector–Jacobian products (no Jacobian matrices).
extension Tensor {
    /// softmax along `axis` (default: the last): e^x / Σ e^x, computed stably.
    public func softmax(alongAxis axis: Int = -1) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: "softmax")
        var result = SoftmaxKernels.forward(self, axis: a, log: false)
        if isRecording {
            let y = result
            result.record("softmax", inputs: [self]) { g in
                // dx = y ⊙ (g − Σ(g ⊙ y))
                let gy = g.zipValues(y, *)
                let s = Reductions.sum(gy, axis: a)
                return [BinaryKernels.apply(SubtractFunction.self, g, s, shape: g.shape).zipValues(y, *)]
            }
        }
        return result
    }

    /// log-softmax along `axis`: x − log Σ e^x, computed stably.
    public func logSoftmax(alongAxis axis: Int = -1) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: "logSoftmax")
        var result = SoftmaxKernels.forward(self, axis: a, log: true)
        if isRecording {
            let y = result
            result.record("logSoftmax", inputs: [self]) { g in
                // dx = g − softmax(x) · Σ g
                let s = Reductions.sum(g, axis: a)
                let p = y.mapVectors(costPerElement: 8) { VectorMath.exp($0) }
                return [g.zipValues(BinaryKernels.apply(MultiplyFunction.self, p, s, shape: g.shape), -)]
            }
        }
        return result
    }
}
