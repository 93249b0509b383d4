/// Which rows each batch of `fit` trains on: passes over the data in an order shuffled per pass
/// (seeded by the model's seed and the epoch the pass starts in), cut into batches, and epochs of
/// `stepsPerEpoch` batches that go on where the last epoch stopped — one pass per epoch by default.
struct EpochSchedule {
    let rows: Int
    /// Rows per batch (at most the number of rows: a larger batch takes all of them, as in Keras).
    let batchSize: Int
    /// Batches in one pass over the data (the last one partial).
    let batchesPerPass: Int
    /// Batches per epoch.
    let stepsPerEpoch: Int
    private let shuffle: Bool
    private let seed: UInt64
    private var order: [Int]
    /// The next batch of the current pass; `nil` before a pass has begun.
    private var nextBatchIndex: Int?

    init(rows: Int, batchSize: Int, stepsPerEpoch: Int?, shuffle: Bool, seed: UInt64) {
        self.rows = rows
        self.batchSize = min(batchSize, max(rows, 1))
        batchesPerPass = (rows + self.batchSize - 1) / self.batchSize
        self.stepsPerEpoch = stepsPerEpoch ?? batchesPerPass
        self.shuffle = shuffle
        self.seed = seed
        order = Array(0..<rows)
    }

    /// The rows of the next batch in `epoch`, or `nil` when the current pass has no batch left (the
    /// epoch then ends, and the next one starts a new pass).
    mutating func nextBatch(epoch: Int) -> ArraySlice<Int>? {
        if nextBatchIndex == nil {
            nextBatchIndex = 0
            if shuffle {
                order = Array(0..<rows)
                var generator = RandomGenerator(seed: seed ^ (0xD1B5_4A32_D192_ED03 &* UInt64(epoch + 1)))
                generator.shuffle(&order)
            }
        }
        guard let index = nextBatchIndex, index < batchesPerPass else { return nil }
        nextBatchIndex = index + 1
        return order[(index * batchSize)..<min((index + 1) * batchSize, rows)]
    }

    /// Ends an epoch: a pass that has no batch left is over.
    mutating func epochDidEnd() {
        if let index = nextBatchIndex, index >= batchesPerPass { nextBatchIndex = nil }
    }
}
