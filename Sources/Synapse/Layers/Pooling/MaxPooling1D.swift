/// The largest value of each window, over the steps of channels-last sequences `[steps, channels]` (Keras's
/// `MaxPooling1D`); output `[output steps, channels]`.
public final class MaxPooling1D: Pooling {
    override class var kind: PoolingKind { .max }
    override class var spatialRank: Int { 1 }

    /// A max pooling over windows of `poolSize` steps moved by `strides` (by default the pool
    /// size), with `.valid` or `.same` padding.
    ///
    /// ```swift
    /// let pooled = try MaxPooling1D(poolSize: 2)(sequence)   // [batch, 10, 8] → [batch, 5, 8]
    /// ```
    public convenience init(poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String = "") {
        self.init(poolSize: [poolSize], strides: strides.map { [$0] }, padding: padding, name: name)
    }
}
