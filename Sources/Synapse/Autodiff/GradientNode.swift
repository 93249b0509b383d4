/// One recorded operation in a gradient computation.
///
/// A node knows the nodes of its operands and a *pullback*: given the gradient of the final scalar
/// with respect to this operation's output, it returns the gradients with respect to each operand
/// (or `nil` for an operand that needs none). Leaves (watched inputs and parameters) have no pullback
/// and keep the gradient that reaches them.
final class GradientNode {
    let inputs: [GradientNode?]
    let pullback: ((Tensor) throws -> [Tensor?])?
    /// The name of the operation, shown when debugging a graph.
    let operation: String
    /// The gradient accumulated so far.
    var gradient: Tensor?

    /// A leaf: a value whose gradient is wanted.
    init(leaf name: String = "leaf") {
        inputs = []
        pullback = nil
        operation = name
    }

    init(operation: String, inputs: [GradientNode?], pullback: @escaping (Tensor) throws -> [Tensor?]) {
        self.operation = operation
        self.inputs = inputs
        self.pullback = pullback
    }

    var isLeaf: Bool { pullback == nil }

    /// Adds `contribution` to the gradient (a tensor used more than once collects the sum).
    func accumulate(_ contribution: Tensor) {
        if var existing = gradient {
            gradient = nil // drop this reference so the addition can happen in place
            existing.addInPlace(contribution)
            gradient = existing
        } else {
            gradient = contribution
        }
    }

    /// The nodes reachable from `self`, operands before the operations that use them.
    func topologicalOrder() -> [GradientNode] {
        var order: [GradientNode] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative depth-first search: long recurrent chains must not overflow the stack.
        var stack: [(node: GradientNode, nextInput: Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while !stack.isEmpty {
            let (node, next) = stack[stack.count - 1]
            if next < node.inputs.count {
                stack[stack.count - 1].nextInput += 1
                if let input = node.inputs[next], visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(node)
                stack.removeLast()
            }
        }
        return order
    }

    /// Propagates `seed` (the gradient of the output with respect to itself) back to every leaf.
    /// Intermediate gradients are released as soon as they have been passed on.
    func backpropagate(seed: Tensor) throws {
        let order = topologicalOrder()
        accumulate(seed)
        for node in order.reversed() {
            guard let pullback = node.pullback, let gradient = node.gradient else { continue }
            node.gradient = nil
            let contributions = try pullback(gradient)
            for (input, contribution) in zip(node.inputs, contributions) {
                if let input, let contribution { input.accumulate(contribution) }
            }
        }
    }
}

extension Tensor {
    /// Whether any of `operands` is being recorded, so the result must be recorded too.
    @inline(__always)
    static func anyRecording(_ operands: Tensor...) -> Bool {
        for operand in operands where operand.node != nil { return true }
        return false
    }

    /// Attaches a record of the operation that produced `self`.
    ///
    /// Call only when ``anyRecording(_:)`` is true, and build `pullback` from *detached* values: it must
    /// not capture `self` or any recorded tensor, or the graph would keep itself alive.
    mutating func record(_ operation: String, inputs: [Tensor], pullback: @escaping (Tensor) throws -> [Tensor?]) {
        node = GradientNode(operation: operation, inputs: inputs.map(\.node), pullback: pullback)
    }

    /// Starts recording: `self` becomes a leaf whose gradient will be collected.
    mutating func watch(name: String = "leaf") {
        node = GradientNode(leaf: name)
    }

    /// The gradient collected at this leaf by the last backward pass, if any.
    var leafGradient: Tensor? { node?.gradient }
}
