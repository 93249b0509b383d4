import Synapse

extension Tensorflow_GraphDef {
    /// The graph of `model` as TensorBoard's graph view draws it: one node per model input (op
    /// `InputLayer`) and per layer call (op = the layer's type, `Dense`), each listing the nodes whose
    /// outputs it reads. A call's node is named after its layer (`dense`); later calls of a shared
    /// layer add `_1`, `_2`, …; an input read from a layer's second or later output is written
    /// `name:k`, as TensorFlow writes it.
    public init(model: Model) {
        self.init()
        var names: [ObjectIdentifier: String] = [:]
        for input in model.inputs {
            names[ObjectIdentifier(input)] = input.name
            var node = Tensorflow_NodeDef()
            node.name = input.name
            node.op = input.typeName
            self.node.append(node)
        }
        var calls: [ObjectIdentifier: Int] = [:]
        for call in model.layerCalls {
            let count = calls[ObjectIdentifier(call.layer), default: 0]
            calls[ObjectIdentifier(call.layer)] = count + 1
            var node = Tensorflow_NodeDef()
            node.name = count == 0 ? call.layer.name : "\(call.layer.name)_\(count)"
            node.op = call.layer.typeName
            node.input = call.inputs.map { names[ObjectIdentifier($0)] ?? $0.producer.name }
            for (index, output) in call.outputs.enumerated() {
                names[ObjectIdentifier(output)] = index == 0 ? node.name : "\(node.name):\(index)"
            }
            self.node.append(node)
        }
    }
}
