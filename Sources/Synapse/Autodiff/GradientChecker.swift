/// The verdict of comparing automatic gradients with finite differences, for one input.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// The position of the input among the function's arguments.
    public let inputIndex: Int
    /// The input's shape.
    public let shape: [Int]
    /// The largest |automatic − numeric| over the input's elements.
    public let maxAbsoluteError: Double
    /// The largest |automatic − numeric| / max(|automatic|, |numeric|) over elements whose
    /// magnitude is at least the absolute tolerance (smaller ones are judged by the absolute error).
    public let maxRelativeError: Double
    /// The multi-dimensional index of the element that fails worst (or fits least well).
    public let worstIndex: [Int]
    /// The automatic and numeric gradient at `worstIndex`.
    public let worstAutomatic: Double
    public let worstNumeric: Double
    /// Whether every element is within tolerance.
    public let passed: Bool

    public var description: String {
        let verdict = passed ? "ok" : "FAILED"
        return "input \(inputIndex) \(shape): \(verdict) — max abs error \(String(format: "%.3g", maxAbsoluteError)), "
            + "max rel error \(String(format: "%.3g", maxRelativeError)); worst at \(worstIndex): "
            + "automatic \(String(format: "%.6g", worstAutomatic)) vs numeric \(String(format: "%.6g", worstNumeric))"
    }
}

/// A report of ``checkGradients(at:step:absoluteTolerance:relativeTolerance:of:)`` for every input.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
    /// One result per input, in order.
    public let inputs: [GradientCheckResult]
    /// Whether every input passed.
    public var passed: Bool { inputs.allSatisfy(\.passed) }
    /// The results of inputs that failed.
    public var failures: [GradientCheckResult] { inputs.filter { !$0.passed } }

    public var description: String {
        "Gradient check \(passed ? "passed" : "FAILED"):\n" + inputs.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// Compares the automatic gradient of a scalar function with central finite differences.
///
/// Each element of each input is moved by ±`step` (scaled by the element's magnitude when that is
/// above 1); the function is evaluated in Float32 and the difference quotient formed in `Double`.
/// An element passes when |automatic − numeric| ≤ `absoluteTolerance` + `relativeTolerance` · |numeric|.
///
/// Choose evaluation points away from kinks (ReLU at 0, ties of max/min, clipping bounds): there the
/// finite difference straddles two slopes.
///
/// ```swift
/// let report = try checkGradients(at: [x, w]) { t in try t[0].matmul(t[1]).relu().sum() }
/// #expect(report.passed, "\(report)")
/// ```
public func checkGradients(at inputs: [Tensor], step: Float = 1e-2,
                           absoluteTolerance: Double = 1e-3, relativeTolerance: Double = 1e-2,
                           of function: ([Tensor]) throws -> Tensor) throws -> GradientCheckReport {
    let (_, automatic) = try valueWithGradient(at: inputs, of: function)
    func evaluate(_ arguments: [Tensor]) throws -> Double {
        let value = try function(arguments)
        guard value.count == 1 else {
            throw SynapseError.shapeMismatch("checkGradients: the function must return a single value, found shape \(value.shape)")
        }
        return Double(value.scalars[0])
    }
    var results: [GradientCheckResult] = []
    for (index, input) in inputs.enumerated() {
        var worst = (score: -Double.infinity, element: 0, automatic: 0.0, numeric: 0.0)
        var maxAbsolute = 0.0, maxRelative = 0.0
        var passed = true
        var arguments = inputs.map(\.detached)
        for element in 0..<input.count {
            let original = input.scalars[element]
            let h = step * Swift.max(1, Swift.abs(original))
            arguments[index].scalars[element] = original + h
            let plus = try evaluate(arguments)
            arguments[index].scalars[element] = original - h
            let minus = try evaluate(arguments)
            arguments[index].scalars[element] = original
            // The actual distance between the two Float32 points, not the nominal 2h.
            let distance = Double(original + h) - Double(original - h)
            let numeric = (plus - minus) / distance
            let auto = Double(automatic[index].scalars[element])
            let absolute = Swift.abs(auto - numeric)
            let magnitude = Swift.max(Swift.abs(auto), Swift.abs(numeric))
            let relative = magnitude >= absoluteTolerance ? absolute / magnitude : 0
            let allowed = absoluteTolerance + relativeTolerance * Swift.abs(numeric)
            maxAbsolute = Swift.max(maxAbsolute, absolute)
            maxRelative = Swift.max(maxRelative, relative)
            if absolute > allowed { passed = false }
            let score = absolute / allowed
            if score > worst.score { worst = (score, element, auto, numeric) }
        }
        results.append(GradientCheckResult(
            inputIndex: index, shape: input.shape, maxAbsoluteError: maxAbsolute, maxRelativeError: maxRelative,
            worstIndex: unravel(worst.element, shape: input.shape),
            worstAutomatic: worst.automatic, worstNumeric: worst.numeric, passed: passed))
    }
    return GradientCheckReport(inputs: results)
}

/// The multi-dimensional index of a flat row-major offset.
func unravel(_ offset: Int, shape: [Int]) -> [Int] {
    var index = [Int](repeating: 0, count: shape.count)
    var rest = offset
    for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
        index[axis] = rest % shape[axis]
        rest /= shape[axis]
    }
    return index
}

import Foundation
