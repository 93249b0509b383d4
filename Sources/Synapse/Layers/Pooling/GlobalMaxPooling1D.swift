/// The max of each channel over every position of channels-last samples `[steps, channels]` (Keras's
/// `GlobalMaxPooling1D`); output `[channels]`, or with `keepdims` the spatial axes kept with size 1.
public final class GlobalMaxPooling1D: GlobalPooling {
    override class var kind: PoolingKind { .max }
    override class var spatialRank: Int { 1 }

    /// A global max pooling, keeping the spatial axes (with size 1) when `keepdims`.
    ///
    /// ```swift
    /// let pooled = try GlobalMaxPooling1D()(sequence)   // [batch, 10, 8] → [batch, 8]
    /// ```
    public convenience init(keepdims: Bool = false, name: String = "") {
        self.init(keepdims: keepdims, named: name)
    }
}
