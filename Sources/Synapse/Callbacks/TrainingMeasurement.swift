/// One number a callback measured while training, under a TensorBoard-style tag, at a step:
/// what ``TrainingContext/measurements`` holds.
///
/// ```swift
/// training.record([TrainingMeasurement(tag: "gradient_flow/dense/gradient_norm", step: 10, value: 0.03)])
/// ```
public struct TrainingMeasurement: Equatable, Sendable {
    /// What was measured, with `/` between its parts (`gradient_flow/dense_1/gradient_norm`).
    public var tag: String
    /// When: the global batch count, 1-based over the whole `fit` (the step TensorBoard's batch
    /// scalars use).
    public var step: Int
    /// The value.
    public var value: Float

    /// A measurement of `value` under `tag` at `step`.
    public init(tag: String, step: Int, value: Float) {
        self.tag = tag
        self.step = step
        self.value = value
    }
}
