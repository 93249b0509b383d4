/// Checks that every value of `tensor` is finite, naming the first NaN or infinity found.
///
/// Rows are entries along the first axis, as in a batch of examples; the message gives the row and
/// the full index of the bad value.
///
/// ```swift
/// try validateFinite(features, name: "x")   // "x: row 3 holds NaN at index [3, 1] of shape [10, 4]"
/// ```
///
/// - Parameter name: how to call the data in the message (`"x"`, `"labels"`, a file name).
/// - Throws: ``SynapseError/invalidData(_:)`` if a value is NaN or infinite.
public func validateFinite(_ tensor: Tensor, name: String = "data") throws {
    let bad: Int? = tensor.withUnsafeBufferPointer { values in
        values.firstIndex { !$0.isFinite }
    }
    guard let offset = bad else { return }
    let value = tensor.scalars[offset]
    let what = value.isNaN ? "NaN" : (value > 0 ? "+infinity" : "−infinity")
    guard tensor.rank >= 1 else {
        throw SynapseError.invalidData("\(name): the scalar value is \(what); expected a finite number")
    }
    var index = [Int](repeating: 0, count: tensor.rank)
    var rest = offset
    for axis in stride(from: tensor.rank - 1, through: 0, by: -1) {
        index[axis] = rest % tensor.shape[axis]
        rest /= tensor.shape[axis]
    }
    throw SynapseError.invalidData("\(name): row \(index[0]) holds \(what) at index \(index) of shape \(tensor.shape); expected finite numbers")
}
