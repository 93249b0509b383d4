import Synapse
import Testing

@Suite("Gradient checks: reductions")
struct ReductionOpGradientTests {
    @Test func sumAndMeanOfAllValues() throws {
        let x = try uniformTensor([2, 3, 4], seed: 41)
        try expectGradientsMatch(at: [x]) { t in try (t[0] * t[0]).sum() }
        try expectGradientsMatch(at: [x]) { t in try (t[0] * t[0]).mean() }
        try expectGradientsMatch(at: [x]) { t in try t[0].sum() * t[0].mean() }
    }

    @Test(arguments: [0, 1, 2, -1], [false, true])
    func sumAndMeanAlongAnAxis(axis: Int, keepingDimensions: Bool) throws {
        let x = try uniformTensor([2, 3, 4], seed: 42)
        try expectGradientsMatch(at: [x]) { t in
            try weightedSum(t[0].sum(alongAxis: axis, keepingDimensions: keepingDimensions))
        }
        try expectGradientsMatch(at: [x]) { t in
            try weightedSum(t[0].mean(alongAxis: axis, keepingDimensions: keepingDimensions))
        }
    }

    @Test func maximumAndMinimumOfAllValues() throws {
        let x = try distinctTensor([3, 4], seed: 43)
        try expectGradientsMatch(at: [x]) { t in try t[0].max() * 2 }
        try expectGradientsMatch(at: [x]) { t in try t[0].min() * 2 }
        try expectGradientsMatch(at: [x]) { t in try (t[0].max() - t[0].min()) * t[0].sum() }
    }

    @Test(arguments: [0, 1, 2, -1], [false, true])
    func maximumAndMinimumAlongAnAxis(axis: Int, keepingDimensions: Bool) throws {
        let x = try distinctTensor([2, 3, 4], seed: 44)
        try expectGradientsMatch(at: [x]) { t in
            try weightedSum(t[0].max(alongAxis: axis, keepingDimensions: keepingDimensions))
        }
        try expectGradientsMatch(at: [x]) { t in
            try weightedSum(t[0].min(alongAxis: axis, keepingDimensions: keepingDimensions))
        }
    }

    @Test func reductionsFeedingBroadcasts() throws {
        // x − mean(x) along rows, and x / Σx: the reduced tensor is broadcast back.
        let x = try uniformTensor([3, 4], low: 0.5, high: 1.5, seed: 45)
        try expectGradientsMatch(at: [x]) { t in
            try weightedSum(t[0] - t[0].mean(alongAxis: 1, keepingDimensions: true))
        }
        try expectGradientsMatch(at: [x]) { t in
            try weightedSum(t[0] / t[0].sum(alongAxis: 0))
        }
    }
}
