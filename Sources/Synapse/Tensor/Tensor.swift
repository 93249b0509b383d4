/// An n-dimensional array of `Float` values, stored contiguously in row-major order.
///
/// `Tensor` has value semantics: copies share storage until one of them is mutated (copy-on-write).
/// Operations on tensors are differentiable: inside `valueWithGradient(at:of:)` (or while a
/// ``Parameter`` is being watched for training) each operation records how to send a gradient back.
/// Outside such a computation nothing is recorded and nothing is paid for it.
///
/// ```swift
/// let a = Tensor([[1, 2], [3, 4]])
/// let b = try a.matmul(a) + 1     // [[8, 11], [16, 23]]
/// ```
public struct Tensor {
    /// The size of each dimension; empty for a scalar.
    public private(set) var shape: [Int]
    /// The values in row-major order.
    public internal(set) var scalars: [Float]
    /// The node that records how this value was computed, when it takes part in a gradient computation.
    var node: GradientNode?

    /// Creates a tensor without checking that `scalars.count` matches `shape` (library use only).
    init(uncheckedShape shape: [Int], scalars: [Float]) {
        precondition(Shape.count(of: shape) == scalars.count, "internal: shape \(shape) holds \(Shape.count(of: shape)) values, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
        self.node = nil
    }

    /// Creates a tensor of the given shape from values in row-major order.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if a dimension is negative or the shape holds
    ///   more than 2³¹ values, or ``SynapseError/shapeMismatch(_:)`` if `scalars.count` is not the
    ///   product of `shape`.
    public init(shape: [Int], scalars: [Float]) throws {
        let expected = try Shape.checkedCount(shape, what: "Tensor(shape:scalars:)")
        guard expected == scalars.count else {
            throw SynapseError.shapeMismatch("Tensor(shape:scalars:): shape \(shape) needs \(expected) values, found \(scalars.count)")
        }
        self.init(uncheckedShape: shape, scalars: scalars)
    }

    /// Creates a rank-0 tensor holding one value.
    public init(_ value: Float) {
        self.init(uncheckedShape: [], scalars: [value])
    }

    /// Creates a rank-1 tensor from values.
    public init(_ values: [Float]) {
        self.init(uncheckedShape: [values.count], scalars: values)
    }

    /// Creates a rank-2 tensor from rows, which must all have the same length.
    ///
    /// Ragged rows are a programming error in a literal, so this initialiser traps on them; use
    /// ``init(rows:)`` to get a thrown ``SynapseError`` instead.
    public init(_ rows: [[Float]]) {
        do { try self.init(rows: rows) } catch { preconditionFailure("\(error)") }
    }

    /// Creates a rank-2 tensor from rows, throwing if they differ in length.
    public init(rows: [[Float]]) throws {
        let columns = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() where row.count != columns {
            throw SynapseError.shapeMismatch("Tensor(rows:): row 0 has \(columns) values but row \(index) has \(row.count)")
        }
        self.init(uncheckedShape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// Creates a rank-3 tensor from nested rows, which must form a regular box.
    public init(_ blocks: [[[Float]]]) {
        let rows = blocks.first?.count ?? 0
        let columns = blocks.first?.first?.count ?? 0
        precondition(blocks.allSatisfy { $0.count == rows && $0.allSatisfy { $0.count == columns } },
                     "Tensor(_:): nested arrays are ragged")
        self.init(uncheckedShape: [blocks.count, rows, columns], scalars: blocks.flatMap { $0.flatMap { $0 } })
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The number of values.
    public var count: Int { scalars.count }

    /// The single value of a tensor holding exactly one value (any rank).
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` if the tensor holds more or fewer than one value.
    public func item() throws -> Float {
        guard scalars.count == 1 else {
            throw SynapseError.shapeMismatch("item(): expected a tensor with one value, found shape \(shape)")
        }
        return scalars[0]
    }

    /// Whether this value takes part in a gradient computation.
    public var isRecording: Bool { node != nil }

    /// This value without its gradient record: operations on it are not differentiated.
    public var detached: Tensor {
        var copy = self
        copy.node = nil
        return copy
    }

    /// Reads the values through a buffer pointer.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }
}

extension Tensor: Equatable {
    /// Two tensors are equal when their shapes and values are equal (gradient records are ignored).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}

extension Tensor {
    /// Builds a tensor of `shape` by letting `body` write all `count` values into uninitialised storage.
    @inline(__always)
    static func build(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let count = Shape.count(of: shape)
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { body(buffer) }
            initialized = count
        }
        return Tensor(uncheckedShape: shape, scalars: values)
    }

    /// Gives mutable access to the values (copying them first if the storage is shared).
    @inline(__always)
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// Keeps the first `rows` entries along the first axis, in place (no copy when the storage is
    /// not shared). Not recorded.
    mutating func keepFirstRows(_ rows: Int) {
        precondition(rank >= 1 && rows >= 0 && rows <= shape[0], "internal: keepFirstRows(\(rows)) of \(shape)")
        let width = shape[0] == 0 ? 0 : count / shape[0]
        scalars.removeSubrange((rows * width)...)
        shape[0] = rows
        node = nil
    }

    /// Changes the shape in place without touching the values (the count must be unchanged).
    mutating func setShapeUnchecked(_ newShape: [Int]) {
        precondition(Shape.count(of: newShape) == scalars.count)
        shape = newShape
    }
}
