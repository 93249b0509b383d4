/// Gathering values by flat index: the one differentiable op from which windows, patches, paddings
/// and crops are made (the tape forms of the convolution, pooling and reshaping layers).
extension Tensor {
    /// A tensor of `shape` whose value `i` is this tensor's value at flat (row-major) index
    /// `indices[i]`, or 0 where `indices[i]` is −1 (a padded position). An index may repeat; the
    /// gradient adds up over every position that read a value.
    ///
    /// ```swift
    /// let x = Tensor([1, 2, 3])
    /// let padded = try x.gathering(flatIndices: [-1, 0, 1, 2, -1], shape: [5])   // [0, 1, 2, 3, 0]
    /// ```
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` when `indices` does not hold one index per value
    ///   of `shape`, ``SynapseError/invalidArgument(_:)`` for an index outside −1..<count.
    public func gathering(flatIndices indices: [Int], shape newShape: [Int]) throws -> Tensor {
        let expected = try Shape.checkedCount(newShape, what: "gathering")
        guard indices.count == expected else {
            throw SynapseError.shapeMismatch("gathering: expected \(expected) indices for shape \(newShape), found \(indices.count)")
        }
        let sourceCount = count
        if let bad = indices.first(where: { $0 < -1 || $0 >= sourceCount }) {
            throw SynapseError.invalidArgument("gathering: index \(bad) is outside −1..<\(sourceCount) for a tensor of shape \(shape)")
        }
        var result = Tensor.build(shape: newShape) { out in
            withUnsafeBufferPointer { source in
                for (i, index) in indices.enumerated() { out[i] = index < 0 ? 0 : source[index] }
            }
        }
        if isRecording {
            let original = shape
            result.record("gathering", inputs: [self]) { g in
                let gradient = Tensor.build(shape: original) { out in
                    out.initialize(repeating: 0)
                    g.withUnsafeBufferPointer { upstream in
                        for (i, index) in indices.enumerated() where index >= 0 { out[index] += upstream[i] }
                    }
                }
                return [gradient]
            }
        }
        return result
    }
}
