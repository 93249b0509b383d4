/// Places a plan's buffers in one block of memory, reusing the room of a buffer once its value is
/// dead: ``allocate(_:)`` takes the smallest free gap that fits (or grows the block), ``release(_:)``
/// gives a buffer's room back. Offsets are in `Float`s, aligned to 16 values (64 bytes).
struct ArenaLayout {
    /// A buffer's place in the arena.
    struct Slot: Hashable {
        let offset: Int
        let count: Int
    }

    /// The arena's size so far, in `Float`s.
    private(set) var size = 0
    /// Free gaps, sorted by offset.
    private var free: [Slot] = []

    private static func aligned(_ count: Int) -> Int { (Swift.max(count, 1) + 15) & ~15 }

    /// Room for `count` values.
    mutating func allocate(_ count: Int) -> Slot {
        let needed = ArenaLayout.aligned(count)
        var best: Int?
        for (index, gap) in free.enumerated() where gap.count >= needed {
            if best == nil || gap.count < free[best!].count { best = index }
        }
        if let best {
            let gap = free[best]
            if gap.count == needed { free.remove(at: best) } else { free[best] = Slot(offset: gap.offset + needed, count: gap.count - needed) }
            return Slot(offset: gap.offset, count: needed)
        }
        // Grow, absorbing a free gap at the end of the arena.
        if let last = free.last, last.offset + last.count == size {
            free.removeLast()
            size = last.offset
        }
        let slot = Slot(offset: size, count: needed)
        size += needed
        return slot
    }

    /// Gives `slot`'s room back, merging it with free neighbours.
    mutating func release(_ slot: Slot) {
        let index = free.firstIndex { $0.offset > slot.offset } ?? free.count
        free.insert(slot, at: index)
        if index + 1 < free.count, free[index].offset + free[index].count == free[index + 1].offset {
            free[index] = Slot(offset: free[index].offset, count: free[index].count + free[index + 1].count)
            free.remove(at: index + 1)
        }
        if index > 0, free[index - 1].offset + free[index - 1].count == free[index].offset {
            free[index - 1] = Slot(offset: free[index - 1].offset, count: free[index - 1].count + free[index].count)
            free.remove(at: index)
        }
    }
}
