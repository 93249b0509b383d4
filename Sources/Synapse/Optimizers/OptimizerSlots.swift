/// Per-parameter optimizer state — momenta, moments, accumulators — as a fixed list of named slots
/// per parameter (`["m", "v"]` for Adam), created on a parameter's first update.
///
/// Each parameter's slots live in one buffer whose address never changes, so an update reaches all
/// of them through plain pointers without copies or nested closures.
final class OptimizerSlots {
    /// The slot names, as saved (`<name>/<parameter path>`).
    let names: [String]
    /// The value each slot starts at.
    let initialValues: [Float]
    private var entries: [ObjectIdentifier: Entry] = [:]

    /// Slots named `names`, all starting at 0 unless `initialValues` says otherwise.
    init(_ names: [String], initialValues: [Float]? = nil) {
        self.names = names
        self.initialValues = initialValues ?? [Float](repeating: 0, count: names.count)
        precondition(self.initialValues.count == names.count)
    }

    /// The position of the slot `name`, if there is one.
    func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The slots of `parameter`, created at their initial values on first use.
    func entry(for parameter: Parameter) -> Entry {
        let key = ObjectIdentifier(parameter)
        if let existing = entries[key], existing.parameter === parameter, existing.shape == parameter.shape {
            return existing
        }
        // Slots of parameters that no longer exist are dropped whenever new ones are made.
        entries = entries.filter { $0.value.parameter != nil }
        let created = Entry(parameter: parameter, initialValues: initialValues)
        entries[key] = created
        return created
    }

    /// The slots of `parameters` that have them, named `<slot>/<parameter path>`.
    func exported(for parameters: [Parameter]) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for parameter in parameters {
            guard let entry = entries[ObjectIdentifier(parameter)], entry.parameter === parameter else { continue }
            for (index, name) in names.enumerated() {
                result["\(name)/\(parameter.path)"] = Tensor(uncheckedShape: entry.shape,
                                                              scalars: Array(UnsafeBufferPointer(start: entry[index], count: entry.count)))
            }
        }
        return result
    }

    /// Restores the tensors named `<slot>/<parameter path>` found in `tensors`; slots not found start
    /// at their initial values.
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` when a tensor has the wrong shape (nothing is changed).
    func load(_ tensors: [String: Tensor], for parameters: [Parameter]) throws {
        for parameter in parameters {
            for name in names {
                if let tensor = tensors["\(name)/\(parameter.path)"], tensor.shape != parameter.shape {
                    throw SynapseError.fileError("optimizer state \(name)/\(parameter.path) has shape \(tensor.shape), expected \(parameter.shape)")
                }
            }
        }
        for parameter in parameters {
            let found = names.map { tensors["\($0)/\(parameter.path)"] }
            guard found.contains(where: { $0 != nil }) else { continue }
            let entry = Entry(parameter: parameter, initialValues: initialValues)
            for (index, tensor) in found.enumerated() {
                tensor?.withUnsafeBufferPointer { source in
                    if let base = source.baseAddress { entry[index].update(from: base, count: entry.count) }
                }
            }
            entries[ObjectIdentifier(parameter)] = entry
        }
    }

    /// One parameter's slots: `count` values per slot, in one allocation.
    final class Entry {
        /// The parameter these slots belong to (weak, so a freed parameter's slots are never reused
        /// for another object at the same address).
        weak var parameter: Parameter?
        let shape: [Int]
        let count: Int
        private let base: UnsafeMutablePointer<Float>

        init(parameter: Parameter, initialValues: [Float]) {
            self.parameter = parameter
            shape = parameter.shape
            count = parameter.count
            base = .allocate(capacity: Swift.max(1, count * initialValues.count))
            for (index, value) in initialValues.enumerated() {
                (base + index * count).initialize(repeating: value, count: count)
            }
        }

        deinit { base.deallocate() }

        /// The values of slot `index`.
        subscript(index: Int) -> UnsafeMutablePointer<Float> { base + index * count }
    }
}
