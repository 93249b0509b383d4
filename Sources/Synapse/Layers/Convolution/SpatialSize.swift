/// A size along the two spatial axes (height, width) of a 2-D layer — a kernel size, strides, a
/// dilation rate — written as one number for both axes or as a pair, as Keras accepts an int or a
/// tuple: `Conv2D(8, kernelSize: 3)`, `Conv2D(8, kernelSize: [3, 2], strides: [2, 1])`.
public struct SpatialSize: Equatable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral,
    CustomStringConvertible {
    /// The values given, one per spatial axis once checked (a layer refuses any other count when it
    /// is built).
    public let values: [Int]

    /// The same size along both axes.
    public init(_ both: Int) { values = [both, both] }

    /// A height and a width.
    public init(_ height: Int, _ width: Int) { values = [height, width] }

    /// The same size along both axes: `kernelSize: 3`.
    public init(integerLiteral value: Int) { self.init(value) }

    /// `[height, width]`: `kernelSize: [3, 2]`.
    public init(arrayLiteral elements: Int...) { values = elements }

    /// The sizes of a layer's axes, as it stores them.
    init(values: [Int]) { self.values = values }

    /// The size along the height axis (the first value).
    public var height: Int { values.first ?? 0 }
    /// The size along the width axis (the last value).
    public var width: Int { values.last ?? 0 }

    public var description: String { "\(values)" }
}
