/// Keras's `PiecewiseConstantDecay`: `values[0]` up to and including step `boundaries[0]`,
/// `values[i]` for steps in (`boundaries[i − 1]`, `boundaries[i]`], and the last value after the last
/// boundary.
///
/// ```swift
/// // 1.0 for the first 100001 steps, 0.5 for the next 10000, then 0.1.
/// let rate = PiecewiseConstantDecay(boundaries: [100_000, 110_000], values: [1.0, 0.5, 0.1])
/// ```
public struct PiecewiseConstantDecay: LearningRateSchedule, Equatable, Sendable {
    /// The steps at which the rate changes, increasing.
    public let boundaries: [Int]
    /// The rates: one more than there are boundaries.
    public let values: [Float]

    /// A piecewise-constant schedule.
    public init(boundaries: [Int], values: [Float]) {
        self.boundaries = boundaries
        self.values = values
    }

    /// Checks the hyper-parameters (optimizers do so before every update).
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if `values` does not have one more element than
    ///   `boundaries`, the boundaries do not increase, or a value is negative or not finite.
    public func validate() throws {
        guard values.count == boundaries.count + 1 else {
            throw SynapseError.invalidArgument("PiecewiseConstantDecay: values must have one more element than boundaries, found \(values.count) values for \(boundaries.count) boundaries")
        }
        for (previous, next) in zip(boundaries, boundaries.dropFirst()) where next <= previous {
            throw SynapseError.invalidArgument("PiecewiseConstantDecay: boundaries must increase, found \(next) after \(previous)")
        }
        for value in values { try ArgumentCheck.nonNegative(value, "every value", in: "PiecewiseConstantDecay") }
    }

    /// The rate after `step` updates.
    public func callAsFunction(_ step: Int) -> Float {
        guard !values.isEmpty else { return .nan }
        let index = boundaries.firstIndex { step <= $0 } ?? boundaries.count
        return values[Swift.min(index, values.count - 1)]
    }

    /// `boundaries`, `values`.
    public var configuration: [String: JSONValue] {
        ["boundaries": .array(boundaries.map { .number(Double($0)) }), "values": .array(values.map { .number(Double($0)) })]
    }
}
