#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A parsed JSON document: a private copy of the bytes and one entry per value, in document order.
///
/// An object's entry is followed by its members (a string entry for the name, then the value's entries); an array's
/// by its elements. Every entry knows where its subtree ends, so a reader skips a value in one step. Strings and
/// numbers are not converted here: the decoder converts only what a model asks for.
/// Immutable once parsed (the bytes are written only by the initializer), so it may be shared across tasks, as the
/// coding keys that name its members are.
final class JSONDocument: @unchecked Sendable {
    /// What one entry is.
    enum Kind: UInt8 {
        case null, `true`, `false`, number, string, array, object
    }

    /// One value (16 bytes).
    struct Entry {
        /// What the value is.
        var kind: Kind
        /// Strings: ``hasEscapes``; numbers: ``isInteger``.
        var flags: UInt8
        /// Strings: the offset just after the opening quote; numbers: the first byte; containers: the bracket.
        var start: UInt32
        /// Strings and numbers: their length in bytes; arrays: element count; objects: member count.
        var length: UInt32
        /// The index of the entry after this value's subtree.
        var end: UInt32

        static let hasEscapes: UInt8 = 1
        static let isInteger: UInt8 = 1
    }

    /// The bytes (owned; freed with the document).
    let bytes: UnsafeMutablePointer<UInt8>
    /// The number of bytes.
    let count: Int
    /// The values, in document order; the root is entry 0.
    let entries: [Entry]
    /// How deeply the deepest container nests (0 for a scalar document, 1 for a flat array or object).
    let depth: Int

    /// Parses `data`.
    /// - Throws: ``JSONReadError`` when the bytes are not one JSON value.
    init(parsing data: Data, maximumDepth: Int) throws(JSONReadError) {
        count = data.count
        guard count < Int(UInt32.max) else { throw JSONReadError(.documentTooLarge, offset: 0) }
        bytes = .allocate(capacity: max(count, 1))
        data.copyBytes(to: bytes, count: count)
        do {
            var parser = JSONParser(input: bytes, count: count, maximumDepth: maximumDepth)
            try parser.parseDocument()
            entries = parser.entries
            depth = parser.deepest
        } catch {
            bytes.deallocate()
            throw error
        }
    }

    deinit { bytes.deallocate() }

    /// The raw bytes of a string or number entry.
    @inline(__always)
    func span(_ entry: Entry) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + Int(entry.start), count: Int(entry.length))
    }

    /// The text of a string entry, every escape decoded.
    func string(_ entry: Entry) -> String {
        let raw = span(entry)
        if entry.flags & Entry.hasEscapes == 0 { return String(decoding: raw, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: raw.count) { JSONEscapes.unescape(raw, into: $0) }
    }
}
