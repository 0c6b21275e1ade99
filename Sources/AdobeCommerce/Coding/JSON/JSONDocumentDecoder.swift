#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `Decoder` over a ``JSONDocument``: one instance walks the whole document, moving to each value it decodes.
///
/// Conversions happen only for what a model asks for, straight from the bytes. Object members are found by a scan
/// of small objects and a hash table for large ones; of a repeated name the last one wins.
final class JSONDocumentDecoder: Decoder, SingleValueDecodingContainer {
    typealias Entry = JSONDocument.Entry

    let document: JSONDocument
    let entries: [Entry]
    let convertsFromSnakeCase: Bool
    /// The value being decoded.
    var current = 0
    /// The keys from the root to ``current``.
    var path: [any CodingKey] = []
    /// Name lookup tables for large objects, one per depth, for this many depths.
    let memberTables: MemberTable
    let tableDepths: Int

    init(document: JSONDocument, convertsFromSnakeCase: Bool) {
        self.document = document
        self.entries = document.entries
        self.convertsFromSnakeCase = convertsFromSnakeCase
        tableDepths = document.depth + 2
        memberTables = MemberTable(depths: tableDepths)
    }

    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    // MARK: Containers

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard entries[current].kind == .object else {
            throw mismatch([String: JSONValue].self, at: current, path: path)
        }
        if convertsFromSnakeCase {
            return KeyedDecodingContainer(SnakeCaseKeyedContainer<Key>(decoder: self, object: current))
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, object: current, depth: path.count))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard entries[current].kind == .array else { throw mismatch([JSONValue].self, at: current, path: path) }
        return UnkeyedContainer(decoder: self, array: current, depth: path.count)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: Single value

    func decodeNil() -> Bool { entries[current].kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try bool(at: current, path: path) }
    func decode(_ type: String.Type) throws -> String { try string(at: current, path: path) }
    func decode(_ type: Double.Type) throws -> Double { try double(at: current, path: path) }
    func decode(_ type: Float.Type) throws -> Float { try float(at: current, path: path) }
    func decode(_ type: Int.Type) throws -> Int { try integer(at: current, path: path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(at: current, path: path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(at: current, path: path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(at: current, path: path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(at: current, path: path) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(at: current, path: path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(at: current, path: path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(at: current, path: path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(at: current, path: path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(at: current, path: path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(T.self, at: current, key: nil) }

    // MARK: Values

    /// Decodes the value at entry `index`, reached through `key` (appended to the path while it decodes).
    @inline(__always)
    func value<T: Decodable>(_ type: T.Type, at index: Int, key: (any CodingKey)?) throws -> T {
        // `T` is known equal to each type tested, so the value is reinterpreted, not cast (a runtime cast per value
        // is a measurable share of a page's decoding).
        if T.self == String.self { return unsafeBitCast(try string(at: index, path: path, key), to: T.self) }
        if T.self == Int.self {
            return unsafeBitCast(try integer(at: index, path: path, key, as: Int.self), to: T.self)
        }
        if T.self == Decimal.self { return unsafeBitCast(try decimal(at: index, path: path, key), to: T.self) }
        if T.self == JSONValue.self { return unsafeBitCast(try jsonValue(at: index, path: path, key), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(at: index, path: path, key), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(at: index, path: path, key), to: T.self) }
        if T.self == [String: JSONValue].self {
            guard entries[index].kind == .object, case .object(let members) = try jsonValue(at: index, path: path, key)
            else { throw mismatch(T.self, at: index, path: path, key) }
            return unsafeBitCast(members, to: T.self)
        }
        if T.self == [JSONValue].self {
            guard entries[index].kind == .array, case .array(let elements) = try jsonValue(at: index, path: path, key)
            else { throw mismatch(T.self, at: index, path: path, key) }
            return unsafeBitCast(elements, to: T.self)
        }
        if entries[index].kind == .array, entries[index].length == 0,
            let array = T.self as? any EmptyDecodableArray.Type
        {
            return array.empty as! T  // `[]`: Magento sends many empty lists; skip the container round trip
        }
        if T.self == Data.self { return try data(at: index, path: path, key) as! T }
        if T.self == URL.self { return try url(at: index, path: path, key) as! T }
        let saved = current
        current = index
        if let key { path.append(key) }
        defer {
            current = saved
            if key != nil { path.removeLast() }
        }
        if let readable = T.self as? any SchemaObjectDecodable.Type, entries[index].kind == .object {
            var reader = SchemaObjectReader(decoder: self, object: index)
            return try readable.init(reading: &reader) as! T  // `T` is that very type
        }
        return try T(from: self)
    }

    func string(at index: Int, path: @autoclosure () -> [any CodingKey], _ key: (any CodingKey)? = nil) throws -> String
    {
        let entry = entries[index]
        guard entry.kind == .string else { throw mismatch(String.self, at: index, path: path(), key) }
        return document.string(entry)
    }

    func bool(at index: Int, path: @autoclosure () -> [any CodingKey], _ key: (any CodingKey)? = nil) throws -> Bool {
        switch entries[index].kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, at: index, path: path(), key)
        }
    }

    func integer<Integer: FixedWidthInteger>(
        at index: Int,
        path: @autoclosure () -> [any CodingKey],
        _ key: (any CodingKey)? = nil,
        as type: Integer.Type = Integer.self
    ) throws -> Integer {
        let entry = entries[index]
        guard entry.kind == .number else { throw mismatch(Integer.self, at: index, path: path(), key) }
        let text = document.span(entry)
        guard let value = JSONNumber.integer(text, isInteger: entry.flags & Entry.isInteger != 0, as: Integer.self)
        else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: path() + (key.map { [$0] } ?? []),
                    debugDescription:
                        "The number \(String(decoding: text, as: UTF8.self)) does not fit \(Integer.self)."
                ))
        }
        return value
    }

    func double(at index: Int, path: @autoclosure () -> [any CodingKey], _ key: (any CodingKey)? = nil) throws -> Double
    {
        let entry = entries[index]
        guard entry.kind == .number else { throw mismatch(Double.self, at: index, path: path(), key) }
        guard let value = JSONNumber.double(document.span(entry)) else {
            throw outOfRange(entry, path: path() + (key.map { [$0] } ?? []), type: "Double")
        }
        return value
    }

    func float(at index: Int, path: @autoclosure () -> [any CodingKey], _ key: (any CodingKey)? = nil) throws -> Float {
        let value = Float(try double(at: index, path: path(), key))
        guard value.isFinite else {
            throw outOfRange(entries[index], path: path() + (key.map { [$0] } ?? []), type: "Float")
        }
        return value
    }

    func decimal(at index: Int, path: @autoclosure () -> [any CodingKey], _ key: (any CodingKey)? = nil) throws
        -> Decimal
    {
        let entry = entries[index]
        guard entry.kind == .number else { throw mismatch(Decimal.self, at: index, path: path(), key) }
        guard let value = JSONNumber.decimal(document.span(entry)) else {
            throw outOfRange(entry, path: path() + (key.map { [$0] } ?? []), type: "Decimal")
        }
        return value
    }

    func data(at index: Int, path: @autoclosure () -> [any CodingKey], _ key: (any CodingKey)? = nil) throws -> Data {
        let text = try string(at: index, path: path(), key)
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path() + (key.map { [$0] } ?? []), debugDescription: "Expected Base64 data."))
        }
        return data
    }

    func url(at index: Int, path: @autoclosure () -> [any CodingKey], _ key: (any CodingKey)? = nil) throws -> URL {
        let text = try string(at: index, path: path(), key)
        guard let url = URL(string: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path() + (key.map { [$0] } ?? []), debugDescription: "Invalid URL string."))
        }
        return url
    }

    /// Builds a ``JSONValue`` straight from the entries: the next entry's kind says what it is.
    func jsonValue(at index: Int, path: @autoclosure () -> [any CodingKey], _ key: (any CodingKey)? = nil) throws
        -> JSONValue
    {
        do {
            return try build(at: index)
        } catch {
            var here = path() + (key.map { [$0] } ?? [])
            here += error.path.map { component -> any CodingKey in
                switch component {
                case .key(let name): JSONCodingKey(name)
                case .index(let position): JSONCodingKey(position)
                }
            }
            throw DecodingError.dataCorrupted(
                .init(codingPath: here, debugDescription: error.description, underlyingError: error))
        }
    }

    private func build(at index: Int) throws(JSONReadError) -> JSONValue {
        let entry = entries[index]
        switch entry.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .string: return .string(document.string(entry))
        case .number:
            guard let value = JSONNumber.decimal(document.span(entry)) else {
                throw JSONReadError(.numberOutOfRange, offset: Int(entry.start))
            }
            return .number(value)
        case .array:
            var elements: [JSONValue] = []
            elements.reserveCapacity(Int(entry.length))
            var element = index + 1
            while element < Int(entry.end) {
                do {
                    elements.append(try build(at: element))
                } catch {
                    var error = error
                    error.path.insert(.index(elements.count), at: 0)
                    throw error
                }
                element = Int(entries[element].end)
            }
            return .array(elements)
        case .object:
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(Int(entry.length))
            var name = index + 1
            while name < Int(entry.end) {
                let key = document.string(entries[name])
                do {
                    members[key] = try build(at: name + 1)
                } catch {
                    var error = error
                    error.path.insert(.key(key), at: 0)
                    throw error
                }
                name = Int(entries[name + 1].end)
            }
            return .object(members)
        }
    }

    // MARK: Errors

    func mismatch(
        _ type: Any.Type,
        at index: Int,
        path: @autoclosure () -> [any CodingKey],
        _ key: (any CodingKey)? = nil
    ) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: path() + (key.map { [$0] } ?? []),
            debugDescription: "Expected \(type) but found \(describe(entries[index].kind)) instead.")
        if entries[index].kind == .null { return .valueNotFound(type, context) }
        return .typeMismatch(type, context)
    }

    private func outOfRange(_ entry: Entry, path: [any CodingKey], type: String) -> DecodingError {
        let text = String(decoding: document.span(entry).prefix(64), as: UTF8.self)
        let error = JSONReadError(.numberOutOfRange, offset: Int(entry.start))
        return .dataCorrupted(
            .init(
                codingPath: path, debugDescription: "The number \(text) cannot be held exactly as a \(type).",
                underlyingError: error))
    }

    private func describe(_ kind: JSONDocument.Kind) -> String {
        switch kind {
        case .null: "null"
        case .true, .false: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A coding key for paths the decoder and encoder build themselves.
struct JSONCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(_ index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(intValue) }
}

/// An array type, whose empty value the decoder makes without a container.
protocol EmptyDecodableArray {
    static var empty: Self { get }
}

extension Array: EmptyDecodableArray {
    static var empty: Self { [] }
}
