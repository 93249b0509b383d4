/// Reshaping, slicing, gathering and concatenation, each differentiable.
extension Tensor {
    /// The same values with a new shape; one dimension may be −1 and is then inferred.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` if the counts differ, or
    ///   ``SynapseError/invalidArgument(_:)`` for more than one −1 or other negative sizes.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let inferred = target.indices.filter { target[$0] == -1 }
        guard inferred.count <= 1, !target.contains(where: { $0 < -1 }) else {
            throw SynapseError.invalidArgument("reshaped: at most one −1 and no other negative sizes allowed, found \(newShape)")
        }
        if let i = inferred.first {
            let known = try Shape.checkedCount(target.enumerated().filter { $0.offset != i }.map(\.element),
                                               what: "reshaped: target \(newShape)")
            guard known > 0, count % known == 0 else {
                throw SynapseError.shapeMismatch("reshaped: cannot reshape \(shape) (\(count) values) to \(newShape)")
            }
            target[i] = count / known
        }
        guard try Shape.checkedCount(target, what: "reshaped: target \(newShape)") == count else {
            throw SynapseError.shapeMismatch("reshaped: cannot reshape \(shape) (\(count) values) to \(newShape)")
        }
        var result = detached
        result.setShapeUnchecked(target)
        if isRecording {
            let original = shape
            result.record("reshape", inputs: [self]) { g in
                var back = g
                back.setShapeUnchecked(original)
                return [back]
            }
        }
        return result
    }

    /// The rows (entries along the first axis) in `range`: a batch slice.
    public func rows(_ range: Range<Int>) throws -> Tensor {
        guard rank >= 1, range.lowerBound >= 0, range.upperBound <= shape[0] else {
            throw SynapseError.invalidArgument("rows(_:): range \(range) is outside the \(rank >= 1 ? shape[0] : 0) rows of shape \(shape)")
        }
        return try gatherRows(Array(range))
    }

    /// The rows at `indices` (along the first axis), in that order; an index may repeat.
    public func gatherRows(_ indices: [Int]) throws -> Tensor {
        guard rank >= 1 else {
            throw SynapseError.invalidArgument("gatherRows: a rank-0 tensor has no rows")
        }
        let rowCount = shape[0]
        if let bad = indices.first(where: { $0 < 0 || $0 >= rowCount }) {
            throw SynapseError.invalidArgument("gatherRows: index \(bad) is outside 0..<\(rowCount) for shape \(shape)")
        }
        let width = rowCount == 0 ? 0 : count / rowCount
        var newShape = shape
        newShape[0] = indices.count
        var result = Tensor.build(shape: newShape) { out in
            withUnsafeBufferPointer { src in
                for (r, index) in indices.enumerated() {
                    (out.baseAddress! + r * width).update(from: src.baseAddress! + index * width, count: width)
                }
            }
        }
        if isRecording {
            let original = shape
            result.record("gatherRows", inputs: [self]) { g in
                let gradient = Tensor.build(shape: original) { out in
                    out.initialize(repeating: 0)
                    g.withUnsafeBufferPointer { pg in
                        for (r, index) in indices.enumerated() {
                            let dst = out.baseAddress! + index * width, src = pg.baseAddress! + r * width
                            for j in 0..<width { dst[j] += src[j] }
                        }
                    }
                }
                return [gradient]
            }
        }
        return result
    }

    /// Joins tensors along `axis`; all other dimensions must match.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw SynapseError.invalidArgument("concatenate: needs at least one tensor")
        }
        let a = try Shape.normalize(axis: axis, rank: first.rank, op: "concatenate")
        for (i, t) in tensors.enumerated() {
            var s1 = t.shape, s0 = first.shape
            guard s1.count == s0.count else {
                throw SynapseError.shapeMismatch("concatenate: tensor 0 has shape \(first.shape) but tensor \(i) has shape \(t.shape)")
            }
            s1[a] = 0; s0[a] = 0
            guard s0 == s1 else {
                throw SynapseError.shapeMismatch("concatenate: tensor 0 has shape \(first.shape) but tensor \(i) has shape \(t.shape); only axis \(a) may differ")
            }
        }
        let sizes = tensors.map { $0.shape[a] }
        var shape = first.shape
        shape[a] = sizes.reduce(0, +)
        let (outer, _, inner) = Shape.split(shape, at: a)
        let total = shape[a]
        var result = Tensor.build(shape: shape) { out in
            var offset = 0
            for (t, size) in zip(tensors, sizes) where size > 0 {
                t.withUnsafeBufferPointer { src in
                    for r in 0..<outer {
                        (out.baseAddress! + (r * total + offset) * inner)
                            .update(from: src.baseAddress! + r * size * inner, count: size * inner)
                    }
                }
                offset += size
            }
        }
        if tensors.contains(where: \.isRecording) {
            let recording = tensors.map(\.isRecording)
            result.record("concatenate", inputs: tensors) { g in
                var offset = 0
                return zip(sizes, recording).map { size, needed in
                    defer { offset += size }
                    guard needed else { return nil }
                    var partShape = shape
                    partShape[a] = size
                    let start = offset
                    return Tensor.build(shape: partShape) { out in
                        g.withUnsafeBufferPointer { src in
                            for r in 0..<outer {
                                (out.baseAddress! + r * size * inner)
                                    .update(from: src.baseAddress! + (r * total + start) * inner, count: size * inner)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The value at a multi-dimensional index.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` for the wrong number of indices or an index out of range.
    public func scalar(at index: [Int]) throws -> Float {
        guard index.count == rank else {
            throw SynapseError.invalidArgument("scalar(at:): shape \(shape) needs \(rank) indices, found \(index.count)")
        }
        var offset = 0
        for (i, d) in zip(index, shape) {
            guard i >= 0 && i < d else {
                throw SynapseError.invalidArgument("scalar(at:): index \(index) is outside shape \(shape)")
            }
            offset = offset * d + i
        }
        return scalars[offset]
    }
}
