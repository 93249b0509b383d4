/// The elementwise minimum of its inputs (Keras's `Minimum`); at ties the gradient goes to the earliest input, as in Keras.
///
/// ```swift
/// let merged = try Minimum()([a, b])
/// ```
public final class Minimum: ElementwiseMergeLayer {
    public var name: String
    public var typeName: String { "Minimum" }
    public var operation: MergeOperation { .minimum }

    /// A Minimum layer.
    public init(name: String = "") { self.name = name }

    public convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
}
