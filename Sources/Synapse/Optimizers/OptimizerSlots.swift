/// Per-parameter optimizer state — momenta, moments, accumulators — as a fixed list of named slots
/// per parameter (`["m", "v"]` for Adam), created on a parameter's first update.
///
/// Each parameter's slots live in one buffer whose address never changes, so an update reaches all
/// of them through plain pointers without copies or nested closures.
final class OptimizerSlots {
    /// The slot names, as saved (`<name>/<parameter path>`).
    let names: [String]
    /// The names of Keras 3's variables for the slots, in the same order (`momentum`, `velocity`).
    let kerasNames: [String]
    /// The names of the lists Keras 3's optimizer keeps those variables in (`momentums`, `velocities`).
    let kerasListNames: [String]
    /// The value each slot starts at.
    let initialValues: [Float]
    private var entries: [ObjectIdentifier: Entry] = [:]

    /// Slots named `names`, all starting at 0 unless `initialValues` says otherwise.
    ///
    /// `kerasNames` are Keras's variable names where the saved names differ from them (the saved
    /// names never change, so that files keep loading); `kerasListNames` are the optimizer's list
    /// attributes where they are not the plurals of the variable names (Adamax's `m` and `u`).
    init(_ names: [String], initialValues: [Float]? = nil, kerasNames: [String]? = nil, kerasListNames: [String]? = nil) {
        self.names = names
        self.initialValues = initialValues ?? [Float](repeating: 0, count: names.count)
        self.kerasNames = kerasNames ?? names
        self.kerasListNames = kerasListNames ?? self.kerasNames.map(Self.plural)
        precondition(self.initialValues.count == names.count && self.kerasNames.count == names.count
                     && self.kerasListNames.count == names.count)
    }

    /// `velocity` → `velocities`, `momentum` → `momentums`: how Keras names its lists of variables.
    private static func plural(_ name: String) -> String {
        name.hasSuffix("y") ? String(name.dropLast()) + "ies" : name + "s"
    }

    /// The position of the slot called `name` by Keras: a variable name or its list's name.
    func index(ofKerasName name: String) -> Int? {
        kerasNames.firstIndex(of: name) ?? kerasListNames.firstIndex(of: name)
    }

    /// The position of the slot `name`, if there is one.
    func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The slots of `parameter`, created at their initial values on first use.
    ///
    /// A parameter that is part of a model's flat block (``Parameter/block``) shares the block's
    /// slots once the block has them: its entry is a view of its part. A new block's slots take
    /// over the slots its members had (their own, or their part of an earlier block's, when the
    /// model laid its parameters out anew).
    func entry(for parameter: Parameter) -> Entry {
        if let existing = existingEntry(for: parameter) { return existing }
        let created = Entry(parameter: parameter, initialValues: initialValues)
        var replaced = Set<ObjectIdentifier>()
        for (member, offset) in parameter.members {
            guard let old = existingEntry(for: member) else { continue }
            for slot in names.indices { (created[slot] + offset).update(from: old[slot], count: member.count) }
            if let block = old.owner { replaced.insert(ObjectIdentifier(block)) }
        }
        entries[ObjectIdentifier(parameter)] = created
        for (member, offset) in parameter.members {
            entries[ObjectIdentifier(member)] = Entry(viewOf: created, offset: offset, parameter: member)
        }
        // Drop what no longer holds state: slots of freed parameters, and earlier blocks whose
        // members' slots were just taken over.
        entries = entries.filter { key, entry in
            entry.isAlive && !(entry.members.isEmpty == false && entry !== created && (entry.parameter == nil || replaced.contains(ObjectIdentifier(entry))))
        }
        return created
    }

    /// The slots `parameter` has — its own, its part of its block's, or its part of an earlier
    /// block's — if any.
    private func existingEntry(for parameter: Parameter) -> Entry? {
        let key = ObjectIdentifier(parameter)
        let block = parameter.block
        if let existing = entries[key], existing.parameter === parameter, existing.shape == parameter.shape {
            // An own entry, or a view of the block the parameter is in now.
            if existing.owner == nil || (block != nil && existing.owner?.parameter === block!.parameter) { return existing }
        }
        if let (blockParameter, offset) = block, let blockEntry = entries[ObjectIdentifier(blockParameter)],
           blockEntry.parameter === blockParameter, blockEntry.count == blockParameter.count {
            let view = Entry(viewOf: blockEntry, offset: offset, parameter: parameter)
            entries[key] = view
            return view
        }
        // The parameter's slots may be part of a block the model no longer uses.
        for entry in entries.values {
            if let offset = entry.offset(of: parameter) { return Entry(viewOf: entry, offset: offset, parameter: parameter) }
        }
        return nil
    }

    /// The slots of `parameters` that have them, named `<slot>/<parameter path>`.
    func exported(for parameters: [Parameter]) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for parameter in parameters {
            guard let values = values(of: parameter) else { continue }
            for (name, tensor) in zip(names, values) { result["\(name)/\(parameter.path)"] = tensor }
        }
        return result
    }

    /// Copies of `parameter`'s slots in the order of ``names``, or `nil` before its first update.
    func values(of parameter: Parameter) -> [Tensor]? {
        guard let entry = existingEntry(for: parameter) else { return nil }
        return names.indices.map { index in
            Tensor(uncheckedShape: entry.shape, scalars: Array(UnsafeBufferPointer(start: entry[index], count: entry.count)))
        }
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
        let owner: Entry?
        /// For a block's entry: the parameters it holds, and where.
        private(set) var members: [(parameter: Weak, offset: Int)] = []

        /// A weak reference to a parameter.
        struct Weak { weak var value: Parameter? }

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
            members = parameter.members.map { (Weak(value: $0.parameter), $0.offset) }
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

        /// Whether the slots still belong to a parameter (a block's, while any of its members lives).
        var isAlive: Bool { parameter != nil || members.contains { $0.parameter.value != nil } }

        /// Where a block's entry holds `parameter`'s slots.
        func offset(of parameter: Parameter) -> Int? {
            members.first { $0.parameter.value === parameter }.map(\.offset)
        }

        deinit { if owner == nil { base.deallocate() } }

        /// The values of slot `index`.
        subscript(index: Int) -> UnsafeMutablePointer<Float> { base + index * stride }
    }
}
