/// The largest value of each window, over the rows and columns of channels-last images `[height, width, channels]`
/// (Keras's `MaxPooling2D`); output `[output height, output width, channels]`.
public final class MaxPooling2D: Pooling {
    override class var kind: PoolingKind { .max }
    override class var spatialRank: Int { 2 }

    /// A max pooling over square windows of `poolSize` moved by `strides` (by default the pool
    /// size) along both axes, with `.valid` or `.same` padding.
    ///
    /// ```swift
    /// let pooled = try MaxPooling2D(poolSize: 2)(features)   // [batch, 26, 26, 32] → [batch, 13, 13, 32]
    /// ```
    public convenience init(poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String = "") {
        self.init(poolSize: [poolSize, poolSize], strides: strides.map { [$0, $0] }, padding: padding, name: name)
    }

    /// A max pooling over windows of `poolSize` (rows, columns) moved by `strides` (by default the
    /// pool size).
    public convenience init(poolSize: (Int, Int), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String = "") {
        self.init(poolSize: [poolSize.0, poolSize.1], strides: strides.map { [$0.0, $0.1] }, padding: padding, name: name)
    }
}
