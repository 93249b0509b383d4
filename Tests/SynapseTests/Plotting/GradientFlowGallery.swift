import Foundation
import Synapse
import Testing

/// Gradient-flow charts of three trainings — broken (vanishing), healthy and exploding — checked
/// as the other gallery charts and written to `SYNAPSE_PLOT_GALLERY` when it is set.
extension PlotGallery {
    /// Two interleaved half-moons, as in the TensorBoardLogs example.
    static func moons(count: Int) -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: 7)
        var points: [[Float]] = [], labels: [[Float]] = []
        for i in 0..<count {
            let angle = Float.pi * Float(i % (count / 2)) / Float(count / 2)
            let upper = i < count / 2
            let noise = { Float.random(in: -0.1...0.1, using: &generator) }
            points.append(upper ? [cos(angle) + noise(), sin(angle) + noise()]
                                : [1 - cos(angle) + noise(), 0.5 - sin(angle) + noise()])
            labels.append([upper ? 0 : 1])
        }
        let order = Array(0..<count).shuffled(using: &generator)
        return (Tensor(order.map { points[$0] }), Tensor(order.map { labels[$0] }))
    }

    @Test func gradientFlowCharts() throws {
        let data = PlotGallery.moons(count: 200)

        let broken = Sequential(seed: 11) {
            Input(2)
            for _ in 0..<8 { Dense(16, activation: .sigmoid, kernelInitializer: .randomNormal(standardDeviation: 0.01)) }
            Dense(1, activation: .sigmoid)
        }
        try broken.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1))
        let brokenFlow = try GradientFlow(every: 2, warn: false)
        try broken.fit(data.x, data.y, epochs: 4, batchSize: 16, verbose: 0, callbacks: [brokenFlow])
        #expect(brokenFlow.vanishingLayers.prefix(3) == ["dense", "dense_1", "dense_2"])
        try PlotGallery.save(brokenFlow.chartSVG(), as: "gradient-flow-broken.svg")

        let healthy = Sequential(seed: 1) {
            Input(2)
            Dense(16, activation: .relu)
            Dense(16, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        try healthy.compile(loss: .binaryCrossEntropy, optimizer: Adam(learningRate: 0.01))
        let healthyFlow = try GradientFlow(every: 5, warn: false)
        try healthy.fit(data.x, data.y, epochs: 10, batchSize: 16, verbose: 0, callbacks: [healthyFlow])
        #expect(healthyFlow.vanishingLayers.isEmpty && healthyFlow.explodingLayers.isEmpty)
        try PlotGallery.save(healthyFlow.chartSVG(), as: "gradient-flow-healthy.svg")

        let exploding = Sequential(seed: 3) {
            Input(2)
            for _ in 0..<5 { Dense(32, activation: .relu, kernelInitializer: .randomNormal(standardDeviation: 1.5)) }
            Dense(1)
        }
        try exploding.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e-9))
        let explodingFlow = try GradientFlow(every: 1, warn: false)
        try exploding.fit(data.x, data.y, epochs: 1, batchSize: 16, verbose: 0, callbacks: [explodingFlow])
        #expect(!explodingFlow.explodingLayers.isEmpty)
        try PlotGallery.save(explodingFlow.chartSVG(), as: "gradient-flow-exploding.svg")
    }
}
