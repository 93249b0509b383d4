import Foundation

/// Custom losses known by name, so that a model file compiled with one can be loaded.
enum LossRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var losses: [String: Loss] = [:]

    static func register(_ loss: Loss, name: String) {
        lock.lock()
        losses[name] = loss
        lock.unlock()
    }

    /// The loss saved as `name` (`fromLogits` for the built-in cross-entropies).
    static func make(name: String, fromLogits: Bool, custom: Bool, source: String) throws -> Loss {
        if !custom, let kind = Loss.Kind(rawValue: name), kind != .custom { return Loss(kind: kind, fromLogits: fromLogits) }
        lock.lock()
        defer { lock.unlock() }
        guard let loss = losses[name] else {
            throw SynapseError.fileError("\(source): the model was compiled with the loss '\(name)', which is not a built-in loss; register it with Loss.register(Loss.custom(name: \"\(name)\") { … }) before loading")
        }
        return loss
    }
}
