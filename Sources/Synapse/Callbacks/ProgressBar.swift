import Foundation

/// Keras's progress output for `fit`.
///
/// `verbose: 1` prints `Epoch 3/10` and then one line redrawn in place while the epoch runs, with an
/// ETA, finishing as
/// `250/250 ━━━━━━━━━━━━━━━━━━━━ 1s 3ms/step - accuracy: 0.9512 - loss: 0.1634 - val_accuracy: 0.9490 - val_loss: 0.1702`.
/// When the output is not a terminal only that final line is printed. `verbose: 2` prints one line per
/// epoch, `250/250 - 1s - 3ms/step - accuracy: … - loss: …`. At the end of training both print the
/// total time, `Trained 10 epochs in 12.3s`.
///
/// On a terminal the bar fits its width: metrics that do not fit on the bar's line wrap onto the
/// next lines (`- val_loss: 0.1702`), which are redrawn in place with it.
public final class ProgressBar: Callback {
    /// `true`: under a ``DistributionStrategy`` only the chief runs it (it prints).
    public var runsOnChiefOnly: Bool { true }

    /// 0: silent; 1: a bar (redrawn on a terminal); 2: one line per epoch.
    public let verbose: Int
    private let isTerminal: Bool
    private let write: (String) -> Void
    /// The terminal's width in columns, or `nil` for lines of any length.
    private let terminalWidth: () -> Int?
    private let width = 20
    private var trainingStart = Date()
    private var epochStart = Date()
    private var lastDraw = Date.distantPast
    private var epochsDone = 0
    /// How many lines the bar being redrawn takes (1, or more once its metrics wrap).
    private var drawnLines = 0

    /// A progress bar writing to standard output, fitted to the terminal's width.
    public convenience init(verbose: Int = 1) {
        let isTerminal = isatty(STDOUT_FILENO) == 1
        self.init(verbose: verbose, isTerminal: isTerminal,
                  terminalWidth: isTerminal ? ProgressBar.standardOutputWidth : { nil }) { text in
            // Through `print`, so that the bar interleaves correctly with the program's own output.
            print(text, terminator: "")
            fflush(nil)
        }
    }

    /// A progress bar writing through `write`, drawn as for a terminal when `isTerminal`, with lines
    /// of at most `terminalWidth` columns when given (metrics wrap onto further lines).
    public convenience init(verbose: Int, isTerminal: Bool, terminalWidth: Int? = nil, write: @escaping (String) -> Void) {
        self.init(verbose: verbose, isTerminal: isTerminal, terminalWidth: { terminalWidth }, write: write)
    }

    private init(verbose: Int, isTerminal: Bool, terminalWidth: @escaping () -> Int?, write: @escaping (String) -> Void) {
        self.verbose = verbose
        self.isTerminal = isTerminal
        self.terminalWidth = terminalWidth
        self.write = write
    }

    public func trainingWillBegin(_ training: TrainingContext) {
        trainingStart = Date()
        epochsDone = 0
    }

    public func epochWillBegin(_ epoch: Int, training: TrainingContext) {
        guard verbose > 0 else { return }
        write("Epoch \(epoch + 1)/\(training.epochs)\n")
        epochStart = Date()
        lastDraw = .distantPast
        drawnLines = 0
    }

    public func trainingDidEnd(_ training: TrainingContext) {
        guard verbose > 0, epochsDone > 0 else { return }
        let elapsed = Date().timeIntervalSince(trainingStart)
        write("Trained \(epochsDone) epoch\(epochsDone == 1 ? "" : "s") in \(ProgressBar.formatDuration(elapsed))\n")
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
        let lines = ProgressBar.lines(step: done, of: training.stepsPerEpoch, width: width, colored: true,
                                      time: ProgressBar.formatETA(eta), perStep: perStep, logs: logs, columns: terminalWidth())
        redraw(lines, finished: false)
    }

    public func epochDidEnd(_ epoch: Int, logs: Logs, training: TrainingContext) {
        epochsDone += 1
        let elapsed = Date().timeIntervalSince(epochStart)
        let steps = training.stepsPerEpoch
        let perStep = elapsed / Double(max(steps, 1))
        switch verbose {
        case 1:
            let lines = ProgressBar.lines(step: steps, of: steps, width: width, colored: isTerminal, time: "\(Int(elapsed))s",
                                          perStep: perStep, logs: logs, columns: isTerminal ? terminalWidth() : nil)
            if isTerminal { redraw(lines, finished: true) } else { write(lines.joined(separator: "\n") + "\n") }
        case 2:
            write("\(steps)/\(steps) - \(Int(elapsed))s - \(ProgressBar.formatPerStep(perStep))" + ProgressBar.formatLogs(logs) + "\n")
        default:
            break
        }
    }

    /// Draws `lines` over the bar drawn last (going back up the lines it took), each erased to its end.
    private func redraw(_ lines: [String], finished: Bool) {
        let up = drawnLines > 1 ? "\u{1B}[\(drawnLines - 1)A" : ""
        // A shorter bar than the last leaves lines below it: erase them too.
        let leftover = max(0, drawnLines - lines.count)
        var text = "\r" + up + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\n")
        if leftover > 0 { text += String(repeating: "\n\u{1B}[K", count: leftover) + "\u{1B}[\(leftover)A" }
        write(text + (finished ? "\n" : ""))
        drawnLines = finished ? 0 : lines.count
    }

    /// The bar's lines: `count/total bar time per-step - key: value …`, with the metrics that do not
    /// fit in `columns` (when given) wrapped onto further lines, `- key: value - key: value`.
    static func lines(step: Int, of total: Int, width: Int, colored: Bool, time: String, perStep: Double,
                      logs: Logs, columns: Int?) -> [String] {
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
        let head = "\(count) \(bar) \(time) \(formatPerStep(perStep))"
        let entries = logEntries(logs)
        guard let columns else { return [head + entries.joined()] }
        // The bar's visible width: its escape codes take no columns.
        var lines = [head]
        var used = count.count + 1 + width + 1 + time.count + 1 + formatPerStep(perStep).count
        for entry in entries {
            if used + entry.count <= columns {
                lines[lines.count - 1] += entry
                used += entry.count
            } else {
                let wrapped = String(entry.dropFirst())   // "- key: value"
                lines.append(wrapped)
                used = wrapped.count
            }
        }
        return lines
    }

    /// ` - key: value` for every entry, in Keras's order, four decimals (scientific when tiny).
    static func formatLogs(_ logs: Logs) -> String {
        logEntries(logs).joined()
    }

    /// ` - key: value` for each entry of `logs`, in Keras's order.
    private static func logEntries(_ logs: Logs) -> [String] {
        History.ordered(Array(logs.keys)).map { key in " - \(key): \(format(logs[key]!))" }
    }

    /// The width of the terminal standard output writes to, if it is one (`COLUMNS` otherwise, or 80).
    private static func standardOutputWidth() -> Int? {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    /// `850ms`, `12.3s`, `4m 05s` or `1h 02m 03s`.
    static func formatDuration(_ seconds: Double) -> String {
        if seconds < 1 { return String(format: "%.0fms", seconds * 1e3) }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%dm %02ds", s / 60, s % 60) }
        return String(format: "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60)
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
