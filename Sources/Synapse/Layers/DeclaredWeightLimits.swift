import Foundation

/// The weights a model rebuilt from a file may declare: the shapes of the file's tensors, by name, and
/// how many values they hold in all.
///
/// A configuration is only a description: a file of a few kilobytes could declare a kernel of 2⁵⁴
/// values, and building the model would allocate and randomly fill it before the weights are read.
/// While a model is rebuilt from a file (``Model/load(from:)``), every parameter a layer declares
/// through ``Layer/makeParameter(_:shape:initializer:regularizer:isTrainable:isLayerState:generator:)``
/// is checked here first, before anything is allocated: a tensor of the same name in the file must
/// have the declared shape, and all declared parameters together may not hold more values than the
/// file's tensors (every one of them must be in the file, so this bounds what is built by the size
/// of the file itself).
final class DeclaredWeightLimits: @unchecked Sendable {
    /// The limits of the model being rebuilt, if any.
    @TaskLocal static var active: DeclaredWeightLimits?

    /// Names the file in messages.
    private let source: String
    private let shapes: [String: [Int]]
    private let total: Int
    private let lock = NSLock()
    private var remaining: Int

    /// The limits set by weights of `shapes`, by name, read from the file `source` names.
    init(shapes: [String: [Int]], source: String) {
        self.source = source
        self.shapes = shapes
        // Each shape is that of a tensor in memory, so neither the counts nor their sum overflow.
        total = shapes.values.reduce(0) { $0 + Shape.count(of: $1) }
        remaining = total
    }

    /// Checks that the parameter `path` of `shape` can be in the file, and counts its values.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming the file, when the file's tensor of that name has
    ///   another shape, or when the declared weights hold more values than the file's tensors.
    func claim(_ path: String, shape: [Int]) throws {
        if let stored = shapes[path], stored != shape {
            throw SynapseError.fileError("\(source): tensor '\(path)' has shape \(stored), expected \(shape) (the shape the configuration declares; nothing was built)")
        }
        let count: Int
        do {
            count = try Shape.checkedCount(shape, what: "'\(path)'", limit: .max)
        } catch let error as SynapseError {
            throw error.asFileError(of: source)
        }
        lock.lock()
        defer { lock.unlock() }
        guard count <= remaining else {
            if shapes[path] == nil {
                throw SynapseError.fileError("\(source): tensor '\(path)' is missing; the configuration declares it of shape \(shape) (\(count) values), more than the \(remaining) values of the file's tensors not yet claimed (\(total) in all), so nothing was built")
            }
            throw SynapseError.fileError("\(source): the configuration declares '\(path)' of shape \(shape) (\(count) values), but the file's tensors hold only \(remaining) values not yet claimed (\(total) in all); the configuration does not match the weights")
        }
        remaining -= count
    }
}
