#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension JSONDocumentDecoder {
    /// The members of one object, found by name.
    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: JSONDocumentDecoder
        /// The object's entry index.
        let object: Int
        /// The length of the decoder's path when this container was made: its own path is that prefix.
        let depth: Int

        init(decoder: JSONDocumentDecoder, object: Int, depth: Int) {
            self.decoder = decoder
            self.object = object
            self.depth = depth
            if depth < decoder.tableDepths, decoder.entries[object].length > MemberTable.smallObject {
                decoder.memberTables.load(object: object, depth: depth, document: decoder.document)
            }
        }

        var codingPath: [any CodingKey] { Array(decoder.path.prefix(depth)) }

        var allKeys: [Key] {
            var keys: [Key] = []
            var name = object + 1
            let end = Int(decoder.entries[object].end)
            while name < end {
                if let key = Key(stringValue: decoder.document.string(decoder.entries[name])) { keys.append(key) }
                name = Int(decoder.entries[name + 1].end)
            }
            return keys
        }

        /// The entry index of the value named `key`, or `nil`.
        @inline(__always)
        func find(_ key: Key) -> Int? {
            var name = key.stringValue
            return name.withUTF8 { find(utf8: $0) }
        }

        private func find(utf8 name: UnsafeBufferPointer<UInt8>) -> Int? {
            let entries = decoder.entries
            if entries[object].length > MemberTable.smallObject, depth < decoder.tableDepths {
                let tables = decoder.memberTables
                if tables.owner(depth) != object {
                    tables.load(object: object, depth: depth, document: decoder.document)
                }
                if tables.owner(depth) == object {
                    return tables.find(name, depth: depth, document: decoder.document).map { $0 + 1 }
                }
            }
            // A small object: every member is compared (a length first), and of a repeated name the last one wins,
            // as in the member tables, `JSONValue`, and PHP's own json_decode.
            let bytes = decoder.document.bytes
            let end = Int(entries[object].end)
            let length = UInt32(name.count)
            var found: Int?
            var member = object + 1
            while member < end {
                let entry = entries[member]
                if entry.flags & Entry.hasEscapes != 0 {
                    if decoder.document.string(entry).utf8.elementsEqual(name) { found = member + 1 }
                } else if entry.length == length,
                    name.isEmpty || memoryEqual(bytes + Int(entry.start), name.baseAddress!, name.count)
                {
                    found = member + 1
                }
                member = Int(entries[member + 1].end)
            }
            return found
        }

        private func require(_ key: Key) throws -> Int {
            guard let index = find(key) else {
                throw DecodingError.keyNotFound(
                    key,
                    .init(codingPath: codingPath, debugDescription: "No value for key \"\(key.stringValue)\"."))
            }
            return index
        }

        func contains(_ key: Key) -> Bool { find(key) != nil }

        func decodeNil(forKey key: Key) throws -> Bool { decoder.entries[try require(key)].kind == .null }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            try decoder.bool(at: try require(key), path: codingPath, key)
        }

        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            try decoder.string(at: try require(key), path: codingPath, key)
        }

        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            try decoder.double(at: try require(key), path: codingPath, key)
        }

        func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
            try decoder.float(at: try require(key), path: codingPath, key)
        }

        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

        private func integer<Integer: FixedWidthInteger>(_ key: Key) throws -> Integer {
            try decoder.integer(at: try require(key), path: codingPath, key)
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let index = try require(key)
            return try decoder.value(T.self, at: index, key: key)
        }

        // One lookup for an optional member, not three (contains, decodeNil, decode).

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let index = find(key), decoder.entries[index].kind != .null else { return nil }
            return try decoder.value(T.self, at: index, key: key)
        }

        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            guard let index = find(key), decoder.entries[index].kind != .null else { return nil }
            return try decoder.string(at: index, path: codingPath, key)
        }

        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
            guard let index = find(key), decoder.entries[index].kind != .null else { return nil }
            return try decoder.integer(at: index, path: codingPath, key)
        }

        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
            guard let index = find(key), decoder.entries[index].kind != .null else { return nil }
            return try decoder.bool(at: index, path: codingPath, key)
        }

        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
            guard let index = find(key), decoder.entries[index].kind != .null else { return nil }
            return try decoder.double(at: index, path: codingPath, key)
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type,
            forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            let index = try require(key)
            return try decoder.nested(at: index, key: key) { try $0.container(keyedBy: NestedKey.self) }
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            let index = try require(key)
            return try decoder.nested(at: index, key: key) { try $0.unkeyedContainer() }
        }

        func superDecoder() throws -> any Decoder {
            let key = JSONCodingKey("super")
            guard let index = Key(stringValue: "super").flatMap(find) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No super value."))
            }
            return try decoder.nested(at: index, key: key) { $0 }
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            let index = try require(key)
            return try decoder.nested(at: index, key: key) { $0 }
        }
    }

    /// A container for a value met while decoding, whose path has `key` appended for its lifetime.
    ///
    /// Nested containers outlive the call that made them, so they get a decoder of their own positioned on the value.
    func nested<Container>(
        at index: Int,
        key: any CodingKey,
        _ make: (JSONDocumentDecoder) throws -> Container
    ) throws -> Container {
        let child = JSONDocumentDecoder(document: document, convertsFromSnakeCase: convertsFromSnakeCase)
        child.current = index
        child.path = path + [key]
        return try make(child)
    }
}
