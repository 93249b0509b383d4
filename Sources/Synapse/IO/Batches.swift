/// The rows of examples and labels in batches of a fixed size, for a training loop.
///
/// Every row appears in exactly one batch; the last batch holds the remainder when the row count is
/// not a multiple of `batchSize`. With `shuffle`, rows are visited in an order fixed by `seed`, so
/// iterating twice gives the same batches — pass a different seed (for example the epoch number)
/// for a new order.
///
/// ```swift
/// for epoch in 0..<10 {
///     for (x, y) in try Batches(x: train.x, y: train.y, batchSize: 32, shuffle: true, seed: UInt64(epoch)) {
///         …
///     }
/// }
/// ```
public struct Batches: Sequence {
    /// The examples, rows along the first axis.
    public let x: Tensor
    /// The labels, with as many rows as `x`.
    public let y: Tensor
    /// The number of rows in each batch but perhaps the last.
    public let batchSize: Int
    /// The order in which rows are visited.
    private let order: [Int]?

    /// Prepares batches of `batchSize` rows of `x` and `y`.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` if `x` and `y` have different numbers of rows;
    ///   ``SynapseError/invalidArgument(_:)`` if `batchSize` is not positive;
    ///   ``SynapseError/invalidData(_:)`` if there are no rows.
    public init(x: Tensor, y: Tensor, batchSize: Int, shuffle: Bool = false, seed: UInt64 = 0) throws {
        let rows = try Batches.rowCount(of: x, y, op: "Batches")
        guard batchSize > 0 else {
            throw SynapseError.invalidArgument("Batches: batchSize must be at least 1, found \(batchSize)")
        }
        guard rows > 0 else {
            throw SynapseError.invalidData("Batches: the data set is empty (x has shape \(x.shape)); expected at least one row")
        }
        self.x = x
        self.y = y
        self.batchSize = batchSize
        if shuffle {
            var order = Array(0..<rows)
            var generator = RandomGenerator(seed: seed)
            generator.shuffle(&order)
            self.order = order
        } else {
            self.order = nil
        }
    }

    /// The number of rows.
    public var rowCount: Int { x.shape[0] }

    /// The number of batches: ⌈rows / batchSize⌉.
    public var count: Int { (rowCount + batchSize - 1) / batchSize }

    /// The batch at a position in `0..<count`, as `(x, y)`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if `position` is outside `0..<count`.
    public func batch(at position: Int) throws -> (x: Tensor, y: Tensor) {
        guard position >= 0 && position < count else {
            throw SynapseError.invalidArgument("Batches: batch \(position) is outside 0..<\(count)")
        }
        return uncheckedBatch(at: position)
    }

    private func uncheckedBatch(at position: Int) -> (x: Tensor, y: Tensor) {
        let start = position * batchSize, end = Swift.min(start + batchSize, rowCount)
        let rows = order.map { Array($0[start..<end]) } ?? Array(start..<end)
        do {
            return (try x.gatherRows(rows), try y.gatherRows(rows))
        } catch {
            preconditionFailure("internal: Batches row indices were checked at creation: \(error)")
        }
    }

    /// The number of rows `x` and `y` share, or an error naming `op`.
    static func rowCount(of x: Tensor, _ y: Tensor, op: String) throws -> Int {
        guard x.rank >= 1, y.rank >= 1 else {
            throw SynapseError.invalidArgument("\(op): x and y need rows along the first axis, found shapes \(x.shape) and \(y.shape)")
        }
        guard x.shape[0] == y.shape[0] else {
            throw SynapseError.shapeMismatch("\(op): x has \(x.shape[0]) rows (shape \(x.shape)) but y has \(y.shape[0]) (shape \(y.shape)); expected the same number")
        }
        return x.shape[0]
    }

    /// Iterates over the batches in order.
    public func makeIterator() -> Iterator { Iterator(batches: self) }

    /// Hands out the batches one after another.
    public struct Iterator: IteratorProtocol {
        private let batches: Batches
        private var position = 0

        fileprivate init(batches: Batches) { self.batches = batches }

        /// The next batch, or nil after the last.
        public mutating func next() -> (x: Tensor, y: Tensor)? {
            guard position < batches.count else { return nil }
            defer { position += 1 }
            return batches.uncheckedBatch(at: position)
        }
    }
}
