import Foundation
import Synapse
import Testing

/// The one-parameter problem the optimizer tests use: minimise (w − 3)², gradient 2(w − 3), from w = 1.
enum QuadraticProblem {
    static let start: Float = 1
    static func gradient(_ w: Float) -> Float { 2 * (w - 3) }

    /// Runs `steps` updates of `optimizer` through `valueWithGradient(at: [Parameter])` and `apply`,
    /// returning w after each step.
    static func trajectory(_ optimizer: any Optimizer, steps: Int) throws -> [Float] {
        let w = Parameter(name: "w", value: Tensor([start]))
        var values: [Float] = []
        for _ in 0..<steps {
            let (_, gradients) = try valueWithGradient(at: [w]) {
                let d = w.value - 3
                return try (d * d).sum()
            }
            try optimizer.apply(gradients, to: [w])
            values.append(w.value.scalars[0])
        }
        return values
    }
}
