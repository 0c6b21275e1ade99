extension JSONDocumentDecoder {
    /// Per nesting depth, a hash table from member name to entry for the object being decoded at that depth.
    ///
    /// Models read their keys in declaration order, servers write them in theirs, and many optional keys are absent:
    /// for an object of more than ``smallObject`` members a scan per key would cost the object's size each time. A
    /// table is built once per object (names hashed from the bytes, no `String` made) and reused by every lookup; its
    /// owner is checked on each use, so two containers alive at one depth only cost a rebuild, never a wrong answer.
    final class MemberTable {
        /// Objects with at most this many members are scanned instead.
        static let smallObject: UInt32 = 8
        /// Slots per depth; objects of more than half as many members are scanned.
        static let slots = 256

        private let depths: Int
        /// `depths × slots` name entry indexes plus one (0 = empty).
        private let table: UnsafeMutablePointer<Int32>
        /// Per depth, the object whose names the table holds, or -1.
        private let owners: UnsafeMutablePointer<Int>
        /// Per depth, the slot mask of the table in use.
        private let masks: UnsafeMutablePointer<Int>

        init(depths: Int) {
            self.depths = depths
            table = .allocate(capacity: depths * Self.slots)
            owners = .allocate(capacity: depths)
            owners.initialize(repeating: -1, count: depths)
            masks = .allocate(capacity: depths)
            masks.initialize(repeating: 0, count: depths)
        }

        deinit {
            table.deallocate()
            owners.deallocate()
            masks.deallocate()
        }

        @inline(__always)
        func owner(_ depth: Int) -> Int { owners[depth] }

        /// Hashes a name (FNV-1a).
        @inline(__always)
        static func hash(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
            var value: UInt32 = 2_166_136_261
            for index in 0..<count { value = (value ^ UInt32(bytes[index])) &* 16_777_619 }
            return Int(value)
        }

        /// Fills the table at `depth` with the names of `object`; leaves it unowned when a name has escapes or the
        /// object is too large (lookups then scan).
        func load(object: Int, depth: Int, document: JSONDocument) {
            let entries = document.entries
            let members = Int(entries[object].length)
            owners[depth] = -1
            guard members * 2 <= Self.slots else { return }
            var size = 16
            while size < members * 2 { size <<= 1 }
            let mask = size - 1
            let slots = table + depth * Self.slots
            slots.update(repeating: 0, count: size)
            var name = object + 1
            let end = Int(entries[object].end)
            while name < end {
                let entry = entries[name]
                guard entry.flags & Entry.hasEscapes == 0 else { return }
                let start = document.bytes + Int(entry.start)
                var slot = Self.hash(start, Int(entry.length)) & mask
                while slots[slot] != 0 {
                    let other = entries[Int(slots[slot]) - 1]
                    if other.length == entry.length,
                        memoryEqual(document.bytes + Int(other.start), start, Int(entry.length))
                    {
                        break  // a repeated name: the last one wins
                    }
                    slot = (slot + 1) & mask
                }
                slots[slot] = Int32(name + 1)
                name = Int(entries[name + 1].end)
            }
            masks[depth] = mask
            owners[depth] = object
        }

        /// The entry index of the member named `name` in the object loaded at `depth`, or `nil`.
        @inline(__always)
        func find(_ name: UnsafeBufferPointer<UInt8>, depth: Int, document: JSONDocument) -> Int? {
            guard let base = name.baseAddress ?? (name.isEmpty ? UnsafePointer(bitPattern: 1) : nil) else { return nil }
            let mask = masks[depth]
            let slots = table + depth * Self.slots
            var slot = Self.hash(base, name.count) & mask
            let entries = document.entries
            while slots[slot] != 0 {
                let index = Int(slots[slot]) - 1
                let entry = entries[index]
                if Int(entry.length) == name.count, memoryEqual(document.bytes + Int(entry.start), base, name.count) {
                    return index
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }
}

/// Whether `count` bytes at `left` and `right` are equal.
@inline(__always)
func memoryEqual(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for offset in 0..<count where left[offset] != right[offset] { return false }
    return true
}
