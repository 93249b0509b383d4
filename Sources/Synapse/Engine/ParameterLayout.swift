/// A model's parameters laid out flat: every value in one buffer and every gradient in another, at
/// the same offsets, so that kernels reach them through fixed addresses. The trainable parameters
/// come first and form one block (``trainableBlock``), which an elementwise optimizer updates in one
/// vectorised pass; the room between parameters (each starts on a 64-byte boundary) holds zeros in
/// both buffers, which every update rule leaves at zero.
///
/// The layout is made when a model first plans, and checked before each use: a parameter whose
/// value was given another shape, or that another model laid out in its own buffer (a layer shared
/// between models), makes the model lay its parameters out again and recompile its plans.
final class ParameterLayout {
    /// The model's parameters, each once, in layer order.
    let parameters: [Parameter]
    let values: FloatStorage
    let gradients: FloatStorage
    /// The offset of each parameter in both buffers.
    let offsets: [Int]
    /// The shapes the layout was made for.
    private let shapes: [[Int]]
    /// The trainable parameters and their gradient addresses, in order (what the optimizer updates).
    let trainable: [Parameter]
    let trainableGradients: [UnsafeMutablePointer<Float>]

    /// The trainable values (and, at the same offsets, gradients) as one parameter.
    let trainableBlock: Parameter
    /// What an optimizer updates: the block in one pass, or each trainable parameter (built once,
    /// so that an update allocates nothing).
    let blockUpdate: [(parameter: Parameter, gradient: UnsafeMutablePointer<Float>)]
    let parameterUpdates: [(parameter: Parameter, gradient: UnsafeMutablePointer<Float>)]

    init(parameters: [Parameter]) {
        let ordered = parameters.filter(\.isTrainable) + parameters.filter { !$0.isTrainable }
        self.parameters = ordered
        var offsets: [Int] = []
        var size = 0, trainableSize = 0
        for parameter in ordered {
            offsets.append(size)
            size += (parameter.count + 15) & ~15
            if parameter.isTrainable { trainableSize = size }
        }
        self.offsets = offsets
        shapes = ordered.map(\.shape)
        values = FloatStorage(zeros: size)
        gradients = FloatStorage(zeros: size)
        for (parameter, offset) in zip(ordered, offsets) { parameter.bind(to: values, at: offset) }
        var trainable: [Parameter] = [], trainableGradients: [UnsafeMutablePointer<Float>] = []
        var members: [(parameter: Parameter, offset: Int)] = []
        for (parameter, offset) in zip(ordered, offsets) where parameter.isTrainable {
            trainable.append(parameter)
            trainableGradients.append(gradients.base + offset)
            members.append((parameter, offset))
        }
        self.trainable = trainable
        self.trainableGradients = trainableGradients
        trainableBlock = Parameter(blockOf: members, storage: values, count: trainableSize)
        blockUpdate = trainable.isEmpty ? [] : [(trainableBlock, gradients.base)]
        parameterUpdates = zip(trainable, trainableGradients).filter { $0.0.count > 0 }.map { (parameter: $0.0, gradient: $0.1) }
        for parameter in ordered where !parameter.isTrainable { parameter.block = nil }
        for (parameter, offset) in members { parameter.block = (trainableBlock, offset) }
    }

    /// Whether every parameter is still in this layout, with the shape and trainability it had
    /// (checked before each use of a plan; allocates nothing).
    func isIntact() -> Bool {
        var trainableCount = 0
        for index in parameters.indices {
            let parameter = parameters[index]
            guard parameter.isBound(to: values, at: offsets[index]), parameter.shape == shapes[index] else { return false }
            if parameter.isTrainable { trainableCount += 1 }
        }
        guard trainableCount == trainable.count else { return false }
        for parameter in trainable where !parameter.isTrainable { return false }
        return true
    }

    /// The gradient address of `parameter` (which must be in the layout).
    func gradient(of parameter: Parameter) -> UnsafeMutablePointer<Float> {
        let index = parameters.firstIndex { $0 === parameter }!
        return gradients.base + offsets[index]
    }

    /// Sets every gradient to zero (a rank with no rows of a distributed batch contributes nothing).
    func clearGradients() {
        gradients.base.update(repeating: 0, count: gradients.count)
    }
}
