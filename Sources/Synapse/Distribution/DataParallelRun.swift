/// What `fit` and `evaluate` do with a ``DistributionStrategy``: the data-parallel steps, each a
/// collective call that every rank makes in the same order.
struct DataParallelRun {
    let strategy: any DistributionStrategy

    /// The positions (0-based) of this rank's contiguous slice of a global batch of `count` rows:
    /// rank r of p takes ⌊r·count/p⌋..<⌊(r+1)·count/p⌋, so slices differ by at most one row and a
    /// batch smaller than p leaves some ranks none.
    func share(of count: Int) -> Range<Int> {
        let (ranks, rank) = (strategy.worldSize, strategy.rank)
        return (rank * count / ranks)..<((rank + 1) * count / ranks)
    }

    /// This rank's slice of the global batch `batch`.
    func localRows(_ batch: ArraySlice<Int>) -> ArraySlice<Int> {
        let share = share(of: batch.count)
        return batch[(batch.startIndex + share.lowerBound)..<(batch.startIndex + share.upperBound)]
    }

    /// This rank's slice of the rows `range`.
    func localRange(_ range: Range<Int>) -> Range<Int> {
        let share = share(of: range.count)
        return (range.lowerBound + share.lowerBound)..<(range.lowerBound + share.upperBound)
    }

    /// The callbacks this rank runs: all of them on the chief, the others skip those that print or
    /// write files.
    func callbacks(_ callbacks: [any Callback]) -> [any Callback] {
        strategy.isChief ? callbacks : callbacks.filter { !$0.runsOnChiefOnly }
    }

    /// Checks that every rank has the same parameters (count and shapes) and data (`rows`,
    /// `batchSize`), throwing the same ``SynapseError/invalidState(_:)`` on every rank if not.
    func checkAgreement(of model: Model, rows: Int, batchSize: Int, operation: String) throws {
        let parameters = model.parameters
        let mine = [Double(parameters.count), Double(parameters.reduce(0) { $0 + $1.count }),
                    Double(DataParallelRun.signature(of: parameters.map(\.shape))), Double(rows), Double(batchSize)]
        var all = [Double](repeating: 0, count: mine.count * strategy.worldSize)
        for (i, value) in mine.enumerated() { all[strategy.rank * mine.count + i] = value }
        try all.withUnsafeMutableBufferPointer { try strategy.allReduceSum($0) }
        let ranks = (0..<strategy.worldSize).map { Array(all[($0 * mine.count)..<(($0 + 1) * mine.count)]) }
        guard let other = ranks.indices.first(where: { ranks[$0] != ranks[0] }) else { return }
        func describe(_ rank: Int) -> String {
            let values = ranks[rank]
            return "rank \(rank) has \(Int(values[0])) parameters (\(Int(values[1])) values, shape signature \(Int(values[2]))) and \(Int(values[3])) rows in batches of \(Int(values[4]))"
        }
        throw SynapseError.invalidState("\(operation): every rank must have the same model and data: \(describe(0)), but \(describe(other))")
    }

    /// A 52-bit FNV-1a hash of the parameter shapes (exact as a `Double`).
    private static func signature(of shapes: [[Int]]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for shape in shapes {
            for dimension in shape + [-1] {
                hash = (hash ^ UInt64(bitPattern: Int64(dimension))) &* 0x0000_0100_0000_01B3
            }
        }
        return hash & ((1 << 52) - 1)
    }

