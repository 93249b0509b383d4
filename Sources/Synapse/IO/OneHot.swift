/// Class indices turned into one-hot rows: row `i` is all zeros but for a one at column `labels[i]`.
///
/// The counterpart of Keras's `to_categorical`.
///
/// ```swift
/// let y = try oneHot(labels: Tensor([2, 0]), classCount: 3)   // [[0, 0, 1], [1, 0, 0]]
/// ```
///
/// - Parameters:
///   - labels: class indices, shape `[n]` or `[n, 1]`.
///   - classCount: the number of classes, the width of each row.
/// - Returns: a tensor of shape `[n, classCount]`.
/// - Throws: ``SynapseError/invalidData(_:)`` if a label is not a whole number in `0..<classCount`
///   (naming its row); ``SynapseError/invalidArgument(_:)`` if `classCount` is not positive;
///   ``SynapseError/shapeMismatch(_:)`` for labels of another shape.
public func oneHot(labels: Tensor, classCount: Int) throws -> Tensor {
    guard classCount > 0 else {
        throw SynapseError.invalidArgument("oneHot: classCount must be at least 1, found \(classCount)")
    }
    guard labels.rank == 1 || (labels.rank == 2 && labels.shape[1] == 1) else {
        throw SynapseError.shapeMismatch("oneHot: expected labels of shape [n] or [n, 1], found \(labels.shape)")
    }
    let rows = labels.shape[0]
    let count = try Shape.checkedCount([rows, classCount], what: "oneHot: \(rows) labels × \(classCount) classes")
    for (row, label) in labels.scalars.enumerated() {
        guard label.isFinite, label.rounded() == label, label >= 0, label < Float(classCount) else {
            throw SynapseError.invalidData("oneHot: label \(label) at row \(row) is not a class index; expected a whole number in 0..<\(classCount)")
        }
    }
    var values = [Float](repeating: 0, count: count)
    for (row, label) in labels.scalars.enumerated() {
        values[row * classCount + Int(label)] = 1
    }
    return Tensor(uncheckedShape: [rows, classCount], scalars: values)
}
