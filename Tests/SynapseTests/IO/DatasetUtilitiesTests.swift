import Synapse
import Testing

@Suite("Dataset utilities")
struct DatasetUtilitiesIOTests {
    @Test func oneHotEncodesClassIndices() throws {
        #expect(try oneHot(labels: Tensor([2, 0, 1]), classCount: 3) == Tensor([[0, 0, 1], [1, 0, 0], [0, 1, 0]]))
        #expect(try oneHot(labels: Tensor([[1], [0]]), classCount: 2) == Tensor([[0, 1], [1, 0]]))
        #expect(try oneHot(labels: Tensor([Float]()), classCount: 4).shape == [0, 4])
        IOTest.expectError(.invalidData, mentioning: ["label 3.0 at row 1", "0..<3"]) {
            _ = try oneHot(labels: Tensor([0, 3]), classCount: 3)
        }
        IOTest.expectError(.invalidData, mentioning: ["label 0.5 at row 0"]) {
            _ = try oneHot(labels: Tensor([0.5]), classCount: 3)
        }
        IOTest.expectError(.invalidData, mentioning: ["label -1.0"]) { _ = try oneHot(labels: Tensor([-1]), classCount: 3) }
        IOTest.expectError(.invalidData, mentioning: ["nan"]) { _ = try oneHot(labels: Tensor([.nan]), classCount: 3) }
        IOTest.expectError(.invalidArgument, mentioning: ["classCount"]) { _ = try oneHot(labels: Tensor([0]), classCount: 0) }
        IOTest.expectError(.shapeMismatch, mentioning: ["[2, 2]"]) {
            _ = try oneHot(labels: Tensor([[0, 1], [1, 0]]), classCount: 2)
        }
    }

    @Test func minMaxScalingPerFeatureAndGlobally() throws {
        let x = Tensor([[1, 10, 5], [3, 30, 5], [2, 20, 5]])
        #expect(try minMaxScaled(x) == Tensor([[0, 0, 0], [1, 1, 0], [0.5, 0.5, 0]]))
        let global = try minMaxScaled(Tensor([[0, 5], [10, 2.5]]), perFeature: false)
        #expect(global == Tensor([[0, 0.5], [1, 0.25]]))

        let scaler = try MinMaxScaler(fittedTo: Tensor([[0, 100], [10, 200]]))
        #expect(scaler.minimums == [0, 100] && scaler.maximums == [10, 200])
        #expect(try scaler.transform(Tensor([[5, 300]])) == Tensor([[0.5, 2]]))
        IOTest.expectError(.shapeMismatch, mentioning: ["2 features", "3"]) { _ = try scaler.transform(Tensor([[1, 2, 3]])) }
        IOTest.expectError(.invalidData, mentioning: ["row 1", "NaN"]) {
            _ = try MinMaxScaler(fittedTo: Tensor([[0, 1], [.nan, 2]]))
        }
        IOTest.expectError(.invalidData, mentioning: ["empty"]) { _ = try minMaxScaled(Tensor([Float]())) }
    }

    @Test func divideByConstant() throws {
        #expect(try scaled(Tensor([0, 51, 255]), dividingBy: 255) == Tensor([0, 0.2, 1]))
        IOTest.expectError(.invalidArgument, mentioning: ["non-zero"]) { _ = try scaled(Tensor([1]), dividingBy: 0) }
        IOTest.expectError(.invalidArgument) { _ = try scaled(Tensor([1]), dividingBy: .infinity) }
    }

    @Test func validateFiniteNamesTheRow() throws {
        try validateFinite(Tensor([[1, 2], [3, 4]]))
        IOTest.expectError(.invalidData, mentioning: ["x:", "row 2", "NaN", "[2, 1]", "[3, 2]"]) {
            try validateFinite(Tensor([[1, 2], [3, 4], [5, .nan]]), name: "x")
        }
        IOTest.expectError(.invalidData, mentioning: ["row 0", "−infinity"]) {
            try validateFinite(Tensor([-.infinity]))
        }
        IOTest.expectError(.invalidData, mentioning: ["row 1", "+infinity", "[1, 0, 1]"]) {
            try validateFinite(try Tensor(shape: [2, 2, 2], scalars: [0, 0, 0, 0, 0, .infinity, 0, 0]))
        }
    }

