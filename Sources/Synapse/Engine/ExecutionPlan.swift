/// A model's graph compiled for one mode and batch capacity: the steps in order, one arena whose
/// buffers are reused once their values are dead, the loss steps and the labels, all at fixed
/// addresses — so that running a step allocates nothing (beyond what tape steps allocate).
///
/// Training keeps every forward value until the backward pass has used it and reuses the room of
/// gradients once they have been passed on; evaluation and prediction reuse the room of every value
/// as soon as its last consumer has run, and read their inputs in place from the caller's tensors.
final class ExecutionPlan {
    /// What a plan computes.
    enum Mode: Hashable {
        /// Forward, losses, backward (the optimizer then updates the parameters).
        case training
        /// Forward and losses.
        case evaluation
        /// Forward only.
        case prediction
    }

    /// One layer call.
    struct Step {
        let layer: any Layer
        let kernels: LayerKernels
        let buffers: StepBuffers
        /// The shape of one sample of each output.
        let outputShapes: [[Int]]
        /// Output gradient buffers no consumer writes (an unused output), zeroed before backward.
        let unusedOutputGradients: [(UnsafeMutablePointer<Float>, Int)]
    }

    let mode: Mode
    let capacity: Int
    let layout: ParameterLayout
    /// The shape of one sample of each model output.
    let outputShapes: [[Int]]
    /// Where each model output's values are after a run (probabilities when fused into the loss).
    let outputs: [UnsafeMutablePointer<Float>]
    let lossSteps: [LossStep]
    /// The last run's loss per output (kept, so that a step allocates no array for them).
    private var lossValues: [Float]
    private let arena: FloatStorage
    private let steps: [Step]
    private let backwardSteps: [Step]
    /// Training: the buffer each model input is gathered into.
    private let inputBuffers: [UnsafeMutablePointer<Float>]
    /// Evaluation and prediction: the steps' input slots that read each model input in place.
    private let inputReferences: [[(buffers: StepBuffers, index: Int)]]
    private let inputWidths: [Int]
    private let labelBuffers: [UnsafeMutablePointer<Float>]
    private let labelWidths: [Int]
    /// One weight per row, shared by every output's loss; read only while ``isWeighted``.
    private let sampleWeightBuffer: UnsafeMutablePointer<Float>
    /// Whether the rows loaded last came with sample weights.
    private var isWeighted = false
    /// Parameters with a regulariser: value and gradient addresses.
    private let regularized: [(regularizer: Regularizer, values: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int)]
    /// The first error a tape step met during the current run.
    private let failure: FailureBox

    /// Where tape steps leave the first error they meet (their kernels cannot throw).
    final class FailureBox {
        var error: Error?
        func record(_ error: Error) { self.error = self.error ?? error }
    }

    /// The loss and label shapes a training or evaluation plan is made for.
    struct LossSpecification: Equatable {
        let loss: Loss
        let weight: Float
        let labelShape: [Int]
    }

    /// The losses the plan was compiled for.
    private let lossSpecifications: [LossSpecification]

    /// Whether the plan computes `losses` on labels of their shapes.
    func matches(_ losses: [LossSpecification]) -> Bool { mode == .prediction || lossSpecifications == losses }

