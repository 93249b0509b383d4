import ArgumentParser

/// The `synapse` command: train, evaluate and use models on CSV files without writing Swift.
@main
struct SynapseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synapse",
        abstract: "Train, evaluate and use Synapse neural networks on CSV files.",
        discussion: """
            Train a model on a CSV file whose columns are numeric features and one label column, then \
            evaluate it, predict with it, and look inside the model file:

              synapse train Data/iris/iris.csv --label species --layers 16:relu,8:relu \\
                  --epochs 80 --learning-rate 0.01 --output iris.safetensors
              synapse evaluate iris.safetensors Data/iris/iris.csv
              synapse predict iris.safetensors Data/iris/iris.csv > predictions.csv
            """,
        subcommands: [
            TrainCommand.self, EvaluateCommand.self, PredictCommand.self,
            SummaryCommand.self, InspectCommand.self, PlotCommand.self,
        ]
    )
}
