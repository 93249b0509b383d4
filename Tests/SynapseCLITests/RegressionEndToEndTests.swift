import Foundation
import Testing

@Suite("synapse regression and whole-number classes")
struct RegressionEndToEndTests {
    /// y = 3·a − 2·b + 1 on a grid of 64 points: more than 20 distinct values, so `auto` picks regression.
    static let linearCSV: String = {
        var lines = ["a,b,y"]
        for i in 0..<8 { for j in 0..<8 {
            let (a, b) = (Double(i) / 4, Double(j) / 4)
            lines.append("\(a),\(b),\(3 * a - 2 * b + 1)")
        } }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func aLinearTargetIsLearnedAsARegression() throws {
        try CLI.withTemporaryFolder { folder in
            try Self.linearCSV.write(toFile: folder + "/linear.csv", atomically: true, encoding: .utf8)
            let train = try CLI.run(["train", "linear.csv", "--label", "y", "--layers", "", "--epochs", "300",
                                     "--learning-rate", "0.05", "--validation-split", "0", "--verbose", "0",
                                     "--output", "linear.safetensors"], in: folder)
            #expect(train.status == 0, "\(train.errors)")
            #expect(train.output.contains("Regression of 'y'"))
            let evaluate = try CLI.run(["evaluate", "linear.safetensors", "linear.csv"], in: folder)
            #expect(evaluate.status == 0, "\(evaluate.errors)")
            let error = try #require(CLI.value(named: "mean_absolute_error", in: evaluate.output), "\(evaluate.output)")
            #expect(error < 0.05)
            let predict = try CLI.run(["predict", "linear.safetensors", "linear.csv"], in: folder)
            let rows = CLI.rows(ofCSV: predict.output)
            #expect(rows.first == ["y"] && rows.count == 65)
            // Row (a, b) = (0.5, 0.25): 3·0.5 − 2·0.25 + 1 = 2 (data row 2·8 + 1 = 17).
            let value = try #require(Double(rows[18][0]))
            #expect(abs(value - 2) < 0.1, "predicted \(value)")
            let summary = try CLI.run(["summary", "linear.safetensors"], in: folder)
            #expect(summary.output.contains("Total params: 3") && summary.output.contains("Regression of 'y'"))
        }
    }

    @Test func wholeNumberLabelsBecomeClassesNamedByTheirValues() throws {
        // Labels 5 and 9: the class is 9 when x > 0.
        var lines = ["x,label"]
        for i in 0..<40 { let x = Double(i - 20) / 10; lines.append("\(x),\(x > 0 ? 9 : 5)") }
        try CLI.withTemporaryFolder { folder in
            try lines.joined(separator: "\n").write(toFile: folder + "/classes.csv", atomically: true, encoding: .utf8)
            let train = try CLI.run(["train", "classes.csv", "--label", "label", "--layers", "4:relu", "--epochs", "60",
                                     "--learning-rate", "0.05", "--verbose", "0", "--output", "c.safetensors"], in: folder)
            #expect(train.status == 0, "\(train.errors)")
            #expect(train.output.contains("into 2 classes: 5, 9"))
            let predict = try CLI.run(["predict", "c.safetensors", "classes.csv"], in: folder)
            let rows = CLI.rows(ofCSV: predict.output)
            #expect(rows.first == ["label", "probability_5", "probability_9"])
            #expect(rows[1][0] == "5" && rows[40][0] == "9")
        }
    }
}