    /// Compiles `graph` for `mode` and up to `capacity` rows. `losses` (one per output) is required
    /// except for prediction; with `usesKernels` off every layer runs through the tape.
    init(graph: ModelGraph, mode: Mode, capacity: Int, layout: ParameterLayout, losses: [LossSpecification],
         usesKernels: Bool) throws {
        self.mode = mode
        self.capacity = capacity
        self.layout = layout
        self.lossSpecifications = losses
        let training = mode == .training
        let nodes = graph.nodes

        // Values: model inputs first, then each node's outputs.
        var valueIndex: [ObjectIdentifier: Int] = [:]
        var valueShapes: [[Int]] = []
        func register(_ tensor: SymbolicTensor) -> Int {
            valueShapes.append(tensor.shape)
            valueIndex[ObjectIdentifier(tensor)] = valueShapes.count - 1
            return valueShapes.count - 1
        }
        for input in graph.inputs { _ = register(input) }
        var nodeInputs: [[Int]] = [], nodeOutputs: [[Int]] = []
        for node in nodes {
            nodeInputs.append(node.inputs.map { valueIndex[ObjectIdentifier($0)]! })
            nodeOutputs.append(node.outputs.map { register($0) })
        }
        var lastUse = [Int](repeating: -1, count: valueShapes.count)
        for (step, inputs) in nodeInputs.enumerated() { for value in inputs { lastUse[value] = step } }
        let outputValues = graph.outputs.map { valueIndex[ObjectIdentifier($0)]! }
        outputShapes = graph.outputs.map(\.shape)
        let isModelOutput = Set(outputValues)
        let producer: [Int: Int] = Dictionary(uniqueKeysWithValues: nodeOutputs.enumerated().flatMap { step, values in values.map { ($0, step) } })

        // Fusion: a softmax/sigmoid output whose only use is its cross-entropy gives the loss its logits.
        var fusedStep = [Bool](repeating: false, count: nodes.count)
        var outputIsFused = [Bool](repeating: false, count: outputValues.count)
        if mode != .prediction {
            for (k, value) in outputValues.enumerated() {
                guard let step = producer[value], lastUse[value] == -1, outputValues.filter({ $0 == value }).count == 1,
                      nodeOutputs[step].count == 1, let activated = nodes[step].layer as? any ActivatedLayer,
                      let fusable = losses[k].loss.fusableActivation, activated.activation == fusable else { continue }
                fusedStep[step] = true
                outputIsFused[k] = true
            }
        }

        // Which values need a gradient, and which steps run backward.
        var needsGradient = [Bool](repeating: false, count: valueShapes.count)
        var runsBackward = [Bool](repeating: false, count: nodes.count)
        if training {
            for (step, node) in nodes.enumerated() {
                let upstream = nodeInputs[step].contains { needsGradient[$0] }
                let trainable = node.layer.parameters.contains { $0.isTrainable && $0.count > 0 }
                // A mask carries no gradient: its computation never runs backward.
                runsBackward[step] = (upstream || trainable) && !node.computesMask
                for value in nodeOutputs[step] { needsGradient[value] = runsBackward[step] }
            }
        }

        // Kernels for every call.
        var kernels: [LayerKernels] = []
        let failure = FailureBox()
        self.failure = failure
        for (step, node) in nodes.enumerated() {
            let call = KernelCall(batchCapacity: capacity, isTraining: training,
                                  inputShapes: nodeInputs[step].map { valueShapes[$0] },
                                  outputShapes: nodeOutputs[step].map { valueShapes[$0] },
                                  needsInputGradient: nodeInputs[step].map { training && needsGradient[$0] },
                                  appliesActivation: !fusedStep[step])
            if usesKernels, let kernelLayer = node.layer as? any KernelLayer, kernelLayer.providesKernels {
                do {
                    kernels.append(try kernelLayer.makeKernels(for: call))
                } catch let error as SynapseError {
                    throw error.prefixed("\(node.layer.name)")
                }
            } else {
                kernels.append(TapeKernels.make(for: node.layer, call: call) { failure.record($0) })
            }
        }

        // Arena layout.
        try Self.checkBufferSizes(capacity: capacity, valueShapes: valueShapes, labelShapes: losses.map(\.labelShape), kernels: kernels)
        var arenaLayout = ArenaLayout()
        func slot(_ value: Int) -> Int { capacity * Shape.count(of: valueShapes[value]) }
        var valueSlot = [ArenaLayout.Slot?](repeating: nil, count: valueShapes.count)
        var gradientSlot = [ArenaLayout.Slot?](repeating: nil, count: valueShapes.count)
        var scratchSlots: [[ArenaLayout.Slot]] = []
        var probabilitySlot = [ArenaLayout.Slot?](repeating: nil, count: outputValues.count)
        var labelSlots: [ArenaLayout.Slot] = []
        var sampleWeightSlot: ArenaLayout.Slot?
        if training { for input in graph.inputs.indices { valueSlot[input] = arenaLayout.allocate(slot(input)) } }
        if mode != .prediction {
            for spec in losses { labelSlots.append(arenaLayout.allocate(capacity * Shape.count(of: spec.labelShape))) }
            sampleWeightSlot = arenaLayout.allocate(capacity)
        }
        for step in nodes.indices {
            for value in nodeOutputs[step] { valueSlot[value] = arenaLayout.allocate(slot(value)) }
            for (k, value) in outputValues.enumerated() where producer[value] == step {
                // Fused: the step writes logits; the loss writes the probabilities here. From logits:
                // the loss's probabilities are scratch.
                if outputIsFused[k] || (mode != .prediction && losses[k].loss.fromLogits) {
                    probabilitySlot[k] = arenaLayout.allocate(slot(value))
                }
            }
            let scratch = kernels[step].scratch.map { arenaLayout.allocate(capacity * $0) }
                + kernels[step].stepScratch.map { arenaLayout.allocate($0) }
            scratchSlots.append(scratch)
            if !training {
                for slot in scratch { arenaLayout.release(slot) }
                for value in Set(nodeInputs[step]) where lastUse[value] == step && !isModelOutput.contains(value) {
                    if let slot = valueSlot[value], value >= graph.inputs.count { arenaLayout.release(slot) }
                }
            }
        }
        var accumulatesInput = nodes.indices.map { [Bool](repeating: false, count: nodeInputs[$0].count) }
        var unusedGradients: [[ArenaLayout.Slot]] = nodes.map { _ in [] }
        if training {
            for value in outputValues where needsGradient[value] {
                gradientSlot[value] = arenaLayout.allocate(slot(value))
            }
            for step in nodes.indices.reversed() where runsBackward[step] {
                for value in nodeOutputs[step] where gradientSlot[value] == nil {
                    let unused = arenaLayout.allocate(slot(value))
                    gradientSlot[value] = unused
                    unusedGradients[step].append(unused)
                }
                for (i, value) in nodeInputs[step].enumerated() where needsGradient[value] {
                    if gradientSlot[value] == nil {
                        gradientSlot[value] = arenaLayout.allocate(slot(value))
                    } else {
                        accumulatesInput[step][i] = true
                    }
                }
                for value in nodeOutputs[step] { if let slot = gradientSlot[value] { arenaLayout.release(slot) } }
            }
        }

        // Buffers at their addresses.
        try Self.checkArenaSize(arenaLayout.size, capacity: capacity)
        let arena = FloatStorage(zeros: arenaLayout.size)
        self.arena = arena
        func address(_ slot: ArenaLayout.Slot?) -> UnsafeMutablePointer<Float> { arena.base + (slot?.offset ?? 0) }
        var builtSteps: [Step] = []
        var references: [[(buffers: StepBuffers, index: Int)]] = graph.inputs.map { _ in [] }
        var parameterGradientSeen = Set<ObjectIdentifier>()
        var backwardOrderFirst = [Bool](repeating: false, count: nodes.count)
        for step in nodes.indices.reversed() where runsBackward[step] {
            backwardOrderFirst[step] = parameterGradientSeen.insert(ObjectIdentifier(nodes[step].layer)).inserted
        }
        for (step, node) in nodes.enumerated() {
            let parameters = node.layer.parameters
            let buffers = StepBuffers(
                inputs: nodeInputs[step].map { UnsafePointer(address(valueSlot[$0])) },
                outputs: nodeOutputs[step].map { address(valueSlot[$0]) },
                outputGradients: nodeOutputs[step].map { address(gradientSlot[$0]) },
                inputGradients: nodeInputs[step].map { training && needsGradient[$0] ? address(gradientSlot[$0]) : nil },
                accumulatesInputGradient: accumulatesInput[step],
                parameters: parameters.map(\.values),
                parameterGradients: parameters.map { training && $0.isTrainable ? layout.gradient(of: $0) : nil },
                accumulatesParameterGradients: !backwardOrderFirst[step],
                scratch: scratchSlots[step].map { address($0) })
            for (i, value) in nodeInputs[step].enumerated() where value < graph.inputs.count {
                references[value].append((buffers, i))
            }
            builtSteps.append(Step(layer: node.layer, kernels: kernels[step], buffers: buffers,
                                   outputShapes: nodeOutputs[step].map { valueShapes[$0] },
                                   unusedOutputGradients: unusedGradients[step].map { (address($0), $0.count) }))
        }
        steps = builtSteps
        backwardSteps = nodes.indices.reversed().filter { runsBackward[$0] }.map { builtSteps[$0] }
        inputReferences = references
        inputBuffers = training ? graph.inputs.indices.map { address(valueSlot[$0]) } : []
        inputWidths = graph.inputs.map { Shape.count(of: $0.shape) }
        labelBuffers = labelSlots.map { address($0) }
        labelWidths = losses.map { Shape.count(of: $0.labelShape) }
        sampleWeightBuffer = address(sampleWeightSlot)
        outputs = outputValues.enumerated().map { k, value in
            outputIsFused[k] ? address(probabilitySlot[k]) : address(valueSlot[value])
        }
        var lossSteps: [LossStep] = []
        if mode != .prediction {
            for (k, value) in outputValues.enumerated() {
                let spec = losses[k]
                let probabilities = probabilitySlot[k].map { address($0) } ?? address(valueSlot[value])
                lossSteps.append(LossStep(loss: spec.loss, weight: spec.weight,
                                          kernel: LossStep.kernel(for: spec.loss, fused: outputIsFused[k]),
                                          source: address(valueSlot[value]), probabilities: probabilities,
                                          gradient: training && needsGradient[value] ? address(gradientSlot[value]) : nil,
                                          labels: labelBuffers[k], sampleWeights: sampleWeightBuffer, outputShape: valueShapes[value], labelShape: spec.labelShape))
            }
        }
        self.lossSteps = lossSteps
        lossValues = [Float](repeating: 0, count: lossSteps.count)
        regularized = mode != .prediction ? layout.trainable.compactMap { parameter in
            guard let regularizer = parameter.regularizer, regularizer.l1 != 0 || regularizer.l2 != 0 else { return nil }
            return (regularizer, parameter.values, layout.gradient(of: parameter), parameter.count)
        } : []
    }

