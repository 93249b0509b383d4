import Foundation
import Synapse
import Testing

@Suite("History CSV reading")
struct HistoryCSVReadingTests {
    @Test func readsWhatCSVWrites() throws {
        let history = try History(epochs: [0, 1, 2], values: [
            "loss": [0.9, 0.5, 0.25], "accuracy": [0.5, 0.75, 0.875], "val_loss": [.nan, 0.6, .infinity],
        ])
        let back = try History(csv: history.csv())
        #expect(back.epochs == [0, 1, 2])
        #expect(back["loss"] == [0.9, 0.5, 0.25] && back["accuracy"] == [0.5, 0.75, 0.875])
        let validation = try #require(back["val_loss"])
        #expect(validation[0].isNaN && validation[1] == 0.6 && validation[2] == .infinity)
        try IOTest.withTemporaryDirectory { folder in
            let path = folder + "/history.csv"
            try history.writeCSV(to: path)
            #expect(try History.readCSV(from: path).keys == ["accuracy", "loss", "val_loss"])
        }
    }

    @Test func readsAKerasCSVLoggerFile() throws {
        // Keras's CSVLogger: the epoch column first, then the keys in sorted order.
        let text = "epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,1.25,0.25,1.5\n1,0.75,0.5,0.5,0.875\n"
        let history = try History(csv: text)
        #expect(history.epochs == [0, 1])
        #expect(history["accuracy"] == [0.5, 0.75] && history["loss"] == [1.25, 0.5])
        #expect(history["val_accuracy"] == [0.25, 0.5] && history["val_loss"] == [1.5, 0.875])
    }

    @Test func filesWithoutEpochsOrWithBadCellsThrow() throws {
        expectSynapseError(.invalidArgument, mentioning: ["'epoch'", "'loss'"]) {
            _ = try History(csv: "loss\n0.5\n")
        }
        expectSynapseError(.invalidArgument, mentioning: ["whole numbers", "0.5"]) {
            _ = try History(csv: "epoch,loss\n0.5,1\n")
        }
        expectSynapseError(.fileError, mentioning: ["line 2", "'loss'", "'high'"]) {
            _ = try History(csv: "epoch,loss\n0,high\n")
        }
        expectSynapseError(.fileError, mentioning: ["nothing.csv"]) {
            _ = try History.readCSV(from: "/nonexistent/nothing.csv")
        }
    }
}
