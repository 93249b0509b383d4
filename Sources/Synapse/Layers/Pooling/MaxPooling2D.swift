/// The largest value of each window, over the rows and columns of channels-last images `[height, width, channels]`
/// (Keras's `MaxPooling2D`); output `[output height, output width, channels]`.
public final class MaxPooling2D: Pooling {
    override class var kind: PoolingKind { .max }
    override class var spatialRank: Int { 2 }

    /// A max pooling over windows of `poolSize` moved by `strides` (by default the pool size), each
    /// one number for both axes or `[rows, columns]`, with `.valid` or `.same` padding.
    ///
    /// ```swift
    /// let pooled = try MaxPooling2D(poolSize: 2)(features)   // [batch, 26, 26, 32] → [batch, 13, 13, 32]
    /// let tall = MaxPooling2D(poolSize: [3, 2], strides: [1, 2], padding: .same)
    /// ```
    public convenience init(poolSize: SpatialSize = 2, strides: SpatialSize? = nil, padding: Padding = .valid, name: String = "") {
        self.init(poolSize: poolSize.values, strides: strides?.values, padding: padding, name: name)
    }
}
