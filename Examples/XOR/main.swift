// XOR: the original framework's first example — 2-16-16-1 with ReLU and a sigmoid output,
// binary cross-entropy and SGD with learning rate 0.1, trained on the four points full-batch.
import Synapse

let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
let y = Tensor([[0], [1], [1], [0]])

let model = Sequential(seed: 1) {
    Input(2)
    Dense(16, activation: .relu)
    Dense(16, activation: .relu)
    Dense(1, activation: .sigmoid)
}
do {
    try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
    let history = try model.fit(x, y, epochs: 2000, batchSize: 4, verbose: 0)
    print("final loss: \(history["loss"]!.last!), accuracy: \(history["accuracy"]!.last!)")
    let predictions = try model.predict(x)
    for (input, output) in zip([[0, 0], [0, 1], [1, 0], [1, 1]], predictions.scalars) {
        print("\(input) → \(output)")
    }
} catch {
    print("error: \(error)")
}
