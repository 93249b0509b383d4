/// A bridge for the merge of `rnn-gru` with `rnn-lstm`: rnn-lstm's C gate passes removed these two
/// conformances, which rnn-gru's GRU and SimpleRNN kernels still use. Delete this file once the two
/// branches agree.

/// σ(z) = 1 / (1 + e^−z); σ′ = y (1 − y).
struct SigmoidLanes: LaneActivation {
    @inline(__always) func value(_ z: SIMD16<Float>) -> SIMD16<Float> { VectorMath.sigmoid(z) }
    @inline(__always) func derivative(z: SIMD16<Float>, y: SIMD16<Float>) -> SIMD16<Float> { y * (1 - y) }
}

/// tanh(z); tanh′ = 1 − y².
struct TanhLanes: LaneActivation {
    @inline(__always) func value(_ z: SIMD16<Float>) -> SIMD16<Float> { VectorMath.tanh(z) }
    @inline(__always) func derivative(z: SIMD16<Float>, y: SIMD16<Float>) -> SIMD16<Float> { 1 - y * y }
}
