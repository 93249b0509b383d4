/// AdamW as Keras has it: ``Adam`` with decoupled weight decay on by default —
/// `w ← w − w·weightDecay·lr` before each Adam update (Loshchilov & Hutter, 2019). Defaults: lr 1e-3,
/// weight decay 0.004, β1 0.9, β2 0.999, ε 1e-7, no AMSGrad.
///
/// The weight decay is ``OptimizerOptions/weightDecay`` in ``Optimizer/options``, the same option
/// every optimizer has; AdamW differs from Adam only in its default and its name.
public final class AdamW: Adam {
    /// `AdamW`, the Keras class name, under which the optimizer is saved.
    public override var name: String { "AdamW" }

    /// An AdamW optimizer with a constant learning rate.
    ///
    /// Invalid values — the learning rate, weight decay or ε is negative, β1 or β2 is outside [0, 1), a
    /// clipping bound is ≤ 0, or more than one clipping is set — are reported by ``validate()``, which every
    /// update runs, as a ``SynapseError/invalidArgument(_:)``.
    public convenience init(learningRate: Float = 1e-3, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-7, amsgrad: Bool = false, clipNorm: Float? = nil,
                            clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .constant(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
    }

    /// An AdamW optimizer whose learning rate — and so the weight decay applied — follows
    /// `learningRate`, a schedule.
    public convenience init(learningRate: any LearningRateSchedule, weightDecay: Float = 0.004, beta1: Float = 0.9,
                            beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false,
                            clipNorm: Float? = nil, clipValue: Float? = nil, globalClipNorm: Float? = nil) {
        self.init(options: OptimizerOptions(learningRate: .schedule(learningRate), weightDecay: weightDecay, clipNorm: clipNorm,
                                            clipValue: clipValue, globalClipNorm: globalClipNorm),
                  beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
    }

    /// Stores the hyper-parameters. (Being AdamW's own designated initialiser, it also
    /// keeps Adam's initialisers — whose weight decay defaults to none — from being inherited.)
    init(options: OptimizerOptions, beta1: Float, beta2: Float, epsilon: Float, amsgrad: Bool) {
        super.init(name: "AdamW", options: options, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad)
    }
}
