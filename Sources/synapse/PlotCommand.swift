import ArgumentParser
import Foundation
import Synapse

/// `synapse plot`: an SVG chart of a training history saved as CSV or JSON.
struct PlotCommand: SynapseSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Plot a training history (.csv or .json) as an SVG chart.",
        discussion: """
            Reads what `synapse train` writes beside a model (<stem>.history.csv), what History's \
            writeCSV or writeJSON write, Keras's CSVLogger files and `json.dump(history.history)` files.
            """
    )

    @Argument(help: "The history file, .csv or .json.")
    var history: String

    @Option(help: "Where to write the chart (default: the history file's name with .svg).")
    var output: String?

    @Option(help: "The chart's title.")
    var title = "Training history"

    func execute() throws {
        let url = URL(fileURLWithPath: history)
        let loaded: History
        switch url.pathExtension.lowercased() {
        case "csv": loaded = try History.readCSV(from: history)
        case "json": loaded = try History.readJSON(from: history)
        default:
            throw SynapseError.invalidArgument("'\(history)': expected a history file ending in .csv or .json, found '.\(url.pathExtension)'")
        }
        let destination = output ?? (history as NSString).deletingPathExtension + ".svg"
        try loaded.plot(to: destination, title: title)
        print("Wrote \(destination)")
    }
}
