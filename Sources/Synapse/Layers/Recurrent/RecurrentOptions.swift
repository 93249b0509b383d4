/// The hyper-parameters every recurrent layer shares (``SimpleRNN``, ``LSTM``, ``GRU``), with Keras's
/// defaults. A layer type's public initialiser fills one in from its arguments; its configuration
/// initialiser reads one from Keras's keys (``init(configuration:)``).
struct RecurrentOptions: Sendable {
    var units: Int
    var activation: Activation = .tanh
    var recurrentActivation: Activation = .sigmoid
    var useBias = true
    var kernelInitializer: Initializer = .glorotUniform
    var recurrentInitializer: Initializer = .orthogonal()
    var biasInitializer: Initializer = .zeros
    var kernelRegularizer: Regularizer?
    var recurrentRegularizer: Regularizer?
    var biasRegularizer: Regularizer?
    var dropout: Float = 0
    var recurrentDropout: Float = 0
    var returnSequences = false
    var returnState = false
    var goBackwards = false
    var stateful = false
    var unroll = false
    var seed: UInt64?

    /// All of them, with Keras's defaults — what a layer type's public initialiser passes on.
    init(units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid, useBias: Bool = true,
         kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal(),
         biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil,
         biasRegularizer: Regularizer? = nil, dropout: Float = 0, recurrentDropout: Float = 0, returnSequences: Bool = false,
         returnState: Bool = false, goBackwards: Bool = false, stateful: Bool = false, unroll: Bool = false, seed: UInt64? = nil) {
        (self.units, self.activation, self.recurrentActivation, self.useBias) = (units, activation, recurrentActivation, useBias)
        (self.kernelInitializer, self.recurrentInitializer, self.biasInitializer) = (kernelInitializer, recurrentInitializer, biasInitializer)
        (self.kernelRegularizer, self.recurrentRegularizer, self.biasRegularizer) = (kernelRegularizer, recurrentRegularizer, biasRegularizer)
        (self.dropout, self.recurrentDropout, self.seed) = (dropout, recurrentDropout, seed)
        (self.returnSequences, self.returnState, self.goBackwards) = (returnSequences, returnState, goBackwards)
        (self.stateful, self.unroll) = (stateful, unroll)
    }
}
