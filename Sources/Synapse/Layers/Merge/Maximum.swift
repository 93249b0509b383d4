/// The elementwise maximum of its inputs (Keras's `Maximum`); at ties the gradient goes to the earliest input, as in Keras.
///
/// ```swift
/// let merged = try Maximum()([a, b])
/// ```
public final class Maximum: ElementwiseMergeLayer {
    public var name: String
    public var typeName: String { "Maximum" }
    public var operation: MergeOperation { .maximum }

    /// A Maximum layer.
    public init(name: String = "") { self.name = name }

    public convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
}
