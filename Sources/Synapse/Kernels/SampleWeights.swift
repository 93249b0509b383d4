/// One weight per sample for the loss kernels: sample `s` covers the `elements / samples`
/// consecutive values `s·k ..< (s + 1)·k` of a batch (its output units, or its time steps' rows).
/// ``none`` weighs everything 1 and costs nothing per value.
struct SampleWeights {
    /// The weights, one per sample, or `nil` for all 1.
    let values: UnsafePointer<Float>?
    /// How many samples the batch has (`values` holds this many).
    let samples: Int

    /// Every weight 1.
    static var none: SampleWeights { SampleWeights(values: nil, samples: 1) }

    /// The weight of value `index` of `elements` values.
    @inline(__always)
    func weight(ofElement index: Int, elements: Int) -> Float {
        guard let values else { return 1 }
        return values[index / (elements / samples)]
    }

    /// Calls `body` once per sample with its range of the `elements` values and its weight (once,
    /// over all of them, with weight 1 when there are no weights).
    @inline(__always)
    func forEachBlock(elements: Int, _ body: (Range<Int>, Float) -> Void) {
        guard let values else { return body(0..<elements, 1) }
        let width = elements / samples
        for s in 0..<samples { body((s * width)..<((s + 1) * width), values[s]) }
    }
}
