import Synapse
import Testing

@Suite("StandardScaler")
struct StandardScalerTests {
    @Test func standardisesEachFeatureWithThePopulationDeviation() throws {
        // Feature 0: mean 3, population std √(8/3) = 1.6329932; feature 1 is constant (scale 1).
        let data = try Tensor(shape: [3, 2], scalars: [1, 10, 3, 10, 5, 10])
        let scaler = try StandardScaler(fittedTo: data)
        #expect(scaler.means == [3, 10])
        #expect(abs(scaler.standardDeviations[0] - 1.6329932) < 1e-6 && scaler.standardDeviations[1] == 1)
        expectClose(try scaler.transform(data), [-1.2247449, 0, 0, 0, 1.2247449, 0], shape: [3, 2])
        // Other data uses the fitted statistics: (7 − 3) / 1.6329932 = 2.4494898, 12 − 10 = 2.
        expectClose(try scaler.transform(try Tensor(shape: [1, 2], scalars: [7, 12])), [2.4494898, 2], shape: [1, 2])
    }

    @Test func rebuiltFromStoredStatisticsTransformsTheSame() throws {
        let data = try Tensor(shape: [4, 1], scalars: [2, 4, 4, 6])
        let fitted = try StandardScaler(fittedTo: data)
        let rebuilt = try StandardScaler(means: fitted.means, standardDeviations: fitted.standardDeviations)
        #expect(rebuilt == fitted)
        // mean 4, std √2: (2 − 4)/√2 = −1.4142135.
        expectClose(try rebuilt.transform(data), [-1.4142135, 0, 0, 1.4142135], shape: [4, 1])
    }

    @Test func badInputThrowsNamingWhatWasExpected() throws {
        expectSynapseError(.invalidArgument, mentioning: ["[rows, features]", "[3]"]) {
            _ = try StandardScaler(fittedTo: Tensor([1, 2, 3]))
        }
        expectSynapseError(.invalidData, mentioning: ["empty"]) {
            _ = try StandardScaler(fittedTo: Tensor(shape: [0, 2], scalars: []))
        }
        let scaler = try StandardScaler(fittedTo: try Tensor(shape: [2, 2], scalars: [0, 1, 2, 3]))
        expectSynapseError(.shapeMismatch, mentioning: ["2 features", "[1, 3]"]) {
            _ = try scaler.transform(try Tensor(shape: [1, 3], scalars: [0, 0, 0]))
        }
        expectSynapseError(.invalidArgument, mentioning: ["2 means", "1 standard deviations"]) {
            _ = try StandardScaler(means: [0, 1], standardDeviations: [1])
        }
        expectSynapseError(.invalidArgument, mentioning: ["positive"]) {
            _ = try StandardScaler(means: [0], standardDeviations: [0])
        }
    }
}
