// Trains a small classifier with the TensorBoard callback and writes its logs, by default to
// ./logs (or the folder given as the first argument). Then:
//
//     tensorboard --logdir logs
//     scripts/read_tensorboard_logs.py logs      # the same numbers, read by tensorboard's own reader
// It also writes the gradient-flow view, logs/gradient_flow.svg and logs/gradient_flow.json.
import Synapse
import SynapseTensorBoard
import Foundation

let logDirectory = CommandLine.arguments.dropFirst().first ?? "logs"

// Two interleaved half-moons of 200 points, labelled 0 and 1, in random order (the validation split
// takes the last rows, which should be like the others).
var generator = RandomGenerator(seed: 7)
var points: [[Float]] = [], labels: [[Float]] = []
for i in 0..<200 {
    let angle = Float.pi * Float(i % 100) / 100
    let upper = i < 100
    let noise = { Float.random(in: -0.1...0.1, using: &generator) }
    points.append(upper ? [cos(angle) + noise(), sin(angle) + noise()]
                        : [1 - cos(angle) + noise(), 0.5 - sin(angle) + noise()])
    labels.append([upper ? 0 : 1])
}
let order = Array(0..<200).shuffled(using: &generator)
points = order.map { points[$0] }
labels = order.map { labels[$0] }

let model = Sequential(seed: 1) {
    Input(2)
    Dense(16, activation: .relu)
    Dense(16, activation: .relu)
    Dense(1, activation: .sigmoid)
}
try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
let tensorBoard = try TensorBoard(logDirectory: logDirectory, updateFrequency: .batches(5), histogramFrequency: 1)
// The gradient-flow view: its numbers go to TensorBoard as gradient_flow/<layer>/… scalars too.
let gradientFlow = try GradientFlow(every: 2, jsonPath: logDirectory + "/gradient_flow.json",
                                    svgPath: logDirectory + "/gradient_flow.svg")
let history = try model.fit(Tensor(points), Tensor(labels), epochs: 5, batchSize: 16, validationSplit: 0.2,
                            verbose: 2, callbacks: [tensorBoard, gradientFlow])
print("final loss \(history["loss"]!.last!), val_loss \(history["val_loss"]!.last!)")
print("logs in \(tensorBoard.trainDirectory) and \(tensorBoard.validationDirectory)")
print("gradient flow in \(gradientFlow.svgPath!) and \(gradientFlow.jsonPath!)")
