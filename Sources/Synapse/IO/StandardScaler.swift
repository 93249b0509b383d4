/// Standardisation: maps each feature to zero mean and unit standard deviation, as seen in the data
/// it was fitted to — scikit-learn's `StandardScaler`.
///
/// Fit the scaler to the training rows and apply the same transformation to any other data. The
/// standard deviation is the population one (divided by the row count, `ddof = 0`, as scikit-learn
/// and Keras's `Normalization` layer compute it); a feature that is constant in the fitted data is
/// only centred (its scale is taken as 1).
///
/// ```swift
/// let scaler = try StandardScaler(fittedTo: train.x)
/// let xTrain = try scaler.transform(train.x), xTest = try scaler.transform(test.x)
/// // keep scaler.means and scaler.standardDeviations to rebuild it later:
/// let again = try StandardScaler(means: scaler.means, standardDeviations: scaler.standardDeviations)
/// ```
public struct StandardScaler: Sendable, Equatable {
    /// The mean of each feature in the fitted data.
    public let means: [Float]
    /// The standard deviation each feature is divided by: the fitted data's population standard
    /// deviation, or 1 for a feature that was constant.
    public let standardDeviations: [Float]

    /// Fits a scaler to `data`, of shape `[rows, features]`.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` unless `data` has rank 2;
    ///   ``SynapseError/invalidData(_:)`` if it has no rows or holds a non-finite value.
    public init(fittedTo data: Tensor) throws {
        guard data.rank == 2 else {
            throw SynapseError.invalidArgument("StandardScaler: expected data of shape [rows, features], found shape \(data.shape)")
        }
        guard data.count > 0 else {
            throw SynapseError.invalidData("StandardScaler: cannot fit to empty data of shape \(data.shape)")
        }
        try validateFinite(data, name: "StandardScaler data")
        let (rows, width) = (data.shape[0], data.shape[1])
        var sums = [Double](repeating: 0, count: width)
        let scalars = data.scalars
        for (i, value) in scalars.enumerated() { sums[i % width] += Double(value) }
        let means = sums.map { $0 / Double(rows) }
        var squares = [Double](repeating: 0, count: width)
        for (i, value) in scalars.enumerated() {
            let deviation = Double(value) - means[i % width]
            squares[i % width] += deviation * deviation
        }
        self.means = means.map(Float.init)
        self.standardDeviations = squares.map { sum in
            let deviation = Float((sum / Double(rows)).squareRoot())
            return deviation > 0 ? deviation : 1
        }
    }

    /// A scaler from stored statistics, such as ``means`` and ``standardDeviations`` saved earlier.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if the two lists are empty or differ in length,
    ///   or a value is not finite or a standard deviation is not positive.
    public init(means: [Float], standardDeviations: [Float]) throws {
        guard !means.isEmpty, means.count == standardDeviations.count else {
            throw SynapseError.invalidArgument("StandardScaler: expected one mean and one standard deviation per feature (at least one), found \(means.count) means and \(standardDeviations.count) standard deviations")
        }
        guard means.allSatisfy(\.isFinite), standardDeviations.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw SynapseError.invalidArgument("StandardScaler: expected finite means and finite, positive standard deviations, found means \(means) and standard deviations \(standardDeviations)")
        }
        self.means = means
        self.standardDeviations = standardDeviations
    }

    /// `data` standardised with the fitted statistics: `(x − mean) / std` for each feature.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` unless `data` has shape `[rows, features]` with
    ///   the fitted number of features; ``SynapseError/invalidData(_:)`` for a non-finite value.
    public func transform(_ data: Tensor) throws -> Tensor {
        guard data.rank == 2, data.shape[1] == means.count else {
            throw SynapseError.shapeMismatch("StandardScaler.transform: the scaler was fitted to rows of \(means.count) features, expected shape [rows, \(means.count)], found \(data.shape)")
        }
        try validateFinite(data, name: "StandardScaler.transform data")
        let width = means.count
        return data.detached.mapValuesIndexed { i, value in
            (value - means[i % width]) / standardDeviations[i % width]
        }
    }
}
