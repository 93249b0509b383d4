import Foundation
import Synapse
import Testing

/// Every learning-rate schedule against Keras 3's values at steps around its boundaries, restarts and
/// ends (`scripts/keras_optimizer_reference.py`).
@Suite struct KerasReferenceScheduleTests {
    /// The Synapse spelling of each Keras schedule in the fixture.
    static func schedule(for name: String) -> (any LearningRateSchedule)? {
        switch name {
        case "exponential": return ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5)
        case "exponential_staircase":
            return ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true)
        case "piecewise": return PiecewiseConstantDecay(boundaries: [10, 20, 100], values: [1, 0.5, 0.1, 0.01])
        case "piecewise_single": return PiecewiseConstantDecay(boundaries: [5], values: [0.3, 0.03])
        case "polynomial_default": return PolynomialDecay(initialLearningRate: 0.1, decaySteps: 100)
        case "polynomial": return PolynomialDecay(initialLearningRate: 0.1, decaySteps: 100, endLearningRate: 0.001, power: 2)
        case "polynomial_cycle":
            return PolynomialDecay(initialLearningRate: 0.1, decaySteps: 30, endLearningRate: 0.01, power: 0.5, cycle: true)
        case "inverse_time": return InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5)
        case "inverse_time_staircase":
            return InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true)
        case "cosine": return CosineDecay(initialLearningRate: 0.1, decaySteps: 100)
        case "cosine_alpha": return CosineDecay(initialLearningRate: 0.1, decaySteps: 100, alpha: 0.2)
        case "cosine_warmup":
            return CosineDecay(initialLearningRate: 0, decaySteps: 100, alpha: 0.1, warmupTarget: 0.1, warmupSteps: 20)
        case "cosine_restarts": return CosineDecayRestarts(initialLearningRate: 0.1, firstDecaySteps: 10)
        case "cosine_restarts_constant":
            return CosineDecayRestarts(initialLearningRate: 0.1, firstDecaySteps: 10, tMul: 1, mMul: 0.5, alpha: 0.1)
        case "cosine_restarts_geometric":
            return CosineDecayRestarts(initialLearningRate: 0.1, firstDecaySteps: 8, tMul: 1.5, mMul: 0.9, alpha: 0.05)
        default: return nil
        }
    }

    static var caseNames: [String] { (try? KerasReferenceOptimizerTests.fixture.get().schedules.map(\.name)) ?? [] }

    @Test func fixtureCoversEverySchedule() throws {
        let fixture = try KerasReferenceOptimizerTests.fixture.get()
        #expect(Set(fixture.schedules.map(\.schedule)) == ["ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay",
                                                            "InverseTimeDecay", "CosineDecay", "CosineDecayRestarts"])
    }

    @Test(arguments: caseNames)
    func matchesKeras(_ name: String) throws {
        let fixture = try KerasReferenceOptimizerTests.fixture.get()
        let reference = try #require(fixture.schedules.first { $0.name == name })
        let schedule = try #require(Self.schedule(for: name), "no Synapse schedule for the fixture case \(name)")
        try schedule.validate()
        #expect(schedule.typeName == reference.schedule)
        for (key, value) in reference.config {
            expectSameConfiguration(schedule.configuration[key], value, "\(name) configuration '\(key)'")
        }
        let values = reference.steps.map { schedule($0) }
        for (step, (value, keras)) in zip(reference.steps, zip(values, reference.values)) {
            expectRelativelyClose([value], [keras], floor: 1e-3, "\(name) at step \(step)")
        }
    }
}
