/// A depthwise 2-D convolution over channels-last images `[height, width, channels]` — Keras's
/// `DepthwiseConv2D`: each input channel is convolved with its own `depthMultiplier` filters (see
/// ``DepthwiseConvolution``). The kernel is `[kh, kw, channels, depthMultiplier]`.
public final class DepthwiseConv2D: DepthwiseConvolution {
    override class var spatialRank: Int { 2 }
    /// Kernel height and width.
    public var kernelSize: SpatialSize { SpatialSize(values: window.kernelSize) }
    /// Strides along height and width.
    public var strides: SpatialSize { SpatialSize(values: window.strides) }
    /// Dilation along height and width.
    public var dilationRate: SpatialSize { SpatialSize(values: window.dilationRate) }

    /// A depthwise convolution with a kernel of `kernelSize`, strides and dilation, each one number
    /// for both axes or `[height, width]`.
    ///
    /// ```swift
    /// let square = DepthwiseConv2D(kernelSize: 3, padding: .same, activation: .relu)
    /// let layer = DepthwiseConv2D(kernelSize: [3, 5], strides: [2, 1], padding: .same, depthMultiplier: 2)
    /// ```
    public convenience init(kernelSize: SpatialSize, strides: SpatialSize = 1, padding: Padding = .valid, depthMultiplier: Int = 1,
                            dilationRate: SpatialSize = 1, activation: Activation = .linear, useBias: Bool = true,
                            depthwiseInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            depthwiseRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String = "") {
        self.init(window: DepthwiseWindow(kernelSize: kernelSize.values, strides: strides.values, padding: padding,
                                          depthMultiplier: depthMultiplier, dilationRate: dilationRate.values),
                  activation: activation, useBias: useBias, depthwiseInitializer: depthwiseInitializer, biasInitializer: biasInitializer,
                  depthwiseRegularizer: depthwiseRegularizer, biasRegularizer: biasRegularizer, name: name)
    }
}