    // MARK: Running

    /// Copies the rows `indices` of each input and label tensor, and of the sample weights (`[rows]`)
    /// when given, into the plan's buffers (training).
    func gather(inputs: [Tensor], labels: [Tensor], sampleWeights: Tensor? = nil, rows indices: some Collection<Int>) {
        for (k, tensor) in inputs.enumerated() { ExecutionPlan.copyRows(indices, of: tensor, width: inputWidths[k], into: inputBuffers[k]) }
        loadLabels(labels, sampleWeights: sampleWeights, rows: indices)
    }

    /// Copies the rows `indices` of each label tensor and of the sample weights, when given, into
    /// their buffers (evaluation).
    func loadLabels(_ labels: [Tensor], sampleWeights: Tensor? = nil, rows indices: some Collection<Int>) {
        for (k, tensor) in labels.enumerated() { ExecutionPlan.copyRows(indices, of: tensor, width: labelWidths[k], into: labelBuffers[k]) }
        isWeighted = sampleWeights != nil
        if let sampleWeights { ExecutionPlan.copyRows(indices, of: sampleWeights, width: 1, into: sampleWeightBuffer) }
    }

    private static func copyRows(_ indices: some Collection<Int>, of tensor: Tensor, width: Int, into target: UnsafeMutablePointer<Float>) {
        guard width > 0 else { return }
        tensor.withUnsafeBufferPointer { source in
            for (r, index) in indices.enumerated() {
                (target + r * width).update(from: source.baseAddress! + index * width, count: width)
            }
        }
    }