    /// Rows whose feature value is its row number, with label = 10 × row, to follow rows through a split.
    private func numbered(_ n: Int) throws -> (x: Tensor, y: Tensor) {
        let x = try Tensor(shape: [n, 2], scalars: (0..<n).flatMap { [Float($0), -Float($0)] })
        let y = Tensor((0..<n).map { Float($0 * 10) })
        return (x, y)
    }

    @Test func trainTestSplitIsReproducibleAndKeepsPairsTogether() throws {
        let (x, y) = try numbered(50)
        let a = try trainTestSplit(x, y, testFraction: 0.2, seed: 42)
        let b = try trainTestSplit(x, y, testFraction: 0.2, seed: 42)
        let c = try trainTestSplit(x, y, testFraction: 0.2, seed: 43)
        #expect(a.train.x == b.train.x && a.test.y == b.test.y)
        #expect(a.test.x != c.test.x)
        #expect(a.train.x.shape == [40, 2] && a.test.x.shape == [10, 2] && a.test.y.shape == [10])
        // Every row appears exactly once, with its own label.
        let rows = a.train.x.scalars.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            + a.test.x.scalars.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        #expect(rows.sorted() == (0..<50).map(Float.init))
        #expect(rows != (0..<50).map(Float.init))
        #expect(a.train.y.scalars == a.train.x.scalars.enumerated().filter { $0.offset % 2 == 0 }.map { $0.element * 10 })

        let ordered = try trainTestSplit(x, y, testFraction: 0.25, shuffle: false)
        #expect(ordered.test.y == Tensor((37..<50).map { Float($0 * 10) }))   // ⌈12.5⌉ = 13 last rows
        #expect(ordered.train.x == (try x.rows(0..<37)))

        IOTest.expectError(.shapeMismatch, mentioning: ["50 rows", "3"]) { _ = try trainTestSplit(x, Tensor([1, 2, 3])) }
        IOTest.expectError(.invalidArgument, mentioning: ["strictly between 0 and 1"]) { _ = try trainTestSplit(x, y, testFraction: 1) }
        IOTest.expectError(.invalidArgument, mentioning: ["both sets"]) {
            _ = try trainTestSplit(Tensor([1]), Tensor([1]), testFraction: 0.5)
        }
    }

    @Test func batchesCoverEveryRowExactlyOnce() throws {
        let (x, y) = try numbered(10)
        for shuffle in [false, true] {
            let batches = try Batches(x: x, y: y, batchSize: 4, shuffle: shuffle, seed: 3)
            #expect(batches.count == 3)
            let list = Array(batches)
            #expect(list.map { $0.x.shape[0] } == [4, 4, 2])
            #expect(list.map { $0.y.shape } == [[4], [4], [2]])
            let seen = list.flatMap { batch in batch.x.scalars.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) }
            #expect(seen.sorted() == (0..<10).map(Float.init))
            #expect((seen == (0..<10).map(Float.init)) == !shuffle)
            for batch in list {
                let firstColumn = batch.x.scalars.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                #expect(batch.y.scalars == firstColumn.map { $0 * 10 })
            }
            // The same seed gives the same batches.
            #expect(Array(batches).map(\.y) == list.map(\.y))
            #expect(try batches.batch(at: 2).y == list[2].y)
        }
        #expect(Array(try Batches(x: x, y: y, batchSize: 100)).count == 1)
        IOTest.expectError(.invalidArgument, mentioning: ["batchSize"]) { _ = try Batches(x: x, y: y, batchSize: 0) }
        IOTest.expectError(.shapeMismatch) { _ = try Batches(x: x, y: Tensor([1]), batchSize: 2) }
        IOTest.expectError(.invalidData, mentioning: ["empty"]) {
            _ = try Batches(x: try Tensor.zeros([0, 2]), y: Tensor([Float]()), batchSize: 2)
        }
        IOTest.expectError(.invalidArgument, mentioning: ["batch 3"]) {
            _ = try Batches(x: x, y: y, batchSize: 4).batch(at: 3)
        }
    }
}
