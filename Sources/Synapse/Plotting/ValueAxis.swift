import Foundation

/// A panel's value axis: linear with round ticks (``AxisTicks``), or logarithmic with ticks at
/// powers of ten (``LogAxisTicks``), and where a value falls along it.
struct ValueAxis {
    /// The ticks of either scale.
    enum Ticks {
        case linear(AxisTicks)
        case log(LogAxisTicks)
    }

    let ticks: Ticks
    /// The ends of the axis in its own units (the value, or its base-10 logarithm), padded by 3%
    /// so that points and markers stay off the frame.
    private let start: Double, end: Double

    /// The axis for `values` (finite), logarithmic as `logScale` says; see
    /// ``HistoryPlotOptions/LogScale``.
    init(for values: [Double], logScale: HistoryPlotOptions.LogScale) {
        let positive = values.filter { $0 > 0 }
        let useLog: Bool
        switch logScale {
        case .never: useLog = false
        case .always: useLog = !positive.isEmpty
        case .automatic: useLog = !values.isEmpty && positive.count == values.count && positive.max()! > 100 * positive.min()!
        }
        let (low, high): (Double, Double)
        if useLog {
            let log = LogAxisTicks(from: positive.min()!, to: positive.max()!)
            ticks = .log(log)
            (low, high) = (Double(log.lowerExponent), Double(log.upperExponent))
        } else {
            let linear = values.isEmpty ? AxisTicks(from: 0, to: 1) : AxisTicks(from: values.min()!, to: values.max()!)
            ticks = .linear(linear)
            (low, high) = (linear.lower, linear.upper)
        }
        let pad = (high - low) * 0.03
        (start, end) = (low - pad, high + pad)
    }

    var isLogarithmic: Bool {
        if case .log = ticks { return true }
        return false
    }

    /// The labelled tick values, ascending.
    var values: [Double] {
        switch ticks {
        case .linear(let linear): return linear.values
        case .log(let log): return log.values
        }
    }

    /// The unlabelled tick values (a log axis's 2…9 × 10ⁿ).
    var minorValues: [Double] {
        if case .log(let log) = ticks { return log.minorValues }
        return []
    }

    /// Whether `value` can be drawn: finite, and positive on a log axis.
    func canShow(_ value: Double) -> Bool { value.isFinite && (!isLogarithmic || value > 0) }

    /// Where `value` falls: 0 at the start of the axis, 1 at its end (only for values it can show).
    func fraction(_ value: Double) -> Double {
        let position = isLogarithmic ? log10(value) : value
        return (position - start) / (end - start)
    }

    /// The text of a tick.
    func label(_ value: Double) -> String {
        switch ticks {
        case .linear(let linear): return linear.label(value)
        case .log(let log): return log.label(value)
        }
    }
}
