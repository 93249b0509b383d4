import Foundation
import Testing

/// Two Open MPI ranks against one process, and the failure behaviour, through the distributed example.
@Suite(.serialized)
struct DataParallelTests {
    /// 301 rows with a 0.1 validation split leave 271 training rows: batches of 45 end with one row,
    /// so that one rank has no rows in the last batch; validation (30 rows) and evaluation are sharded.
    static let arguments = ["--rows", "301", "--epochs", "3", "--batch-size", "45", "--hidden", "16", "--verbose", "0"]

    @Test func twoRanksTrainAsOneProcess() throws {
        let single = try #require(try MPIRun.reports(ranks: nil, Self.arguments).first)
        let ranks = try MPIRun.reports(ranks: 2, Self.arguments)
        // Both ranks hold the same history, evaluation and weights, to the bit.
        #expect(ranks.count == 2 && ranks[0] == ranks[1])
        let distributed = ranks[0]
        #expect(single.ranks == 1)
        #expect(distributed.ranks == 2)
        #expect(Set(distributed.history.keys) == ["loss", "accuracy", "val_loss", "val_accuracy"])
        for (key, values) in single.history {
            let others = try #require(distributed.history[key])
            #expect(values.count == 3 && others.count == 3, "\(key)")
            for (epoch, (one, two)) in zip(values, others).enumerated() {
                #expect(abs(one - two) <= 1e-5 * max(abs(one), 1e-6), "\(key) in epoch \(epoch + 1): \(one) vs \(two)")
            }
        }
        // Training changed the weights, and both runs changed them alike.
        #expect(single.history["loss"]![2] < single.history["loss"]![0])
        #expect(single.weights.count == distributed.weights.count)
        for (one, two) in zip(single.weights, distributed.weights) {
            #expect(one.count == two.count)
            let difference = zip(one, two).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-5)
        }
        for (key, value) in single.evaluation {
            let other = try #require(distributed.evaluation[key])
            #expect(abs(value - other) <= 1e-5 * max(abs(value), 1e-6), "evaluate \(key): \(value) vs \(other)")
        }
    }

    @Test func aKilledRankEndsTheJobWithAnError() throws {
        let result = try MPIRun.example(ranks: 2, Self.arguments + ["--die-at-batch", "2"])
        #expect(result.status != 0)
        #expect(result.seconds < 30)
    }

    @Test func aRankThatThrowsAbortsTheJobWithItsError() throws {
        let result = try MPIRun.example(ranks: 2, Self.arguments + ["--throw-at-batch", "2"])
        #expect(result.status != 0)
        #expect(result.seconds < 30)
        #expect(result.errors.contains("rank 1 of 2: Invalid state: rank 1 was told to fail at batch 2; aborting the job"),
                "\(result.errors)")
    }

    @Test func aStalledRankTimesOutTheOthers() throws {
        let result = try MPIRun.example(ranks: 2, Self.arguments + ["--stall-at-batch", "2", "--timeout", "3"])
        #expect(result.status != 0)
        #expect(result.seconds < 30)
        #expect(result.errors.contains("rank 0 of 2: MPI_Iallreduce did not complete within 3.0 s"), "\(result.errors)")
    }

    @Test func aMismatchedModelIsDetectedAtTheStart() throws {
        let result = try MPIRun.example(ranks: 2, Self.arguments + ["--mismatch"])
        #expect(result.status != 0)
        #expect(result.seconds < 30)
        // Rank 1's hidden layer has 17 units instead of 16: 784·17 + 17 + 17·10 + 10 = 13,525 values against 12,730.
        #expect(result.errors.contains("fit: every rank must have the same model and data: rank 0 has 4 parameters (12730 values"),
                "\(result.errors)")
        #expect(result.errors.contains("rank 1 has 4 parameters (13525 values"), "\(result.errors)")
    }
}
