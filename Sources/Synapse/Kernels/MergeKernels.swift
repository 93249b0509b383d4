/// The kernels of the elementwise merge layers (``Add``, ``Subtract``, ``Multiply``, ``Average``,
/// ``Maximum``, ``Minimum``) and of ``Concatenate``.
enum MergeKernels {
    /// `out = Σ inputs` (scaled by `scale`: 1/n for an average).
    static func sum(_ inputs: [UnsafePointer<Float>], into out: UnsafeMutablePointer<Float>, count n: Int, scale: Float) {
        VectorMath.write(inputs[0], scaledBy: scale, into: out, count: n, accumulate: false)
        for input in inputs.dropFirst() { VectorMath.write(input, scaledBy: scale, into: out, count: n, accumulate: true) }
    }

    /// `out = a − b`.
    static func difference(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count n: Int) {
        out.update(from: a, count: n)
        VectorMath.write(b, scaledBy: -1, into: out, count: n, accumulate: true)
    }

    /// `out = Π inputs`.
    static func product(_ inputs: [UnsafePointer<Float>], into out: UnsafeMutablePointer<Float>, count n: Int) {
        out.update(from: inputs[0], count: n)
        for input in inputs.dropFirst() { VectorMath.multiply(UnsafePointer(out), input, into: out, count: n) }
    }

    /// The gradient of input `k` of a product: `dy ⊙ Π_{j≠k} inputs[j]`, written or added.
    static func productGradient(_ dy: UnsafePointer<Float>, _ inputs: [UnsafePointer<Float>], except k: Int,
                                into dx: UnsafeMutablePointer<Float>, count n: Int, accumulate: Bool) {
        for i in 0..<n {
            var g = dy[i]
            for (j, input) in inputs.enumerated() where j != k { g *= input[i] }
            dx[i] = accumulate ? dx[i] + g : g
        }
    }

    /// `out = max (or min) of the inputs`, and in `winner` the index of the input that gave each value:
    /// the earliest one at ties, as Keras (which applies the op pairwise, left to right).
    static func extremum(_ inputs: [UnsafePointer<Float>], into out: UnsafeMutablePointer<Float>, winner: UnsafeMutablePointer<Float>?,
                         count n: Int, maximum: Bool) {
        out.update(from: inputs[0], count: n)
        winner?.update(repeating: 0, count: n)
        for (k, input) in inputs.enumerated().dropFirst() {
            let index = Float(k)
            for i in 0..<n where maximum ? input[i] > out[i] : input[i] < out[i] {
                out[i] = input[i]
                winner?[i] = index
            }
        }
    }

    /// The gradient of input `k` of a maximum or minimum: `dy` where input `k` won, else 0.
    static func extremumGradient(_ dy: UnsafePointer<Float>, winner: UnsafePointer<Float>, input k: Int,
                                 into dx: UnsafeMutablePointer<Float>, count n: Int, accumulate: Bool) {
        let index = Float(k)
        for i in 0..<n {
            let g: Float = winner[i] == index ? dy[i] : 0
            dx[i] = accumulate ? dx[i] + g : g
        }
    }

    /// Concatenation of `rows` blocks: for each block, input `k` contributes `widths[k]` values.
    static func concatenate(_ inputs: [UnsafePointer<Float>], widths: [Int], blocks: Int, into out: UnsafeMutablePointer<Float>) {
        let total = widths.reduce(0, +)
        for block in 0..<blocks {
            var offset = block * total
            for (input, width) in zip(inputs, widths) {
                (out + offset).update(from: input + block * width, count: width)
                offset += width
            }
        }
    }

    /// The gradient of input `k` of a concatenation: its part of each block of `dy`, written or added.
    static func concatenationGradient(_ dy: UnsafePointer<Float>, widths: [Int], input k: Int, blocks: Int,
                                      into dx: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let total = widths.reduce(0, +)
        let start = widths[..<k].reduce(0, +), width = widths[k]
        for block in 0..<blocks {
            VectorMath.write(dy + block * total + start, into: dx + block * width, count: width, accumulate: accumulate)
        }
    }
}
