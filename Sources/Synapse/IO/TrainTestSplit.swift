/// Splits examples and their labels into a training set and a test set, as scikit-learn's
/// `train_test_split` does.
///
/// The test set has `⌈testFraction × n⌉` rows. With `shuffle` (the default) the rows are permuted by a
/// ``RandomGenerator`` seeded with `seed`, so the same seed always gives the same split; without it
/// the test set is the last rows, in order (as Keras's `validation_split` takes them).
///
/// ```swift
/// let (train, test) = try trainTestSplit(x, y, testFraction: 0.2, seed: 42)
/// model.fit(train.x, train.y)
/// ```
///
/// - Parameters:
///   - x: the examples, rows along the first axis.
///   - y: the labels, with as many rows as `x`.
///   - testFraction: the share of rows that go to the test set, strictly between 0 and 1.
///   - seed: seeds the shuffle.
///   - shuffle: whether to permute the rows before splitting.
/// - Throws: ``SynapseError/shapeMismatch(_:)`` if `x` and `y` have different numbers of rows;
///   ``SynapseError/invalidArgument(_:)`` if `testFraction` is outside (0, 1) or leaves either set
///   empty.
public func trainTestSplit(_ x: Tensor, _ y: Tensor, testFraction: Double = 0.2, seed: UInt64 = 0,
                           shuffle: Bool = true) throws -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor)) {
    let rows = try Batches.rowCount(of: x, y, op: "trainTestSplit")
    guard testFraction > 0, testFraction < 1 else {
        throw SynapseError.invalidArgument("trainTestSplit: testFraction must be strictly between 0 and 1, found \(testFraction)")
    }
    let testCount = Int((testFraction * Double(rows)).rounded(.up))
    let trainCount = rows - testCount
    guard testCount >= 1, trainCount >= 1 else {
        throw SynapseError.invalidArgument("trainTestSplit: testFraction \(testFraction) of \(rows) rows gives \(trainCount) training and \(testCount) test rows; both sets need at least one")
    }
    var order = Array(0..<rows)
    if shuffle {
        var generator = RandomGenerator(seed: seed)
        generator.shuffle(&order)
    }
    let trainRows = Array(order[..<trainCount]), testRows = Array(order[trainCount...])
    return ((try x.gatherRows(trainRows), try y.gatherRows(trainRows)),
            (try x.gatherRows(testRows), try y.gatherRows(testRows)))
}
