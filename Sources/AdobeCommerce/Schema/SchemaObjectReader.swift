#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A type that reads itself from a JSON object in one pass over its members, which `CommerceJSONDecoder` uses
/// instead of `init(from:)`: the generated models implement it, matching each member's name by a hash computed
/// when the code was generated (see `commerce-codegen`).
public protocol SchemaObjectDecodable: Decodable {
    /// Reads every member of the object `reader` is on.
    init(reading reader: inout SchemaObjectReader) throws
}

/// The members of one JSON object being read by a ``SchemaObjectDecodable`` type, one after another.
///
/// ```swift
/// while let hash = reader.nextMember() {
///     if hash == 0x2b8a_e3c5, reader.isNamed("entity_id") {
///         entityID = try reader.value(Int.self, keeping: &additionalFields)
///     } else {
///         try reader.keep(in: &additionalFields)
///     }
/// }
/// ```
public struct SchemaObjectReader {
    let decoder: JSONDocumentDecoder
    private let end: Int
    private var name = -1
    private var next: Int

    init(decoder: JSONDocumentDecoder, object: Int) {
        self.decoder = decoder
        self.end = Int(decoder.entries[object].end)
        self.next = object + 1
    }

    /// The 32-bit FNV-1a hash of a member name's UTF-8 bytes, as the generator computes it.
    public static func hash(_ name: String) -> UInt32 {
        var name = name
        return name.withUTF8 { hash($0) }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    /// Moves to the next member and returns the hash of its name, or `nil` after the last member.
    public mutating func nextMember() -> UInt32? {
        guard next < end else { return nil }
        name = next
        next = Int(decoder.entries[name + 1].end)
        let entry = decoder.entries[name]
        if entry.flags & JSONDocument.Entry.hasEscapes != 0 { return Self.hash(decoder.document.string(entry)) }
        return Self.hash(decoder.document.span(entry))
    }

    /// Whether the current member's name is `key` (a hash match is checked with this).
    public func isNamed(_ key: StaticString) -> Bool {
        let entry = decoder.entries[name]
        let expected = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        if entry.flags & JSONDocument.Entry.hasEscapes != 0 {
            return decoder.document.string(entry).utf8.elementsEqual(expected)
        }
        guard Int(entry.length) == expected.count else { return false }
        return expected.isEmpty || memoryEqual(decoder.document.bytes + Int(entry.start), key.utf8Start, expected.count)
    }

    /// The current member's name.
    public var memberName: String { decoder.document.string(decoder.entries[name]) }

    /// The current member's value as `type`, or `nil` when it is `null` (recorded in `additionalFields` as
    /// `null`), of another JSON type, holds a `null` where the type has none (`[null, 7]` for `[String]`), or a number
    /// the type cannot hold (recorded there as read), as ``SchemaModel`` documents.
    public func value<T: Decodable>(_ type: T.Type, keeping additionalFields: inout [String: JSONValue]) throws -> T? {
        let index = name + 1
        if decoder.entries[index].kind == .null {
            additionalFields[memberName] = .null
            return nil
        }
        do {
            return try decoder.value(T.self, at: index, key: MemberKey(document: decoder.document, name: name))
        } catch DecodingError.typeMismatch, DecodingError.valueNotFound {
            // Another JSON type, or a `null` inside the value (Magento's price results send `[null, 7, "SKU"]` for a
            // `string[]`): kept as read.
            additionalFields[memberName] = try decoder.jsonValue(
                at: index, path: decoder.path, MemberKey(document: decoder.document, name: name))
            return nil
        } catch DecodingError.dataCorrupted where decoder.entries[index].kind == .number {
            // A number the type cannot hold (a fraction in an integer): kept as read. One no `JSONValue` holds either
            // (beyond a Decimal's 38 digits) is still an error, naming this member.
            additionalFields[memberName] = try decoder.jsonValue(
                at: index, path: decoder.path, MemberKey(document: decoder.document, name: name))
            return nil
        }
    }

    /// Keeps the current member, one the type does not name, in `additionalFields` as read.
    public func keep(in additionalFields: inout [String: JSONValue]) throws {
        additionalFields[memberName] = try decoder.jsonValue(
            at: name + 1, path: decoder.path, MemberKey(document: decoder.document, name: name))
    }
}

/// A member's name as a coding key, read from the document only when an error or a nested decoder asks for it.
private struct MemberKey: CodingKey {
    let document: JSONDocument
    let name: Int

    init(document: JSONDocument, name: Int) {
        self.document = document
        self.name = name
    }

    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
    var stringValue: String { document.string(document.entries[name]) }
    var intValue: Int? { nil }
}
