import Foundation
import Synapse
import Testing

// Small helpers shared by the test files. Everything here goes through Synapse's public API.

/// Expects `tensor` to have `shape` (when given) and values within `tolerance` of `expected`
/// (absolute, or relative to the expected value's magnitude when that is above 1).
func expectClose(_ tensor: Tensor, _ expected: [Float], shape: [Int]? = nil, tolerance: Float = 1e-5,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    if let shape {
        #expect(tensor.shape == shape, "shape \(tensor.shape), expected \(shape)", sourceLocation: sourceLocation)
    }
    guard tensor.count == expected.count else {
        Issue.record("\(tensor.count) values, expected \(expected.count): \(tensor)", sourceLocation: sourceLocation)
        return
    }
    for (i, (actual, wanted)) in zip(tensor.scalars, expected).enumerated() {
        let allowed = tolerance * Swift.max(1, Swift.abs(wanted))
        if !(Swift.abs(actual - wanted) <= allowed) {
            Issue.record("value \(i): \(actual), expected \(wanted) (±\(allowed)) in \(tensor)",
                         sourceLocation: sourceLocation)
        }
    }
}

/// Expects two tensors to have the same shape and values within `tolerance`.
func expectClose(_ tensor: Tensor, _ expected: Tensor, tolerance: Float = 1e-5,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose(tensor, expected.scalars, shape: expected.shape, tolerance: tolerance, sourceLocation: sourceLocation)
}

/// Runs the gradient checker and expects every input to pass.
func expectGradientsMatch(at inputs: [Tensor], step: Float = 1e-2,
                          absoluteTolerance: Double = 1e-3, relativeTolerance: Double = 1e-2,
                          sourceLocation: SourceLocation = #_sourceLocation,
                          of function: ([Tensor]) throws -> Tensor) throws {
    let report = try checkGradients(at: inputs, step: step, absoluteTolerance: absoluteTolerance,
                                    relativeTolerance: relativeTolerance, of: function)
    #expect(report.inputs.count == inputs.count, sourceLocation: sourceLocation)
    #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
}

/// Reduces `tensor` to one number with fixed, unequal weights, so that every element of a gradient
/// is different and a mix-up of elements cannot go unnoticed.
func weightedSum(_ tensor: Tensor) throws -> Tensor {
    try (tensor * probeWeights(tensor.shape)).sum()
}

/// Fixed weights in [−1, 1] of `shape`, different for every element.
func probeWeights(_ shape: [Int]) throws -> Tensor {
    let count = shape.reduce(1, *)
    return try Tensor(shape: shape, scalars: (0..<count).map { Float(sin(Double($0) * 1.7 + 0.3)) })
}

/// Values uniform in [low, high) from a fixed seed.
func uniformTensor(_ shape: [Int], low: Float = -1, high: Float = 1, seed: UInt64) throws -> Tensor {
    try Tensor.randomUniform(shape, low: low, high: high, seed: seed)
}

/// Values whose magnitudes lie in [0.2, 1.2] with random signs: safely away from the kinks of
/// ReLU and |x| at 0, for gradient checks.
func awayFromZeroTensor(_ shape: [Int], seed: UInt64) throws -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    let values = (0..<count).map { _ -> Float in
        let magnitude = generator.nextUniform(low: 0.2, high: 1.2)
        return generator.nextUniform() < 0.5 ? -magnitude : magnitude
    }
    return try Tensor(shape: shape, scalars: values)
}

/// Values `offset + 0.25·k` for random integers k in −6…6. Two grids with offsets that differ by
/// 0.12 never come closer than 0.12: no ties for `maximum`/`minimum`, no values on clipping bounds.
func gridTensor(_ shape: [Int], offset: Float, seed: UInt64) throws -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    return try Tensor(shape: shape, scalars: (0..<count).map { _ in offset + 0.25 * Float(generator.nextInt(below: 13) - 6) })
}

/// The values 0.1·(k − count/2) for k in 0..<count, shuffled: all different, 0.1 apart, so
/// reductions by max/min have no ties.
func distinctTensor(_ shape: [Int], seed: UInt64) throws -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    var values = (0..<count).map { 0.1 * Float($0 - count / 2) }
    generator.shuffle(&values)
    return try Tensor(shape: shape, scalars: values)
}

/// The kind of a ``SynapseError``, without its message.
enum SynapseErrorKind {
    case shapeMismatch, invalidArgument, invalidData, fileError, invalidState
}

extension SynapseError {
    var kind: SynapseErrorKind {
        switch self {
        case .shapeMismatch: .shapeMismatch
        case .invalidArgument: .invalidArgument
        case .invalidData: .invalidData
        case .fileError: .fileError
        case .invalidState: .invalidState
        }
    }
}

/// Expects `body` to throw a ``SynapseError`` of `kind` whose message contains every fragment.
func expectSynapseError(_ kind: SynapseErrorKind, mentioning fragments: [String] = [],
                        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected a SynapseError.\(kind), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as SynapseError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.message.contains(fragment), "message \"\(error.message)\" lacks \"\(fragment)\"",
                    sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected a SynapseError, got \(error)", sourceLocation: sourceLocation)
    }
}
