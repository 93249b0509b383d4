/// The kernels of ``Embedding``: rows of a table looked up by index, and their gradient added back
/// (scattered) into the rows that were read. Indices arrive as `Float`s.
enum EmbeddingKernels {
    /// The first of `count` indices that is not a whole number in `0..<rows`, if any, with its position.
    static func firstInvalidIndex(_ indices: UnsafePointer<Float>, count: Int, rows: Int) -> (position: Int, value: Float)? {
        // NaN fails every comparison, so it is invalid too.
        for i in 0..<count where !isValid(indices[i], rows: rows) { return (i, indices[i]) }
        return nil
    }

    /// Whether `value` is a whole number in `0..<rows`.
    @inline(__always)
    static func isValid(_ value: Float, rows: Int) -> Bool {
        value >= 0 && value < Float(rows) && value == value.rounded(.towardZero)
    }

    /// `output[i, :] = table[indices[i], :]` for `count` indices into a table of `rows × width`; a row
    /// whose index is invalid (which the layer's check refuses before this runs) is NaN, never read
    /// out of bounds.
    static func lookup(_ indices: UnsafePointer<Float>, count: Int, table: UnsafePointer<Float>, rows: Int, width: Int,
                       into output: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let index = indices[i]
            if isValid(index, rows: rows) {
                (output + i * width).update(from: table + Int(index) * width, count: width)
            } else {
                (output + i * width).update(repeating: .nan, count: width)
            }
        }
    }

    /// `tableGradient[indices[i], :] += gradient[i, :]` (after zeroing the table's `rows` when not
    /// accumulating): an index read twice receives both contributions.
    static func scatterAdd(_ gradient: UnsafePointer<Float>, indices: UnsafePointer<Float>, count: Int, width: Int,
                           into tableGradient: UnsafeMutablePointer<Float>, rows: Int, accumulate: Bool) {
        if !accumulate { tableGradient.update(repeating: 0, count: rows * width) }
        for i in 0..<count where isValid(indices[i], rows: rows) {
            VectorMath.add(gradient + i * width, into: tableGradient + Int(indices[i]) * width, count: width)
        }
    }
}
