import Foundation
import Testing

@Suite("synapse on Iris, end to end")
struct IrisEndToEndTests {
    @Test func trainEvaluatePredictSummaryInspectAndPlot() throws {
        try CLI.withTemporaryFolder { folder in
            let train = try CLI.run(["train", CLI.iris, "--label", "species", "--layers", "16:relu,8:relu",
                                     "--epochs", "80", "--learning-rate", "0.01", "--batch-size", "16",
                                     "--seed", "1", "--output", "iris.safetensors"], in: folder)
            #expect(train.status == 0, "\(train.errors)")
            // The progress bar of the last epoch, with validation, and the task it chose.
            #expect(train.output.contains("Epoch 80/80") && train.output.contains("val_accuracy"))
            #expect(train.output.contains("━"))
            #expect(train.output.contains("Classification of 'species' into 3 classes: setosa, versicolor, virginica"))
            for file in ["iris.safetensors", "iris.history.svg", "iris.history.csv"] {
                #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file) is missing")
            }
            let historyRows = CLI.rows(ofCSV: try String(contentsOfFile: folder + "/iris.history.csv", encoding: .utf8))
            #expect(historyRows.first == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"])
            #expect(historyRows.count == 81)
            #expect(try String(contentsOfFile: folder + "/iris.history.svg", encoding: .utf8).contains("<svg"))

            let evaluate = try CLI.run(["evaluate", "iris.safetensors", CLI.iris], in: folder)
            #expect(evaluate.status == 0, "\(evaluate.errors)")
            let accuracy = try #require(CLI.value(named: "accuracy", in: evaluate.output), "\(evaluate.output)")
            let loss = try #require(CLI.value(named: "loss", in: evaluate.output))
            #expect(accuracy >= 0.8 && accuracy <= 1 && loss > 0)

            let predict = try CLI.run(["predict", "iris.safetensors", CLI.iris], in: folder)
            #expect(predict.status == 0, "\(predict.errors)")
            let predicted = CLI.rows(ofCSV: predict.output)
            #expect(predicted.first == ["species", "probability_setosa", "probability_versicolor", "probability_virginica"])
            let truth = CLI.rows(ofCSV: try String(contentsOfFile: CLI.iris, encoding: .utf8)).dropFirst().map { $0[4] }
            let rows = Array(predicted.dropFirst())
            #expect(rows.count == 150)
            #expect(Set(rows.map(\.[0])).isSubset(of: ["setosa", "versicolor", "virginica"]))
            let correct = zip(rows, truth).filter { $0.0[0] == $0.1 }.count
            #expect(Double(correct) / 150 >= 0.8, "\(correct) of 150 correct")
            // The predict accuracy is the one evaluate printed, and each row's probabilities sum to 1.
            #expect(abs(Double(correct) / 150 - accuracy) < 1e-6)
            for row in rows {
                let sum = row.dropFirst().compactMap(Double.init).reduce(0, +)
                #expect(abs(sum - 1) < 1e-4)
            }

            let summary = try CLI.run(["summary", "iris.safetensors"], in: folder)
            #expect(summary.status == 0, "\(summary.errors)")
            #expect(summary.output.contains("dense (Dense)") && summary.output.contains("dense_2 (Dense)"))
            #expect(summary.output.contains("setosa, versicolor, virginica"))
            #expect(summary.output.contains("Total params: 243"))   // (4·16+16) + (16·8+8) + (8·3+3) = 80 + 136 + 27

            let inspect = try CLI.run(["inspect", "iris.safetensors"], in: folder)
            #expect(inspect.status == 0, "\(inspect.errors)")
            let tensorLine = try #require(inspect.output.split(separator: "\n").first { $0.contains("dense.kernel ") })
            #expect(tensorLine.contains("F32") && tensorLine.contains("[4, 16]"))
            #expect(inspect.output.contains("dense_2.bias") && inspect.output.contains("\"Dense\""))
            #expect(inspect.output.contains("synapse.cli.classes: [\"setosa\",\"versicolor\",\"virginica\"]"))
            #expect(inspect.output.contains("synapse.cli.label: species"))

            let plot = try CLI.run(["plot", "iris.history.csv", "--output", "again.svg"], in: folder)
            #expect(plot.status == 0, "\(plot.errors)")
            #expect(try String(contentsOfFile: folder + "/again.svg", encoding: .utf8).contains("val_loss"))
        }
    }

    @Test func predictWorksWithoutTheLabelColumnAndWithColumnsReordered() throws {
        try CLI.withTemporaryFolder { folder in
            let train = try CLI.run(["train", CLI.iris, "--label", "species", "--layers", "8:tanh", "--epochs", "5",
                                     "--output", "m.safetensors", "--verbose", "0"], in: folder)
            #expect(train.status == 0, "\(train.errors)")
            let rows = CLI.rows(ofCSV: try String(contentsOfFile: CLI.iris, encoding: .utf8))
            // The same features with the columns in another order and no species column.
            let reordered = rows.map { [$0[3], $0[0], $0[2], $0[1]].joined(separator: ",") }.joined(separator: "\n")
            try reordered.write(toFile: folder + "/unlabelled.csv", atomically: true, encoding: .utf8)
            let fromFull = try CLI.run(["predict", "m.safetensors", CLI.iris], in: folder)
            let fromReordered = try CLI.run(["predict", "m.safetensors", "unlabelled.csv"], in: folder)
            #expect(fromReordered.status == 0, "\(fromReordered.errors)")
            #expect(fromReordered.output == fromFull.output)
            #expect(CLI.rows(ofCSV: fromReordered.output).count == 151)
        }
    }
}
