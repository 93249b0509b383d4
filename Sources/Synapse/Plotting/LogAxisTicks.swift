import Foundation

/// Ticks for a logarithmic axis: labelled powers of ten (`0.01`, `0.1`, `1`, `10`), every decade or
/// every few decades so that about six are labelled, with unlabelled minor ticks between them.
struct LogAxisTicks: Equatable {
    /// The exponent of the power of ten where the axis starts.
    var lowerExponent: Int
    /// The exponent of the power of ten where the axis ends.
    var upperExponent: Int
    /// The labelled tick values, ascending.
    var values: [Double]
    /// The unlabelled tick values between them (2…9 × 10ⁿ, or the decades that are not labelled).
    var minorValues: [Double]

    /// Ticks for positive data from `low` to `high`: the axis runs from the power of ten at or below
    /// `low` to the one at or above `high`, and spans at least one decade.
    init(from low: Double, to high: Double, targetCount: Int = 6) {
        var (low, high) = (min(low, high), max(low, high))
        if !(low > 0 && high.isFinite) { (low, high) = (1, 10) }
        // Float32 data sits just off the decades (0.01 is 0.0099999998): a millionth of a decade counts as on it.
        var lower = Int((log10(low) + 1e-6).rounded(.down)), upper = Int((log10(high) - 1e-6).rounded(.up))
        if upper <= lower { upper = lower + 1 }
        let step = Swift.max(1, Int((Double(upper - lower) / Double(Swift.max(1, targetCount))).rounded(.up)))
        // The axis ends on labelled decades.
        lower = Int((Double(lower) / Double(step)).rounded(.down)) * step
        upper = Int((Double(upper) / Double(step)).rounded(.up)) * step
        (lowerExponent, upperExponent) = (lower, upper)
        values = stride(from: lower, through: upper, by: step).map { LogAxisTicks.power($0) }
        if step > 1 {
            minorValues = (lower...upper).filter { ($0 - lower) % step != 0 }.map { LogAxisTicks.power($0) }
        } else {
            minorValues = (lower..<upper).flatMap { exponent in (2...9).map { Double($0) * LogAxisTicks.power(exponent) } }
            if upper - lower == 1 {
                // One decade has only two labels: 2 and 5 × 10ⁿ are labelled too.
                let extra = minorValues.filter { value in [2.0, 5.0].contains { abs(value / LogAxisTicks.power(lower) - $0) < 1e-9 } }
                values = (values + extra).sorted()
                minorValues.removeAll { extra.contains($0) }
            }
        }
    }

    /// 10ⁿ, exact for the decimal powers.
    static func power(_ exponent: Int) -> Double {
        exponent >= 0 ? pow(10, Double(exponent)) : 1 / pow(10, Double(-exponent))
    }

    /// `0.001` … `1000` written out, `1e-5` and `1e6` beyond; `0.2`, `50` for the labelled 2 and 5 × 10ⁿ.
    func label(_ value: Double) -> String {
        let exponent = Int((log10(value) + 1e-9).rounded(.down))
        let mantissa = Int((value / LogAxisTicks.power(exponent)).rounded())
        if exponent < -3 || exponent > 3 { return "\(mantissa)e\(exponent)" }
        if exponent >= 0 { return String(mantissa * Int(LogAxisTicks.power(exponent))) }
        return "0." + String(repeating: "0", count: -exponent - 1) + String(mantissa)
    }
}