    /// Runs the forward steps on `rows` rows already in the input buffers.
    func forward(rows: Int) throws {
        precondition(rows >= 1 && rows <= capacity, "internal: \(rows) rows in a plan for \(capacity)")
        failure.error = nil
        for step in steps {
            step.buffers.rows = rows
            if let validate = step.kernels.validate, let error = validate(step.buffers) { throw error }
            step.kernels.forward(step.buffers)
            if let error = failure.error { throw error }
        }
    }

    /// Runs the forward steps reading the rows `range` of `inputs` in place (evaluation, prediction).
    func forward(readingRows range: Range<Int>, of inputs: [Tensor]) throws {
        try ExecutionPlan.withAddresses(of: inputs[...]) { addresses in
            for (k, references) in inputReferences.enumerated() {
                let start = UnsafePointer(addresses[k]) + range.lowerBound * inputWidths[k]
                for reference in references { reference.buffers.inputs[reference.index] = start }
            }
            try forward(rows: range.count)
        }
    }

    private static func withAddresses<R>(of tensors: ArraySlice<Tensor>, _ collected: [UnsafePointer<Float>] = [],
                                         _ body: ([UnsafePointer<Float>]) throws -> R) throws -> R {
        guard let first = tensors.first else { return try body(collected) }
        return try first.withUnsafeBufferPointer { buffer in
            try withAddresses(of: tensors.dropFirst(), collected + [buffer.baseAddress!], body)
        }
    }

