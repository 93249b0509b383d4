import Foundation

/// Round tick values for a chart axis: evenly spaced by 1, 2 or 5 × 10ⁿ, about `targetCount` of
/// them across the range, as plotting libraries choose them.
struct AxisTicks: Equatable {
    /// Where the axis starts.
    var lower: Double
    /// Where the axis ends.
    var upper: Double
    /// The distance between ticks.
    var step: Double
    /// The tick values, ascending, all within `lower...upper`.
    var values: [Double]

    /// Ticks for data from `low` to `high` (finite, `low ≤ high`).
    ///
    /// - Parameters:
    ///   - extendToTicks: when `true` the axis grows to the ticks just outside the data (a value
    ///     axis); when `false` it spans the data exactly and only ticks inside are kept (an epoch axis).
    ///   - integers: the step is at least 1, for counts such as epochs.
    init(from low: Double, to high: Double, targetCount: Int = 5, extendToTicks: Bool = true, integers: Bool = false) {
        var (low, high) = (min(low, high), max(low, high))
        if !(low.isFinite && high.isFinite) { (low, high) = (0, 1) }
        if high - low <= Swift.max(abs(low), abs(high)) * 1e-12 {
            // One value: centre it in a small range around it.
            let half = integers ? 0.5 : (low == 0 ? 1 : abs(low) * 0.1)
            (low, high) = (low - half, high + half)
        }
        var step = AxisTicks.niceStep(for: (high - low) / Double(Swift.max(1, targetCount)))
        if integers { step = Swift.max(1, step.rounded()) }
        // Data within a thousandth of a step of a tick counts as on it (Float32 noise: 0.84 is
        // 0.83999997), so the axis does not grow by a whole step for it.
        let first = (low / step + 1e-3).rounded(.down), last = (high / step - 1e-3).rounded(.up)
        let (start, end) = extendToTicks ? (first * step, last * step) : (low, high)
        let tolerance = step * 1e-9
        (lower, upper, self.step) = (start, end, step)
        values = stride(from: first, through: last, by: 1).map { $0 * step }.filter { value in
            value >= start - tolerance && value <= end + tolerance
        }
    }

    /// The 1, 2 or 5 × 10ⁿ step nearest above `rough`.
    static func niceStep(for rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let residual = rough / magnitude
        let nice: Double = residual <= 1.001 ? 1 : residual <= 2.002 ? 2 : residual <= 5.005 ? 5 : 10
        return nice * magnitude
    }

    /// A label for a tick, with as many decimals as the step needs (`0.25` steps of 0.05 → `0.25`,
    /// steps of 2 → `4`), in scientific notation for very large or very small steps.
    func label(_ value: Double) -> String {
        let value = abs(value) < step * 1e-9 ? 0 : value
        if step >= 1e6 || step < 1e-5 { return String(format: "%.3g", value) }
        let decimals = Swift.max(0, -Int((log10(step) + 1e-9).rounded(.down)))
        return String(format: "%.\(decimals)f", value)
    }
}
