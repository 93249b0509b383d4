/// Sums, means, maxima and minima over all values or along one axis.
extension Tensor {
    /// The sum of all values, as a rank-0 tensor.
    public func sum() -> Tensor {
        var result = Tensor(Reductions.sumAll(self))
        if isRecording {
            let shape = self.shape
            result.record("sum", inputs: [self]) { g in
                [Tensor(uncheckedShape: shape, scalars: [Float](repeating: g.scalars[0], count: Shape.count(of: shape)))]
            }
        }
        return result
    }

    /// The sum along `axis` (negative counts from the end), keeping it as size 1 if asked.
    public func sum(alongAxis axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: "sum(alongAxis:)")
        var result = Reductions.sum(self, axis: a)
        let kept = result.shape
        if !keepingDimensions { result.setShapeUnchecked(Tensor.removing(axis: a, from: shape)) }
        if isRecording {
            let shape = self.shape
            result.record("sum(axis)", inputs: [self]) { g in
                var expanded = g
                expanded.setShapeUnchecked(kept)
                return [BinaryKernels.apply(AddFunction.self, expanded, Tensor.zerosUnchecked(shape), shape: shape)]
            }
        }
        return result
    }

    /// The mean of all values, as a rank-0 tensor.
    public func mean() -> Tensor {
        sum() * (1 / Float(Swift.max(count, 1)))
    }

    /// The mean along `axis`, keeping it as size 1 if asked.
    public func mean(alongAxis axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: "mean(alongAxis:)")
        return try sum(alongAxis: a, keepingDimensions: keepingDimensions) * (1 / Float(Swift.max(shape[a], 1)))
    }

    /// The largest value, as a rank-0 tensor. The gradient goes to the first largest element.
    public func max() throws -> Tensor { try extreme(largest: true, op: "max()") }

    /// The smallest value, as a rank-0 tensor. The gradient goes to the first smallest element.
    public func min() throws -> Tensor { try extreme(largest: false, op: "min()") }

    /// The largest values along `axis`.
    public func max(alongAxis axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        try extreme(alongAxis: axis, keepingDimensions: keepingDimensions, largest: true, op: "max(alongAxis:)")
    }

    /// The smallest values along `axis`.
    public func min(alongAxis axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        try extreme(alongAxis: axis, keepingDimensions: keepingDimensions, largest: false, op: "min(alongAxis:)")
    }

    /// The index of the largest value along `axis` (the first, on ties), as integers.
    public func argmax(alongAxis axis: Int = -1) throws -> [Int] {
        guard rank > 0 else { throw SynapseError.invalidArgument("argmax: a rank-0 tensor has no axis") }
        let a = try Shape.normalize(axis: axis, rank: rank, op: "argmax")
        guard shape[a] > 0 else { throw SynapseError.invalidArgument("argmax: axis \(axis) of shape \(shape) is empty") }
        return Reductions.extreme(self, axis: a, largest: true).indices.map { Int($0) }
    }

    /// The index of the largest value along `axis`, as a tensor of the reduced shape.
    public func argmaxTensor(alongAxis axis: Int = -1) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: Swift.max(rank, 1), op: "argmax")
        let indices = try argmax(alongAxis: a)
        return Tensor(uncheckedShape: Tensor.removing(axis: a, from: shape), scalars: indices.map(Float.init))
    }

    private func extreme(largest: Bool, op: String) throws -> Tensor {
        guard count > 0 else { throw SynapseError.invalidArgument("\(op): the tensor is empty") }
        // Flattened differentiably, so that the gradient comes back in the input's shape.
        let flat = try reshaped([count])
        return try flat.extreme(alongAxis: 0, keepingDimensions: false, largest: largest, op: op)
    }

    private func extreme(alongAxis axis: Int, keepingDimensions: Bool, largest: Bool, op: String) throws -> Tensor {
        let a = try Shape.normalize(axis: axis, rank: rank, op: op)
        guard shape[a] > 0 else { throw SynapseError.invalidArgument("\(op): axis \(axis) of shape \(shape) is empty") }
        var (result, indices) = Reductions.extreme(self, axis: a, largest: largest)
        if !keepingDimensions { result.setShapeUnchecked(Tensor.removing(axis: a, from: shape)) }
        if isRecording {
            let shape = self.shape
            result.record(largest ? "max" : "min", inputs: [self]) { g in
                let (outer, n, inner) = Shape.split(shape, at: a)
                let gradient = Tensor.build(shape: shape) { out in
                    out.initialize(repeating: 0)
                    for r in 0..<outer {
                        for j in 0..<inner {
                            let k = Int(indices[r * inner + j])
                            out[(r * n + k) * inner + j] = g.scalars[r * inner + j]
                        }
                    }
                }
                return [gradient]
            }
        }
        return result
    }

    static func removing(axis: Int, from shape: [Int]) -> [Int] {
        var s = shape
        s.remove(at: axis)
        return s
    }

    static func zerosUnchecked(_ shape: [Int]) -> Tensor {
        Tensor(uncheckedShape: shape, scalars: [Float](repeating: 0, count: Shape.count(of: shape)))
    }
}
