/// The average of each channel over every position of channels-last samples `[steps, channels]` (Keras's
/// `GlobalAveragePooling1D`); output `[channels]`, or with `keepdims` the spatial axes kept with size 1.
public final class GlobalAveragePooling1D: GlobalPooling {
    override class var kind: PoolingKind { .average }
    override class var spatialRank: Int { 1 }

    /// A global average pooling, keeping the spatial axes (with size 1) when `keepdims`.
    ///
    /// ```swift
    /// let pooled = try GlobalAveragePooling1D()(sequence)   // [batch, 10, 8] → [batch, 8]
    /// ```
    public convenience init(keepdims: Bool = false, name: String = "") {
        self.init(keepdims: keepdims, named: name)
    }
}
