/// The merge of ``Bidirectional``: the forward and backward outputs `[positions, units]` (the
/// backward one in its own, reversed, time order when the outputs are sequences) combined into the
/// layer's output, and the output gradient split back into the two.
enum BidirectionalKernels {
    /// Where a position's backward value is: the same row, or — for sequences of `steps` steps —
    /// the mirrored step of the same sample.
    @inline(__always)
    static func backwardRow(_ i: Int, steps: Int, reversed: Bool) -> Int {
        reversed ? i - i % steps + steps - 1 - i % steps : i
    }

    /// Writes `outputs` (one, or two for `.none`) from `forward` and `backward` over `positions` rows
    /// of `units` (the two directions'; equal unless concatenated or not merged).
    static func merge(_ mode: Bidirectional.MergeMode, forward: UnsafePointer<Float>, backward: UnsafePointer<Float>,
                      positions: Int, units both: [Int], steps: Int, reversed: Bool, into outputs: [UnsafeMutablePointer<Float>]) {
        let units = both[0], other = both[1]
        for i in 0..<positions {
            let f = forward + i * units, b = backward + backwardRow(i, steps: steps, reversed: reversed) * other
            switch mode {
            case .concat:
                let out = outputs[0] + i * (units + other)
                out.update(from: f, count: units)
                (out + units).update(from: b, count: other)
            case .sum, .ave:
                let out = outputs[0] + i * units
                VectorMath.write(f, scaledBy: mode == .ave ? 0.5 : 1, into: out, count: units, accumulate: false)
                VectorMath.write(b, scaledBy: mode == .ave ? 0.5 : 1, into: out, count: units, accumulate: true)
            case .mul: VectorMath.multiply(f, b, into: outputs[0] + i * units, count: units)
            case .none:
                (outputs[0] + i * units).update(from: f, count: units)
                (outputs[1] + i * other).update(from: b, count: other)
            }
        }
    }

    /// The gradients of the forward and backward outputs from those of the merged output(s)
    /// (`mul` reads the two outputs).
    static func split(_ mode: Bidirectional.MergeMode, gradients: [UnsafeMutablePointer<Float>], forward: UnsafePointer<Float>,
                      backward: UnsafePointer<Float>, positions: Int, units both: [Int], steps: Int, reversed: Bool,
                      forwardGradient: UnsafeMutablePointer<Float>, backwardGradient: UnsafeMutablePointer<Float>) {
        let units = both[0], other = both[1]
        for i in 0..<positions {
            let j = backwardRow(i, steps: steps, reversed: reversed)
            let df = forwardGradient + i * units, db = backwardGradient + j * other
            switch mode {
            case .concat:
                let g = gradients[0] + i * (units + other)
                df.update(from: g, count: units)
                db.update(from: g + units, count: other)
            case .sum, .ave:
                VectorMath.write(gradients[0] + i * units, scaledBy: mode == .ave ? 0.5 : 1, into: df, count: units, accumulate: false)
                db.update(from: df, count: units)
            case .mul:
                let g = gradients[0] + i * units
                VectorMath.multiply(g, backward + j * units, into: df, count: units)
                VectorMath.multiply(g, forward + i * units, into: db, count: units)
            case .none:
                df.update(from: gradients[0] + i * units, count: units)
                db.update(from: gradients[1] + i * other, count: other)
            }
        }
    }
}
