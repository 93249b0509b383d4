/// The specialised ``LaneActivation``s of Keras's default recurrent activations, for cell passes
/// written in Swift (GRU, SimpleRNN): sigmoid gates and tanh states, inlined with no dispatch per vector.

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