    /// The loss of each output (before the outputs' loss weights; with the sample weights of the
    /// rows loaded, if any), writing the gradients in training.
    func losses(rows: Int) throws -> [Float] {
        for (k, step) in lossSteps.enumerated() {
            lossValues[k] = try step.run(rows: rows, withGradient: mode == .training, weighted: isWeighted)
        }
        return lossValues
    }

    /// Runs the backward steps (after ``losses(rows:)`` wrote the output gradients).
    func backward(rows: Int) throws {
        failure.error = nil
        for step in backwardSteps {
            for (buffer, count) in step.unusedOutputGradients { buffer.update(repeating: 0, count: count) }
            step.kernels.backward?(step.buffers)
            if let error = failure.error { throw error }
        }
    }

    /// The regularisation penalty of the trainable parameters, adding its gradient when asked.
    func regularization(addingGradients: Bool) -> Float {
        var total: Float = 0
        for entry in regularized {
            total += DenseKernels.penalty(entry.values, count: entry.count, l1: entry.regularizer.l1, l2: entry.regularizer.l2,
                                          gradient: addingGradients && mode == .training ? entry.gradient : nil)
        }
        return total
    }

    /// The labels of output `k` loaded for the last run's `rows` rows (none on a rank with no rows of a
    /// distributed batch), as a new tensor (for metrics).
    func labels(_ k: Int, rows: Int) -> Tensor {
        Tensor.build(shape: [rows] + lossSpecifications[k].labelShape) { if $0.count > 0 { $0.baseAddress!.update(from: labelBuffers[k], count: $0.count) } }
    }

    /// Model output `k` for the last run's `rows` rows, as a new tensor.
    func output(_ k: Int, rows: Int) -> Tensor {
        Tensor.build(shape: [rows] + outputShapes[k]) { if $0.count > 0 { $0.baseAddress!.update(from: outputs[k], count: $0.count) } }
    }

    /// The first output of `layer`'s last call in the last run, for `rows` rows, as a new tensor;
    /// `nil` when the plan does not call `layer`. In a training plan every forward value is kept
    /// through the backward pass, so after a training batch this is what the layer produced in it
    /// (for an output fused into its loss, the logits). In other plans the buffer may have been reused.
    func output(of layer: any Layer, rows: Int) -> Tensor? {
        guard let step = steps.last(where: { $0.layer === layer }), let shape = step.outputShapes.first,
              let source = step.buffers.outputs.first else { return nil }
        return Tensor.build(shape: [rows] + shape) { if $0.count > 0 { $0.baseAddress!.update(from: source, count: $0.count) } }
    }
}
