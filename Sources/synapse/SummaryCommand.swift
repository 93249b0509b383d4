import ArgumentParser
import Synapse

/// `synapse summary`: the Keras-style table of a model's layers, and what it was trained to predict.
struct SummaryCommand: SynapseSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a model's layers, output shapes and parameter counts (model.summary()).",
        discussion: "For a model written by `synapse train`, also its label, classes and feature columns."
    )

    @Argument(help: "The model file.")
    var model: String

    func execute() throws {
        let network = try Model.load(from: model)
        print(network.summary(print: false))
        // Models saved from Swift code have no card; their summary is the table alone.
        if let card = try? ModelCard(contentsOf: model) {
            print(card.taskDescription)
            print("Features (\(card.featureNames.count)): \(card.featureNames.joined(separator: ", "))")
        }
    }
}
