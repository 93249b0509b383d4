/// Helpers for shapes: counts, validation, axes and numpy-style broadcasting.
enum Shape {
    /// The number of values a tensor of `shape` holds.
    @inline(__always)
    static func count(of shape: [Int]) -> Int {
        var n = 1
        for d in shape { n *= d }
        return n
    }

    /// The most values one tensor, parameter or plan buffer may hold: 2³¹ `Float`s (8 GiB). A size
    /// beyond it is refused with an error rather than attempted (and aborted by the allocator).
    static let maximumCount = 1 << 31

    /// The number of values a tensor of `shape` holds, checked: every dimension must be ≥ 0 and the
    /// product of the non-zero dimensions at most `limit`, so that no product of any of the dimensions
    /// can overflow (not even in a shape that also holds a 0). The one check through which every size
    /// that a user or a file gives goes before anything is multiplied or allocated.
    ///
    /// - Parameters:
    ///   - what: names the shape's owner in the message (`"Tensor.zeros"`, `"dense: kernel"`).
    ///   - limit: the most values allowed; ``maximumCount`` unless the caller indexes with 32 bits.
    /// - Throws: ``SynapseError/invalidArgument(_:)`` naming `what`, the shape and the limit.
    static func checkedCount(_ shape: [Int], what: String, limit: Int = maximumCount) throws -> Int {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw SynapseError.invalidArgument("\(what): dimensions must be ≥ 0, found \(bad) in shape \(shape)")
        }
        var nonZero = 1
        for dimension in shape where dimension != 0 {
            let (product, overflow) = nonZero.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= limit else {
                let most = limit == maximumCount ? ", the most one tensor may hold (8 GiB of Float)" : ""
                throw SynapseError.invalidArgument("\(what): shape \(shape) holds more than \(limit) values\(most)")
            }
            nonZero = product
        }
        return shape.contains(0) ? 0 : nonZero
    }

    /// Normalises an axis that may be negative (counting from the end) and checks it.
    static func normalize(axis: Int, rank: Int, op: String) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else {
            throw SynapseError.invalidArgument("\(op): axis \(axis) is out of range for a tensor of rank \(rank)")
        }
        return a
    }

    /// The shape two operands broadcast to, following numpy's rules.
    static func broadcast(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                throw SynapseError.shapeMismatch("\(op): shapes \(a) and \(b) cannot be broadcast together (dimension \(i): \(da) vs \(db))")
            }
        }
        return result
    }

    /// Row-major strides of `shape`, aligned to `rank` dimensions, with stride 0 where a
    /// dimension of size 1 is broadcast.
    static func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
        let rank = target.count
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let t = i + (rank - shape.count)
            strides[t] = shape[i] == 1 && target[t] != 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }

    /// Splits `shape` around `axis` into (outer, size of axis, inner) counts.
    static func split(_ shape: [Int], at axis: Int) -> (outer: Int, n: Int, inner: Int) {
        let outer = count(of: Array(shape[..<axis]))
        let inner = count(of: Array(shape[(axis + 1)...]))
        return (outer, shape[axis], inner)
    }
}
