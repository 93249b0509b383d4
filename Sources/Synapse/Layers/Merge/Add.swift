/// Adds its inputs elementwise (Keras's `Add`).
///
/// ```swift
/// let merged = try Add()([a, b])
/// ```
public final class Add: ElementwiseMergeLayer {
    public var name: String
    public var typeName: String { "Add" }
    public var operation: MergeOperation { .add }

    /// A Add layer.
    public init(name: String = "") { self.name = name }

    public convenience init(configuration: Configuration, name: String) throws { self.init(name: name) }
}
