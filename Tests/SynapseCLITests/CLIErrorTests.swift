import Foundation
import Testing

@Suite("synapse errors and help")
struct CLIErrorTests {
    @Test(arguments: ["train", "evaluate", "predict", "summary", "inspect", "plot"])
    func everySubcommandHasHelp(_ subcommand: String) throws {
        try CLI.withTemporaryFolder { folder in
            let help = try CLI.run([subcommand, "--help"], in: folder)
            #expect(help.status == 0, "\(help.errors)")
            #expect(help.output.contains("OVERVIEW:") && help.output.contains("USAGE: synapse \(subcommand)"))
        }
    }

    @Test func theTopLevelHelpListsTheSubcommands() throws {
        try CLI.withTemporaryFolder { folder in
            let help = try CLI.run(["--help"], in: folder)
            #expect(help.status == 0)
            for name in ["train", "evaluate", "predict", "summary", "inspect", "plot"] {
                #expect(help.output.contains("  \(name) "), "\(name) is not listed")
            }
        }
    }

    @Test func aMissingDataFileIsNamed() throws {
        try CLI.withTemporaryFolder { folder in
            let run = try CLI.run(["train", "absent.csv", "--label", "species"], in: folder)
            #expect(run.status != 0)
            #expect(run.errors.contains("Error: CSV file 'absent.csv'") && run.errors.contains("no such file"), "\(run.errors)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/model.safetensors"))
        }
    }

    @Test func aMissingLabelColumnIsNamedWithTheColumnsThereAre() throws {
        try CLI.withTemporaryFolder { folder in
            let run = try CLI.run(["train", CLI.iris, "--label", "colour"], in: folder)
            #expect(run.status != 0)
            #expect(run.errors.contains("no column is named 'colour'") && run.errors.contains("'species'"), "\(run.errors)")
        }
    }

    @Test func aMissingModelFileIsNamed() throws {
        try CLI.withTemporaryFolder { folder in
            for subcommand in [["evaluate", "absent.safetensors", CLI.iris], ["predict", "absent.safetensors", CLI.iris],
                               ["summary", "absent.safetensors"], ["inspect", "absent.safetensors"]] {
                let run = try CLI.run(subcommand, in: folder)
                #expect(run.status != 0)
                #expect(run.errors.contains("'absent.safetensors'") && run.errors.contains("no such file"), "\(run.errors)")
            }
        }
    }

    @Test func badOptionsAreRefusedWithTheirNames() throws {
        try CLI.withTemporaryFolder { folder in
            let layers = try CLI.run(["train", CLI.iris, "--label", "species", "--layers", "64:wiggle"], in: folder)
            #expect(layers.status != 0 && layers.errors.contains("unknown activation 'wiggle'"), "\(layers.errors)")
            let optimizer = try CLI.run(["train", CLI.iris, "--label", "species", "--optimizer", "lbfgs"], in: folder)
            #expect(optimizer.status != 0 && optimizer.errors.contains("lbfgs"), "\(optimizer.errors)")
            let regression = try CLI.run(["train", CLI.iris, "--label", "species", "--task", "regression"], in: folder)
            #expect(regression.status != 0 && regression.errors.contains("holds class names"), "\(regression.errors)")
            let plot = try CLI.run(["plot", "history.txt"], in: folder)
            #expect(plot.status != 0 && plot.errors.contains(".csv or .json"), "\(plot.errors)")
        }
    }

    @Test func evaluatingAFileWithoutTheLabelColumnNamesIt() throws {
        try CLI.withTemporaryFolder { folder in
            let train = try CLI.run(["train", CLI.iris, "--label", "species", "--epochs", "1", "--verbose", "0",
                                     "--output", "m.safetensors"], in: folder)
            #expect(train.status == 0, "\(train.errors)")
            let features = try String(contentsOfFile: CLI.iris, encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
            try features.joined(separator: "\n").write(toFile: folder + "/partial.csv", atomically: true, encoding: .utf8)
            let evaluate = try CLI.run(["evaluate", "m.safetensors", "partial.csv"], in: folder)
            #expect(evaluate.status != 0 && evaluate.errors.contains("'species'"), "\(evaluate.errors)")
            let predict = try CLI.run(["predict", "m.safetensors", "partial.csv"], in: folder)
            #expect(predict.status != 0 && predict.errors.contains("'petal_width'"), "\(predict.errors)")
        }
    }
}
