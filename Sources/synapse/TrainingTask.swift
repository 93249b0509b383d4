import ArgumentParser
import Synapse

/// What a model predicts: a class among a few, or a number.
enum TrainingTask: String, CaseIterable, ExpressibleByArgument {
    /// Decide from the label column (see ``resolve(labels:classNames:labelName:)``).
    case auto
    /// One class per row: softmax output, sparse categorical cross-entropy, accuracy.
    case classification
    /// A number per row: one linear unit, mean squared error, mean absolute error.
    case regression

    /// The most distinct whole-number labels that `auto` still reads as classes.
    static let maximumAutomaticClassCount = 20

    /// The concrete task for a label column: string labels are classes; whole-number labels with at
    /// most ``maximumAutomaticClassCount`` distinct values are classes; anything else is regression.
    ///
    /// - Parameters:
    ///   - labels: the label column's values (class indices when `classNames` is given).
    ///   - classNames: the names of a column of strings, from ``CSVDataset/labelClasses``.
    /// - Throws: ``SynapseError/invalidArgument(_:)`` for regression on class names, or
    ///   classification on labels that are not whole numbers.
    func resolve(labels: [Float], classNames: [String]?, labelName: String) throws -> TrainingTask {
        let wholeNumbers = labels.allSatisfy { $0 == $0.rounded() }
        switch self {
        case .auto:
            if classNames != nil { return .classification }
            let distinct = Set(labels).count
            return wholeNumbers && distinct <= Self.maximumAutomaticClassCount ? .classification : .regression
        case .classification:
            guard classNames != nil || wholeNumbers else {
                throw SynapseError.invalidArgument("--task classification: the label column '\(labelName)' must hold class names or whole numbers, found fractional values such as \(labels.first { $0 != $0.rounded() }!)")
            }
            return .classification
        case .regression:
            guard classNames == nil else {
                throw SynapseError.invalidArgument("--task regression: the label column '\(labelName)' holds class names (\(classNames!.prefix(3).joined(separator: ", "))…), not numbers")
            }
            return .regression
        }
    }
}
