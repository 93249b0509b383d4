// A training loop written by hand: what `fit` does, one visible step at a time — batches, a forward
// pass that records how to differentiate it, a loss, the gradients of the trainable parameters and
// one optimizer update.
import Foundation
import Synapse

do {
    let (train, test) = try MNIST.loadBundled().split()
    // Start with Input(…): the model is built at once, so its parameters exist before the first step.
    let model = Sequential(name: "digits", seed: 0) {
        Input(784)
        Dense(128, activation: .relu)
        Dense(10)                                    // logits; the loss applies the softmax
    }
    let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true)
    let optimizer = Adam(learningRate: 1e-3)

    for epoch in 0..<5 {
        // A new shuffle every epoch, fixed by the seed.
        let batches = try Batches(x: train.images, y: train.labels, batchSize: 32, shuffle: true, seed: UInt64(epoch))
        var lossSum: Float = 0
        for (x, y) in batches {
            let parameters = model.trainableParameters
            let (batchLoss, gradients) = try valueWithGradient(at: parameters) {
                try loss(labels: y, predictions: model(x, training: true))
            }
            try optimizer.apply(gradients, to: parameters)
            lossSum += try batchLoss.item() * Float(x.shape[0])
        }
        // Anything fit does not do belongs here; for example, halve the rate after the third epoch.
        if epoch == 2 { optimizer.learningRate /= 2 }

        let predicted = try model.predict(test.images).argmax(alongAxis: -1)
        let correct = zip(predicted, test.labels.scalars).filter { $0 == Int($1) }.count
        print(String(format: "Epoch %d: loss %.4f, test accuracy %.4f", epoch + 1,
                     lossSum / Float(batches.rowCount), Float(correct) / Float(predicted.count)))
    }
} catch {
    print("error: \(error)")
    exit(1)
}
