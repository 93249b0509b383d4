import Foundation
import Synapse
import Testing

/// Keras's `fit` output, captured through a progress bar's `write` closure.
@Suite("Progress bar")
struct ProgressBarTests {
    let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.9], [0.9, 0.1], [0.3, 0.3], [1, 0.5], [0, 0.7]])
    let y = Tensor([[0], [1], [1], [0], [1], [1], [0], [0], [1], [0]])

    /// Fits 2 epochs (8 training rows in batches of 3, 2 rows validated) and returns the output.
    func output(verbose: Int, isTerminal: Bool, terminalWidth: Int? = nil) throws -> String {
        let model = Sequential(seed: 3) {
            Input(2)
            Dense(4, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
        var text = ""
        let bar = ProgressBar(verbose: verbose, isTerminal: isTerminal, terminalWidth: terminalWidth) { text += $0 }
        try model.fit(x, y, epochs: 2, batchSize: 3, validationSplit: 0.2, verbose: 0, callbacks: [bar])
        return text
    }

    static let value = #"\d\.\d{4}"#
    static let logs = #" - accuracy: \#(value) - loss: \#(value) - val_accuracy: \#(value) - val_loss: \#(value)"#

    @Test func verboseOneOffATerminal() throws {
        let text = try output(verbose: 1, isTerminal: false)
        #expect(!text.contains("\r") && !text.contains("\u{1B}"))
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 5, "\(lines)")
        guard lines.count == 5 else { return }
        #expect(lines[0] == "Epoch 1/2")
        #expect(lines[2] == "Epoch 2/2")
        #expect(lines[4].wholeMatch(of: try Regex(#"Trained 2 epochs in \d+(ms|\.\ds)"#)) != nil, "\(lines[4])")
        let bar = try Regex(#"^3/3 ━{20} \d+s \d+(ms|us|s)/step"# + Self.logs + "$")
        for line in [lines[1], lines[3]] {
            #expect(line.wholeMatch(of: bar) != nil, "line: \(line)")
        }
    }

    @Test func verboseTwo() throws {
        let text = try output(verbose: 2, isTerminal: false)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(lines)")
        guard lines.count == 5 else { return }
        #expect(lines[4].hasPrefix("Trained 2 epochs in "))
        #expect(lines[0] == "Epoch 1/2" && lines[2] == "Epoch 2/2")
        let line = try Regex(#"^3/3 - \d+s - \d+(ms|us|s)/step"# + Self.logs + "$")
        for l in [lines[1], lines[3]] {
            #expect(l.wholeMatch(of: line) != nil, "line: \(l)")
        }
        // Verbose 2 never draws a bar, even on a terminal.
        #expect(!(try output(verbose: 2, isTerminal: true)).contains("━"))
    }

    @Test func verboseOneOnATerminalRedrawsInPlace() throws {
        let text = try output(verbose: 1, isTerminal: true)
        // At least the first batch is drawn with an ETA, then the final line replaces it.
        #expect(text.contains("\r1/3 "))
        #expect(text.contains("\u{1B}[32m━━━━━━"))
        // Each epoch ends with "\r" + the full bar + erase-to-end-of-line + newline.
        let epochEnds = text.components(separatedBy: "\n").filter { $0.contains("3/3 ") }
        #expect(!text.contains("\u{1B}[1A"), "one line per bar without a width: nothing to go back up")
        #expect(epochEnds.count == 2)
        for end in epochEnds {
            let final = end.components(separatedBy: "\r").last!
            #expect(end.contains("\r3/3 "))
            #expect(final.hasPrefix("3/3 \u{1B}[32m" + String(repeating: "━", count: 20) + "\u{1B}[0m"), "\(final)")
            #expect(final.hasSuffix("\u{1B}[K"))
            #expect(final.contains(" - val_loss: "))
        }
    }

    @Test func valuesAreTheHistorysValues() throws {
        let model = Sequential(seed: 3) {
            Input(2)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.1), metrics: [.accuracy])
        var text = ""
        let bar = ProgressBar(verbose: 2, isTerminal: false) { text += $0 }
        let history = try model.fit(x, y, epochs: 1, batchSize: 4, verbose: 0, callbacks: [bar])
        let loss = String(format: "%.4f", history["loss"]![0])
        let accuracy = String(format: "%.4f", history["accuracy"]![0])
        #expect(text.contains(" - accuracy: \(accuracy) - loss: \(loss)\n"), "\(text)")
    }

    @Test func silentWithVerboseZero() throws {
        // A progress bar with verbose 0 writes nothing, as Keras's.
        #expect(try output(verbose: 0, isTerminal: false) == "")
        #expect(try output(verbose: 0, isTerminal: true) == "")
    }

    /// On a terminal 50 columns wide the metrics wrap: `3/3 ━…━ 0s 2ms/step` (about 37 columns)
    /// has no room for ` - accuracy: 0.5000`, so the metrics follow on lines of their own, each
    /// within the width, and the final bar replaces the last one drawn by going back up its lines.
    @Test func metricsWrapToTheTerminalWidth() throws {
        let text = try output(verbose: 1, isTerminal: true, terminalWidth: 50)
        let visible = text.replacing(try Regex(#"\u{1B}\[[0-9;]*[A-Za-z]"#), with: "")
        let finalBars = visible.components(separatedBy: "Epoch ").dropFirst().map { epoch in
            epoch.components(separatedBy: "\r").last!.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("Trained") }
        }
        #expect(finalBars.count == 2)
        for lines in finalBars {
            #expect(lines.count == 3, "\(lines)")
            #expect(lines.allSatisfy { $0.count <= 50 }, "\(lines)")
            guard lines.count == 3 else { continue }
            #expect(lines[0].hasPrefix("3/3 ") && lines[0].hasSuffix("/step"), "\(lines[0])")
            #expect(lines[1].hasPrefix("- accuracy: ") && lines[1].contains(" - loss: "), "\(lines[1])")
            #expect(lines[2].hasPrefix("- val_accuracy: ") && lines[2].contains(" - val_loss: "), "\(lines[2])")
        }
        // The bar drawn during the epoch (two lines: no validation yet) is replaced by going back up one.
        #expect(text.contains("/step\u{1B}[K\n- accuracy: "))
        #expect(text.contains("\u{1B}[K\r\u{1B}[1A3/3 "))
    }

    /// The lines are built to fit: every metric on the bar's line when it is wide enough.
    @Test func aWideTerminalKeepsOneLine() throws {
        let text = try output(verbose: 1, isTerminal: true, terminalWidth: 200)
        #expect(!text.contains("\u{1B}[1A") && !text.contains("\u{1B}[2A"))
        #expect(text.components(separatedBy: "\n").filter { $0.contains(" - val_loss: ") }.count == 2)
    }
}
