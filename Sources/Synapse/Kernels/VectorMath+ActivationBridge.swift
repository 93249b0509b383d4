/// A bridge for the merge of `rnn-gru` with `rnn-lstm` (whose LaneActivation replaced these two
/// functions): the GRU and SimpleRNN kernels of `rnn-gru` still call them. Delete this file once
/// `rnn-gru` moves to ``LaneActivation``.
extension VectorMath {
    @inline(__always)
    static func activate(_ function: Activation, _ z: Vector) -> Vector { AnyLanes(activation: function).value(z) }

    @inline(__always)
    static func activationDerivative(_ function: Activation, z: Vector, y: Vector) -> Vector {
        AnyLanes(activation: function).derivative(z: z, y: y)
    }
}
