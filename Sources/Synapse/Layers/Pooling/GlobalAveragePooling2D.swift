/// The average of each channel over every position of channels-last samples `[height, width, channels]` (Keras's
/// `GlobalAveragePooling2D`); output `[channels]`, or with `keepdims` the spatial axes kept with size 1.
public final class GlobalAveragePooling2D: GlobalPooling {
    override class var kind: PoolingKind { .average }
    override class var spatialRank: Int { 2 }

    /// A global average pooling, keeping the spatial axes (with size 1) when `keepdims`.
    ///
    /// ```swift
    /// let pooled = try GlobalAveragePooling2D(keepdims: true)(features)   // [batch, 5, 5, 64] → [batch, 1, 1, 64]
    /// ```
    public convenience init(keepdims: Bool = false, name: String = "") {
        self.init(keepdims: keepdims, named: name)
    }
}
