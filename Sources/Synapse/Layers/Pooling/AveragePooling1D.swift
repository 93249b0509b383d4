/// The mean of each window (with `.same` padding, of its real positions only), over the steps of channels-last sequences `[steps, channels]` (Keras's
/// `AveragePooling1D`); output `[output steps, channels]`.
public final class AveragePooling1D: Pooling {
    override class var kind: PoolingKind { .average }
    override class var spatialRank: Int { 1 }

    /// A average pooling over windows of `poolSize` steps moved by `strides` (by default the pool
    /// size), with `.valid` or `.same` padding.
    ///
    /// ```swift
    /// let pooled = try AveragePooling1D(poolSize: 3, strides: 1, padding: .same)(sequence)   // [batch, 10, 8] → [batch, 10, 8]
    /// ```
    public convenience init(poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String = "") {
        self.init(poolSize: [poolSize], strides: strides.map { [$0] }, padding: padding, name: name)
    }
}
