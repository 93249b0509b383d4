/// A depthwise 1-D convolution over channels-last sequences `[steps, channels]` — Keras's
/// `DepthwiseConv1D`: each input channel is convolved with its own `depthMultiplier` filters (see
/// ``DepthwiseConvolution``). The kernel is `[k, channels, depthMultiplier]`.
public final class DepthwiseConv1D: DepthwiseConvolution {
    override class var spatialRank: Int { 1 }
    /// The kernel's length.
    public var kernelSize: Int { window.kernelSize[0] }
    /// The stride along the steps.
    public var strides: Int { window.strides[0] }
    /// The dilation along the steps.
    public var dilationRate: Int { window.dilationRate[0] }

    /// A depthwise convolution of sequences with a kernel of `kernelSize` steps.
    ///
    /// ```swift
    /// let layer = DepthwiseConv1D(kernelSize: 3, padding: .same, depthMultiplier: 2, activation: .relu)
    /// ```
    public convenience init(kernelSize: Int, strides: Int = 1, padding: Padding = .valid, depthMultiplier: Int = 1,
                            dilationRate: Int = 1, activation: Activation = .linear, useBias: Bool = true,
                            depthwiseInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            depthwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        self.init(window: DepthwiseWindow(rank: 1, kernelSize: [kernelSize], strides: [strides], padding: padding,
                                          depthMultiplier: depthMultiplier, dilationRate: [dilationRate]),
                  activation: activation, useBias: useBias, depthwiseInitializer: depthwiseInitializer, biasInitializer: biasInitializer,
                  depthwiseRegularizer: depthwiseRegularizer, biasRegularizer: biasRegularizer, name: name)
    }
}
