/// The mean of each window (with `.same` padding, of its real positions only), over the rows and columns of channels-last images `[height, width, channels]`
/// (Keras's `AveragePooling2D`); output `[output height, output width, channels]`.
public final class AveragePooling2D: Pooling {
    override class var kind: PoolingKind { .average }
    override class var spatialRank: Int { 2 }

    /// An average pooling over windows of `poolSize` moved by `strides` (by default the pool size), each
    /// one number for both axes or `[rows, columns]`, with `.valid` or `.same` padding.
    ///
    /// ```swift
    /// let pooled = try AveragePooling2D(poolSize: 2)(features)   // [batch, 7, 5, 16] → [batch, 3, 2, 16]
    /// let tall = AveragePooling2D(poolSize: [3, 2], strides: [1, 2], padding: .same)
    /// ```
    public convenience init(poolSize: SpatialSize = 2, strides: SpatialSize? = nil, padding: Padding = .valid, name: String = "") {
        self.init(poolSize: poolSize.values, strides: strides?.values, padding: padding, name: name)
    }
}
