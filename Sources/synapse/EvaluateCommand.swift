import ArgumentParser
import Synapse

/// `synapse evaluate`: the loss and metrics of a trained model on a labelled CSV file.
struct EvaluateCommand: SynapseSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Print the loss and metrics of a model on a labelled CSV file.",
        discussion: """
            The file must have the feature columns and the label column the model was trained on (by \
            name, in any order). Prints one `name: value` line each for the loss and every metric.
            """
    )

    @Argument(help: "The model file written by `synapse train`.")
    var model: String

    @Argument(help: "The CSV file to evaluate on.")
    var data: String

    @Option(help: "The number of rows per batch.")
    var batchSize = 32

    func execute() throws {
        let card = try ModelCard(contentsOf: model)
        let input = try ModelInput(contentsOf: data, for: card, requiringLabels: true)
        let network = try Model.load(from: model)
        let result = try network.evaluate(input.features, input.labels!, batchSize: batchSize)
        for (name, value) in zip(result.names, result.values) { print("\(name): \(value)") }
    }
}
