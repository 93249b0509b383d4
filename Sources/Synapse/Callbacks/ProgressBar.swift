import Foundation

/// Keras's progress output for `fit`.
///
/// `verbose: 1` prints `Epoch 3/10` and then one line redrawn in place while the epoch runs, with an
/// ETA, finishing as
/// `250/250 ━━━━━━━━━━━━━━━━━━━━ 1s 3ms/step - accuracy: 0.9512 - loss: 0.1634 - val_accuracy: 0.9490 - val_loss: 0.1702`.
/// When the output is not a terminal only that final line is printed. `verbose: 2` prints one line per
/// epoch, `250/250 - 1s - 3ms/step - accuracy: … - loss: …`.
public final class ProgressBar: Callback {
    /// 0: silent; 1: a bar (redrawn on a terminal); 2: one line per epoch.
    public let verbose: Int
    private let isTerminal: Bool
    private let write: (String) -> Void
    private let width = 20
    private var epochStart = Date()
    private var lastDraw = Date.distantPast

    /// A progress bar writing to standard output.
    public convenience init(verbose: Int = 1) {
        self.init(verbose: verbose, isTerminal: isatty(STDOUT_FILENO) == 1) { text in
            // Through `print`, so that the bar interleaves correctly with the program's own output.
            print(text, terminator: "")
            fflush(nil)
        }
    }

    /// A progress bar writing through `write`, drawn as for a terminal when `isTerminal`.
    public init(verbose: Int, isTerminal: Bool, write: @escaping (String) -> Void) {
        self.verbose = verbose
        self.isTerminal = isTerminal
        self.write = write
    }

    public func epochWillBegin(_ epoch: Int, training: TrainingContext) {
        guard verbose > 0 else { return }
        write("Epoch \(epoch + 1)/\(training.epochs)\n")
        epochStart = Date()
        lastDraw = .distantPast
    }

    public func batchDidEnd(_ batch: Int, logs: Logs, training: TrainingContext) {
        guard verbose == 1, isTerminal else { return }
        let now = Date()
        let done = batch + 1
        guard done < training.stepsPerEpoch, now.timeIntervalSince(lastDraw) >= 0.05 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(epochStart)
        let perStep = elapsed / Double(done)
        let eta = perStep * Double(training.stepsPerEpoch - done)
        let line = ProgressBar.line(step: done, of: training.stepsPerEpoch, width: width, colored: true,
                                    time: ProgressBar.formatETA(eta), perStep: perStep, logs: logs)
        write("\r" + line + "\u{1B}[K")
    }

    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
        let elapsed = Date().timeIntervalSince(epochStart)
        let steps = training.stepsPerEpoch
        let perStep = elapsed / Double(max(steps, 1))
        switch verbose {
        case 1:
            let line = ProgressBar.line(step: steps, of: steps, width: width, colored: isTerminal,
                                        time: "\(Int(elapsed))s", perStep: perStep, logs: logs)
            write((isTerminal ? "\r" : "") + line + (isTerminal ? "\u{1B}[K" : "") + "\n")
        case 2:
            write("\(steps)/\(steps) - \(Int(elapsed))s - \(ProgressBar.formatPerStep(perStep))" + ProgressBar.formatLogs(logs) + "\n")
        default:
            break
        }
    }

    /// One bar line: `count/total bar time per-step - key: value …`.
    static func line(step: Int, of total: Int, width: Int, colored: Bool, time: String, perStep: Double, logs: Logs) -> String {
        let digits = String(total).count
        let count = String(repeating: " ", count: max(0, digits - String(step).count)) + "\(step)/\(total)"
        let filled = total > 0 ? width * step / total : width
        let bar: String
        if colored {
            bar = "\u{1B}[32m" + String(repeating: "━", count: filled) + "\u{1B}[0m"
                + "\u{1B}[2m" + String(repeating: "━", count: width - filled) + "\u{1B}[0m"
        } else {
            bar = String(repeating: "━", count: filled) + String(repeating: " ", count: width - filled)
        }
        return "\(count) \(bar) \(time) \(formatPerStep(perStep))" + formatLogs(logs)
    }

    /// ` - key: value` for every entry, in Keras's order, four decimals (scientific when tiny).
    static func formatLogs(_ logs: Logs) -> String {
        History.ordered(Array(logs.keys)).map { key in " - \(key): \(format(logs[key]!))" }.joined()
    }

    /// One value as Keras prints it: four decimals, scientific when tiny.
    static func format(_ value: Float) -> String {
        // Compared as a Double, as Keras compares the float32 value: Float(0.001) is just above 1e-3.
        abs(Double(value)) > 1e-3 || value == 0 ? String(format: "%.4f", value) : String(format: "%.4e", value)
    }

    /// `3ms/step`, `1s/step` or `250us/step`.
    static func formatPerStep(_ seconds: Double) -> String {
        if seconds >= 1 { return String(format: "%.0fs/step", seconds) }
        if seconds >= 1e-3 { return String(format: "%.0fms/step", seconds * 1e3) }
        return String(format: "%.0fus/step", seconds * 1e6)
    }

    /// `7s`, `1:05` or `1:02:03`.
    static func formatETA(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60) }
        if s >= 60 { return String(format: "%d:%02d", s / 60, s % 60) }
        return "\(s)s"
    }
}
