/// A model's parameters laid out flat: every value in one buffer and every gradient in another, at
/// the same offsets, so that kernels reach them through fixed addresses and the optimizer updates
/// them in place.
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

    init(parameters: [Parameter]) {
        self.parameters = parameters
        var offsets: [Int] = []
        var size = 0
        for parameter in parameters {
            offsets.append(size)
            size += (parameter.count + 15) & ~15
        }
        self.offsets = offsets
        shapes = parameters.map(\.shape)
        values = FloatStorage(zeros: size)
        gradients = FloatStorage(zeros: size)
        for (parameter, offset) in zip(parameters, offsets) { parameter.bind(to: values, at: offset) }
        var trainable: [Parameter] = [], trainableGradients: [UnsafeMutablePointer<Float>] = []
        for (parameter, offset) in zip(parameters, offsets) where parameter.isTrainable {
            trainable.append(parameter)
            trainableGradients.append(gradients.base + offset)
        }
        self.trainable = trainable
        self.trainableGradients = trainableGradients
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
}
