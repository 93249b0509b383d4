/// The kernels of ``Bidirectional``: the two wrapped layers' own kernels over buffers that route the
/// call's inputs, states and parameters to each, with their outputs in scratch, and one merge pass.
extension Bidirectional {
    /// Whether both directions bring kernels (otherwise the plan runs the layer through the tape).
    public var providesKernels: Bool { forwardLayer.providesKernels && backwardLayer.providesKernels }

    public func makeKernels(for call: KernelCall) throws -> LayerKernels {
        let layout = try inputLayout(call.inputShapes)
        let layers = [forwardLayer, backwardLayer]
        let stateCount = layout.stateCount, states = returnState ? stateCount : 0
        let mergedCount = mergeMode == .none ? 2 : 1
        let units = layers.map(\.units), steps = layout.timeSteps
        let outputWidths = units.map { (returnSequences ? steps : 1) * $0 }
        let parameterCounts = layers.map(\.parameters.count)

        // Each direction's call: its inputs among the call's; its output in scratch, its states the call's.
        var directions: [LayerKernels] = []
        for (direction, layer) in layers.enumerated() {
            let inputs = layout.inputs(of: direction)
            let stateOutputs = (0..<states).map { mergedCount + direction * states + $0 }
            let innerCall = KernelCall(batchCapacity: call.batchCapacity, isTraining: call.isTraining,
                                       inputShapes: inputs.map { call.inputShapes[$0] },
                                       outputShapes: [returnSequences ? [steps, units[direction]] : [units[direction]]] + stateOutputs.map { call.outputShapes[$0] },
                                       needsInputGradient: inputs.map { call.needsInputGradient[$0] }, appliesActivation: true)
            do {
                directions.append(try layer.makeKernels(for: innerCall))
            } catch let error as SynapseError {
                throw error.prefixed(name)
            }
        }
        // Own scratch: each direction's output and its gradient; then the directions' scratch.
        let own = 4
        let scratch = outputWidths + outputWidths + directions[0].scratch + directions[1].scratch
        let stepScratch = directions[0].stepScratch + directions[1].stepScratch
        let scratchStarts = [own, own + directions[0].scratch.count]
        let stepScratchStarts = [scratch.count, scratch.count + directions[0].stepScratch.count]

        let routed = (0..<2).map { _ in StepBuffers.unbound() }
        /// Points direction `d`'s buffers at the call's.
        func route(_ b: StepBuffers, _ d: Int) {
            let buffers = routed[d], inputs = layout.inputs(of: d)
            let stateOutputs = (0..<states).map { mergedCount + d * states + $0 }
            buffers.rows = b.rows
            buffers.inputs = inputs.map { b.inputs[$0] }
            buffers.outputs = [b.scratch[d]] + stateOutputs.map { b.outputs[$0] }
            buffers.outputGradients = [b.scratch[2 + d]] + stateOutputs.map { b.outputGradients[$0] }
            buffers.inputGradients = inputs.map { b.inputGradients[$0] }
            // The backward direction adds its gradient of the sequence to the forward one's.
            buffers.accumulatesInputGradient = inputs.enumerated().map { k, input in d == 1 && k == 0 || b.accumulatesInputGradient[input] }
            let first = d == 0 ? 0 : parameterCounts[0]
            buffers.parameters = Array(b.parameters[first..<(first + parameterCounts[d])])
            buffers.parameterGradients = Array(b.parameterGradients[first..<(first + parameterCounts[d])])
            buffers.accumulatesParameterGradients = b.accumulatesParameterGradients
            buffers.scratch = Array(b.scratch[scratchStarts[d]..<(scratchStarts[d] + directions[d].scratch.count)])
                + Array(b.scratch[stepScratchStarts[d]..<(stepScratchStarts[d] + directions[d].stepScratch.count)])
        }
        let mode = mergeMode, reversed = returnSequences, positionsPerSample = returnSequences ? steps : 1
        let validates = directions.map(\.validate)
        let backwards = directions.map(\.backward)
        return LayerKernels(
            scratch: scratch, stepScratch: stepScratch,
            validate: validates.allSatisfy({ $0 == nil }) ? nil : { b in
                for d in 0..<2 {
                    guard let validate = validates[d] else { continue }
                    route(b, d)
                    if let error = validate(routed[d]) { return error.prefixed(self.name) }
                }
                return nil
            },
            forward: { b in
                for d in 0..<2 {
                    route(b, d)
                    directions[d].forward(routed[d])
                }
                BidirectionalKernels.merge(mode, forward: b.scratch[0], backward: b.scratch[1], positions: b.rows * positionsPerSample,
                                           units: units, steps: steps, reversed: reversed, into: Array(b.outputs[0..<mergedCount]))
            },
            backward: { b in
                BidirectionalKernels.split(mode, gradients: Array(b.outputGradients[0..<mergedCount]), forward: b.scratch[0],
                                           backward: b.scratch[1], positions: b.rows * positionsPerSample, units: units, steps: steps,
                                           reversed: reversed, forwardGradient: b.scratch[2], backwardGradient: b.scratch[3])
                for d in 0..<2 {
                    guard let backward = backwards[d] else { continue }
                    route(b, d)
                    backward(routed[d])
                }
            })
    }
}