    /// The start of `fit`: the agreement check, then rank 0's parameters and optimizer state
    /// (its iteration count and every state tensor) broadcast to every rank.
    func start(model: Model, optimizer: any Optimizer, rows: Int, batchSize: Int) throws {
        try checkAgreement(of: model, rows: rows, batchSize: batchSize, operation: "fit")
        let parameters = model.parameters
        for parameter in parameters where parameter.count > 0 {
            try strategy.broadcast(UnsafeMutableRawBufferPointer(start: parameter.values, count: parameter.count * 4), from: 0)
        }
        let state = strategy.isChief ? optimizer.stateTensors(for: parameters) : [:]
        let keys = state.keys.sorted()
        // The state's description, one "key<TAB>shape" line per tensor, then the values in that order.
        var description = Array(keys.map { "\($0)\t\(state[$0]!.shape.map(String.init).joined(separator: ","))\n" }.joined().utf8)
        var header: [Int64] = [Int64(optimizer.iterations), Int64(description.count),
                               Int64(keys.reduce(0) { $0 + state[$1]!.count })]
        try header.withUnsafeMutableBytes { try strategy.broadcast($0, from: 0) }
        optimizer.iterations = Int(header[0])
        guard header[1] > 0 else { return }
        description = strategy.isChief ? description : [UInt8](repeating: 0, count: Int(header[1]))
        try description.withUnsafeMutableBytes { try strategy.broadcast($0, from: 0) }
        var values = strategy.isChief ? keys.flatMap { state[$0]!.scalars } : [Float](repeating: 0, count: Int(header[2]))
        try values.withUnsafeMutableBytes { try strategy.broadcast($0, from: 0) }
        guard !strategy.isChief else { return }
        var tensors: [String: Tensor] = [:], offset = 0
        for line in String(decoding: description, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let shape = fields[1].split(separator: ",").compactMap { Int($0) }
            let count = Shape.count(of: shape)
            tensors[String(fields[0])] = try Tensor(shape: shape, scalars: Array(values[offset..<(offset + count)]))
            offset += count
        }
        try optimizer.loadStateTensors(tensors, for: parameters)
    }

    /// The mean losses of the global batch from this rank's means over `localRows` of its `globalRows`.
    func globalLosses(_ local: [Float], localRows: Int, globalRows: Int) throws -> [Float] {
        var sums = local.map { localRows > 0 ? Double($0) * Double(localRows) : 0 }
        try sums.withUnsafeMutableBufferPointer { try strategy.allReduceSum($0) }
        return sums.map { Float($0 / Double(globalRows)) }
    }

    /// Replaces this rank's trainable gradients (the mean over its `localRows`) with the gradient of the
    /// mean over the global batch: Σ over ranks of localRows · gradient / globalRows.
    func averageGradients(_ layout: ParameterLayout, localRows: Int, globalRows: Int) throws {
        let count = layout.trainableBlock.count
        guard count > 0 else { return }
        let gradients = layout.gradients.base
        OptimizerKernels.scale(gradients, into: gradients, count: count, by: Float(localRows) / Float(globalRows))
        try strategy.allReduceSum(UnsafeMutableBufferPointer(start: gradients, count: count))
    }

    /// The global batch's result from this rank's: losses as they are (already global), and the
    /// predictions and labels of every rank, in rank order, for the metrics.
    func gathered(_ local: Model.BatchResult, globalRows: Int, offset: Int) throws -> Model.BatchResult {
        Model.BatchResult(rows: globalRows, loss: local.loss, outputLosses: local.outputLosses,
                          predictions: try local.predictions.map { try gathered($0, globalRows: globalRows, offset: offset) },
                          labels: try local.labels.map { try gathered($0, globalRows: globalRows, offset: offset) })
    }

    /// Every rank's rows of `tensor` in one tensor of `globalRows` rows: each rank writes its rows at
    /// `offset` into zeros, and the sum over ranks puts them all in place.
    private func gathered(_ tensor: Tensor, globalRows: Int, offset: Int) throws -> Tensor {
        let width = Shape.count(of: Array(tensor.shape.dropFirst()))
        var values = [Float](repeating: 0, count: globalRows * width)
        tensor.withUnsafeBufferPointer { source in
            for i in source.indices { values[offset * width + i] = source[i] }
        }
        try values.withUnsafeMutableBufferPointer { try strategy.allReduceSum($0) }
        return try Tensor(shape: [globalRows] + tensor.shape.dropFirst(), scalars: values)
    }

    /// Whether any rank asked to stop.
    func anyRankStops(_ stop: Bool) throws -> Bool {
        var votes = [stop ? 1.0 : 0.0]
        try votes.withUnsafeMutableBufferPointer { try strategy.allReduceSum($0) }
        return votes[0] > 0
    }

    /// Runs `body`; with a `run`, an error it throws is handed to the strategy before it is rethrown.
    static func reportingFailure<R>(to run: DataParallelRun?, _ body: () throws -> R) throws -> R {
        do { return try body() } catch {
            run?.strategy.trainingFailed(error)
            throw error
        }
    }
}
