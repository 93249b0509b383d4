/// The max of each channel over every position of channels-last samples `[height, width, channels]` (Keras's
/// `GlobalMaxPooling2D`); output `[channels]`, or with `keepdims` the spatial axes kept with size 1.
public final class GlobalMaxPooling2D: GlobalPooling {
    override class var kind: PoolingKind { .max }
    override class var spatialRank: Int { 2 }

    /// A global max pooling, keeping the spatial axes (with size 1) when `keepdims`.
    ///
    /// ```swift
    /// let pooled = try GlobalMaxPooling2D(keepdims: true)(features)   // [batch, 5, 5, 64] → [batch, 1, 1, 64]
    /// ```
    public convenience init(keepdims: Bool = false, name: String = "") {
        self.init(keepdims: keepdims, named: name)
    }
}
