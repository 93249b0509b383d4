import ArgumentParser
import Synapse

/// `synapse predict`: a trained model's predictions for every row of a CSV file, as CSV.
struct PredictCommand: SynapseSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Write a model's predictions for a CSV file as CSV on standard output.",
        discussion: """
            The file needs the feature columns the model was trained on; its label column may be absent. \
            A classifier writes the predicted class name under the label's name, then one \
            `probability_<class>` column per class; a regression writes the predicted value.

              synapse predict iris.safetensors Data/iris/iris.csv > predictions.csv
            """
    )

    @Argument(help: "The model file written by `synapse train`.")
    var model: String

    @Argument(help: "The CSV file to predict for.")
    var data: String

    @Option(help: "The number of rows per batch.")
    var batchSize = 256

    func execute() throws {
        let card = try ModelCard(contentsOf: model)
        let input = try ModelInput(contentsOf: data, for: card, requiringLabels: false)
        let predictions = try Model.load(from: model).predict(input.features, batchSize: batchSize)
        let width = predictions.shape.count == 2 ? predictions.shape[1] : 1
        let values = predictions.scalars
        var lines: [String] = []
        if card.task == .classification {
            lines.append(([card.labelName] + card.classNames.map { "probability_" + $0 }).map(CSV.field).joined(separator: ","))
            for (row, best) in try predictions.argmax(alongAxis: 1).enumerated() {
                let probabilities = values[(row * width)..<((row + 1) * width)].map(\.description)
                lines.append(([CSV.field(card.classNames[best])] + probabilities).joined(separator: ","))
            }
        } else {
            lines.append(CSV.field(card.labelName))
            lines += values.map(\.description)
        }
        print(lines.joined(separator: "\n"))
    }
}
