import Foundation

/// Layers frozen before they were built (a layer has no storage of its own for the flag: the
/// protocol's ``Layer/isTrainable`` keeps it here, weakly, until the layer makes its parameters).
enum LayerTrainability {
    private struct Entry {
        weak var layer: AnyObject?
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var frozen: [ObjectIdentifier: Entry] = [:]

    static func set(_ trainable: Bool, for layer: any Layer) {
        lock.lock()
        defer { lock.unlock() }
        if trainable {
            frozen.removeValue(forKey: ObjectIdentifier(layer))
        } else {
            if frozen.count > 1024 { frozen = frozen.filter { $0.value.layer != nil } }
            frozen[ObjectIdentifier(layer)] = Entry(layer: layer)
        }
    }

    static func isTrainable(_ layer: any Layer) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = frozen[ObjectIdentifier(layer)], entry.layer === layer else { return true }
        return false
    }
}
