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
    ///
    /// A parameter that is part of a model's flat block (``Parameter/block``) shares the block's
    /// slots once the block has them: its entry is a view of its part. A new block's slots take
    /// over the slots its members had.
    func entry(for parameter: Parameter) -> Entry {
        if let existing = existingEntry(for: parameter) { return existing }
        // Slots of parameters that no longer exist are dropped whenever new ones are made.
        entries = entries.filter { $0.value.parameter != nil }
        let created = Entry(parameter: parameter, initialValues: initialValues)
        for (member, offset) in parameter.members {
            guard let old = existingEntry(for: member) else { continue }
            for slot in names.indices { (created[slot] + offset).update(from: old[slot], count: member.count) }
            entries[ObjectIdentifier(member)] = Entry(viewOf: created, offset: offset, parameter: member)
        }
        entries[ObjectIdentifier(parameter)] = created
        return created
    }

    /// The slots `parameter` has (its own, or its part of its block's), if any.
    private func existingEntry(for parameter: Parameter) -> Entry? {
        if let existing = entries[ObjectIdentifier(parameter)], existing.parameter === parameter, existing.shape == parameter.shape,
           existing.isCurrent {
            return existing
        }
        guard let (block, offset) = parameter.block, let blockEntry = entries[ObjectIdentifier(block)],
              blockEntry.parameter === block, blockEntry.count == block.count else { return nil }
        let view = Entry(viewOf: blockEntry, offset: offset, parameter: parameter)
        entries[ObjectIdentifier(parameter)] = view
        return view
    }

    /// The slots of `parameters` that have them, named `<slot>/<parameter path>`.
    func exported(for parameters: [Parameter]) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for parameter in parameters {
            guard let entry = existingEntry(for: parameter) else { continue }
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
            let entry = existingEntry(for: parameter) ?? Entry(parameter: parameter, initialValues: initialValues)
            for (index, tensor) in found.enumerated() {
                if let tensor {
                    tensor.withUnsafeBufferPointer { source in
                        if let base = source.baseAddress { entry[index].update(from: base, count: entry.count) }
                    }
                } else {
                    entry[index].update(repeating: initialValues[index], count: entry.count)
                }
            }
            entries[ObjectIdentifier(parameter)] = entry
        }
    }

    /// One parameter's slots: `count` values per slot, in one allocation — or a view of a part of
    /// a block's slots.
    final class Entry {
        /// The parameter these slots belong to (weak, so a freed parameter's slots are never reused
        /// for another object at the same address).
        weak var parameter: Parameter?
        let shape: [Int]
        let count: Int
        private let base: UnsafeMutablePointer<Float>
        /// The distance between two slots: `count`, or the block's count for a view.
        private let stride: Int
        /// The block entry a view is part of (kept alive by the view).
        private let owner: Entry?

        init(parameter: Parameter, initialValues: [Float]) {
            self.parameter = parameter
            shape = parameter.shape
            count = parameter.count
            stride = count
            owner = nil
            base = .allocate(capacity: Swift.max(1, count * initialValues.count))
            for (index, value) in initialValues.enumerated() {
                (base + index * count).initialize(repeating: value, count: count)
            }
        }

        /// The part of `block` at `offset` that holds `parameter`'s slots.
        init(viewOf block: Entry, offset: Int, parameter: Parameter) {
            self.parameter = parameter
            shape = parameter.shape
            count = parameter.count
            stride = block.stride
            owner = block
            base = block.base + offset
        }

        /// Whether a view's block still belongs to its parameter (a view outlives a block that was
        /// replaced only until it is looked up again).
        var isCurrent: Bool {
            guard let owner else { return true }
            return owner.parameter != nil && parameter?.block?.parameter === owner.parameter
        }

        deinit { if owner == nil { base.deallocate() } }

        /// The values of slot `index`.
        subscript(index: Int) -> UnsafeMutablePointer<Float> { base + index * stride }
    }
}
