/// A layer whose output may be rectified — ReLU-family — so that a unit whose output is never
/// above zero over a batch is *dead*: it passes no gradient and stops learning. ``GradientFlow``
/// reports the fraction of such units for the layers that say ``isRectified``.
///
/// A unit is a position along the last axis of the output (a feature of ``Dense``, a channel of
/// ``Conv2D``). Layers with an activation conform through ``ActivatedLayer``; a custom layer
/// conforms by saying whether its output is rectified:
///
/// ```swift
/// extension MyGatedLayer: RectifiedLayer {
///     var isRectified: Bool { true }
/// }
/// ```
public protocol RectifiedLayer: Layer {
    /// Whether the layer's output, as configured, comes out of a ReLU-family function (a ``Dense``
    /// layer only with a `.relu` or `.leakyReLU` activation).
    var isRectified: Bool { get }
}

extension RectifiedLayer where Self: ActivatedLayer {
    /// Whether the activation is ReLU-family (``Activation/isRectified``).
    public var isRectified: Bool { activation.isRectified }
}

extension Activation {
    /// Whether the activation is ReLU-family: `.relu` or `.leakyReLU`, whose units can die (never
    /// give a positive output).
    public var isRectified: Bool {
        switch self {
        case .relu, .leakyReLU: return true
        default: return false
        }
    }
}

extension Dense: RectifiedLayer {}
extension Conv1D: RectifiedLayer {}
extension Conv2D: RectifiedLayer {}
extension Conv2DTranspose: RectifiedLayer {}
extension DepthwiseConvolution: RectifiedLayer {}
extension SeparableConv2D: RectifiedLayer {}
extension ActivationLayer: RectifiedLayer {}

extension ReLU: RectifiedLayer {
    /// Always: the layer is a rectified linear unit.
    public var isRectified: Bool { true }
}

extension LeakyReLU: RectifiedLayer {
    /// Always: the layer is a leaky rectified linear unit.
    public var isRectified: Bool { true }
}
