/// The mean of each window (with `.same` padding, of its real positions only), over the rows and columns of channels-last images `[height, width, channels]`
/// (Keras's `AveragePooling2D`); output `[output height, output width, channels]`.
public final class AveragePooling2D: Pooling {
    override class var kind: PoolingKind { .average }
    override class var spatialRank: Int { 2 }

    /// A average pooling over square windows of `poolSize` moved by `strides` (by default the pool
    /// size) along both axes, with `.valid` or `.same` padding.
    ///
    /// ```swift
    /// let pooled = try AveragePooling2D(poolSize: 2)(features)   // [batch, 7, 5, 16] → [batch, 3, 2, 16]
    /// ```
    public convenience init(poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String = "") {
        self.init(poolSize: [poolSize, poolSize], strides: strides.map { [$0, $0] }, padding: padding, name: name)
    }

    /// A average pooling over windows of `poolSize` (rows, columns) moved by `strides` (by default the
    /// pool size).
    public convenience init(poolSize: (Int, Int), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String = "") {
        self.init(poolSize: [poolSize.0, poolSize.1], strides: strides.map { [$0.0, $0.1] }, padding: padding, name: name)
    }
}
