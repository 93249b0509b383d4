/// How a sliding window — a convolution kernel, a pooling window — covers one spatial axis: where
/// output position `o`'s tap `t` reads, `o × stride − padBefore + t × dilation`, and how many
/// outputs there are. The formulas are TensorFlow's, which Keras follows.
struct WindowAxis: Equatable, Sendable {
    /// Positions along the axis of the input.
    let input: Int
    /// Taps of the window.
    let window: Int
    let stride: Int
    let dilation: Int
    /// Zeros (or ignored positions) before the first input position.
    let padBefore: Int
    /// Positions along the axis of the output.
    let output: Int

    /// The span of input positions one window covers: (window − 1) × dilation + 1.
    var extent: Int { (window - 1) * dilation + 1 }

    /// The axis of a window over `input` positions. `owner` names the layer in errors.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` when a `valid` window does not fit in the input,
    ///   ``SynapseError/invalidArgument(_:)`` for sizes below 1.
    init(input: Int, window: Int, stride: Int, dilation: Int = 1, padding: Padding, owner: String) throws {
        guard window >= 1, stride >= 1, dilation >= 1, window <= 1 << 20, stride <= 1 << 20, dilation <= 1 << 20 else {
            throw SynapseError.invalidArgument("\(owner): window size, stride and dilation must be whole numbers in 1…\(1 << 20), found \(window), \(stride) and \(dilation)")
        }
        let extent = (window - 1) * dilation + 1
        self.input = input
        self.window = window
        self.stride = stride
        self.dilation = dilation
        switch padding {
        case .valid:
            guard input >= extent else {
                throw SynapseError.shapeMismatch("\(owner): a window spanning \(extent) positions does not fit in an input of \(input) positions with 'valid' padding")
            }
            padBefore = 0
            output = (input - extent) / stride + 1
        case .same:
            guard input >= 1 else {
                throw SynapseError.shapeMismatch("\(owner): expected at least one input position, found \(input)")
            }
            output = (input + stride - 1) / stride
            padBefore = max((output - 1) * stride + extent - input, 0) / 2
        case .causal:
            guard input >= 1 else {
                throw SynapseError.shapeMismatch("\(owner): expected at least one input position, found \(input)")
            }
            padBefore = extent - 1
            output = (input - 1) / stride + 1
        }
    }

    /// An axis of size one that the window passes over once (the height of a 1-D layer).
    static let single = WindowAxis(single: ())

    private init(single: Void) {
        input = 1; window = 1; stride = 1; dilation = 1; padBefore = 0; output = 1
    }

    /// The input position read by output position `o` at tap `t`; outside 0..<input for padding.
    @inline(__always)
    func position(output o: Int, tap t: Int) -> Int { o * stride - padBefore + t * dilation }
}

/// A window over the two spatial axes of channels-last samples `[height, width, channels]`
/// (a 1-D layer uses ``WindowAxis/single`` as its height).
struct WindowGeometry: Equatable, Sendable {
    let height: WindowAxis
    let width: WindowAxis
    /// Channels of the input.
    let channels: Int

    /// Output positions per sample.
    var outputPositions: Int { height.output * width.output }
    /// Taps per window (kernel height × width).
    var taps: Int { height.window * width.window }
    /// Values per input sample.
    var inputCount: Int { height.input * width.input * channels }

    /// For each value of the patch matrix of `batch` samples — rows are (sample, output row, output
    /// column), columns are (tap row, tap column, channel) — the flat index of the input value it
    /// reads, or −1 for a padded position: the gather map of the tape form of a convolution or a
    /// pooling window (``Tensor/gathering(flatIndices:shape:)``).
    func patchIndices(batch: Int) -> [Int] {
        var indices: [Int] = []
        indices.reserveCapacity(batch * outputPositions * taps * channels)
        for n in 0..<batch {
            for oy in 0..<height.output {
                for ox in 0..<width.output {
                    for ty in 0..<height.window {
                        let y = height.position(output: oy, tap: ty)
                        for tx in 0..<width.window {
                            let x = width.position(output: ox, tap: tx)
                            let inside = y >= 0 && y < height.input && x >= 0 && x < width.input
                            let base = ((n * height.input + y) * width.input + x) * channels
                            for c in 0..<channels { indices.append(inside ? base + c : -1) }
                        }
                    }
                }
            }
        }
        return indices
    }
}
