/// Min-max scaling: maps each feature's range, as seen in the data it was fitted to, onto [0, 1].
///
/// Fit the scaler to the training data and apply the same transformation to test data, as
/// scikit-learn's `MinMaxScaler` does; test values outside the fitted range map outside [0, 1].
/// A feature that is constant in the fitted data maps to 0.
///
/// ```swift
/// let scaler = try MinMaxScaler(fittedTo: train.x)
/// let xTrain = try scaler.transform(train.x), xTest = try scaler.transform(test.x)
/// ```
public struct MinMaxScaler: Sendable, Equatable {
    /// The smallest value of each feature in the fitted data (one entry when not per feature).
    public private(set) var minimums: [Float]
    /// The largest value of each feature in the fitted data (one entry when not per feature).
    public private(set) var maximums: [Float]

    /// Whether each feature has its own range; otherwise one range covers all values.
    public var isPerFeature: Bool

    /// Fits a scaler to `data`, whose rows are examples along the first axis.
    ///
    /// - Parameter perFeature: whether each feature (each position after the first axis) gets its
    ///   own range (default), or all values share one range (typical for images).
    /// - Throws: ``SynapseError/invalidData(_:)`` if `data` has no rows or holds a non-finite value;
    ///   ``SynapseError/invalidArgument(_:)`` for a scalar.
    public init(fittedTo data: Tensor, perFeature: Bool = true) throws {
        guard data.rank >= 1 else {
            throw SynapseError.invalidArgument("MinMaxScaler: expected data with rows along the first axis, found a scalar")
        }
        guard data.count > 0 else {
            throw SynapseError.invalidData("MinMaxScaler: cannot fit to empty data of shape \(data.shape)")
        }
        try validateFinite(data, name: "MinMaxScaler data")
        let width = perFeature ? data.count / data.shape[0] : 1
        var minimums = [Float](repeating: .infinity, count: width)
        var maximums = [Float](repeating: -.infinity, count: width)
        for (i, value) in data.scalars.enumerated() {
            let j = i % width
            minimums[j] = Swift.min(minimums[j], value)
            maximums[j] = Swift.max(maximums[j], value)
        }
        self.minimums = minimums
        self.maximums = maximums
        self.isPerFeature = perFeature
    }

    /// `data` scaled with the fitted ranges: `(x − min) / (max − min)` for each feature.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` if a row of `data` does not have the fitted
    ///   number of features; ``SynapseError/invalidData(_:)`` for a non-finite value.
    public func transform(_ data: Tensor) throws -> Tensor {
        guard data.rank >= 1 else {
            throw SynapseError.invalidArgument("MinMaxScaler.transform: expected data with rows along the first axis, found a scalar")
        }
        let width = minimums.count
        if isPerFeature {
            let rowWidth = data.shape[0] == 0 ? Shape.count(of: Array(data.shape.dropFirst())) : data.count / data.shape[0]
            guard rowWidth == width else {
                throw SynapseError.shapeMismatch("MinMaxScaler.transform: the scaler was fitted to rows of \(width) features, found rows of \(rowWidth) in shape \(data.shape)")
            }
        }
        try validateFinite(data, name: "MinMaxScaler.transform data")
        let scales = zip(minimums, maximums).map { low, high in high > low ? 1 / (high - low) : 0 }
        return data.detached.mapValuesIndexed { i, value in
            let j = i % width
            return (value - minimums[j]) * scales[j]
        }
    }
}

extension Tensor {
    /// A new tensor whose value at each flat index is `transform(index, value)` (not recorded).
    func mapValuesIndexed(_ transform: (Int, Float) -> Float) -> Tensor {
        Tensor.build(shape: shape) { out in
            withUnsafeBufferPointer { src in
                for i in 0..<src.count { out[i] = transform(i, src[i]) }
            }
        }
    }
}

/// `data` min-max scaled to [0, 1] by its own ranges; see ``MinMaxScaler``.
///
/// - Parameter perFeature: whether each feature gets its own range (default) or all values share one.
/// - Throws: as ``MinMaxScaler/init(fittedTo:perFeature:)``.
public func minMaxScaled(_ data: Tensor, perFeature: Bool = true) throws -> Tensor {
    try MinMaxScaler(fittedTo: data, perFeature: perFeature).transform(data)
}

/// `data` with every value divided by `divisor`: `scaled(images, dividingBy: 255)` maps bytes to [0, 1].
///
/// - Throws: ``SynapseError/invalidArgument(_:)`` if `divisor` is zero or not finite.
public func scaled(_ data: Tensor, dividingBy divisor: Float) throws -> Tensor {
    guard divisor.isFinite, divisor != 0 else {
        throw SynapseError.invalidArgument("scaled(_:dividingBy:): the divisor must be finite and non-zero, found \(divisor)")
    }
    return data.detached.mapValuesIndexed { _, value in value / divisor }
}
