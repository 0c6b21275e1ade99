#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension JSONDocumentDecoder {
    /// The members of one object, with `snake_case` names matched to `camelCase` keys (the GraphQL client's models).
    ///
    /// Names convert as Foundation's `.convertFromSnakeCase` does: each word after an underscore is capitalised, the
    /// underscores between words dropped, leading and trailing underscores kept.
    struct SnakeCaseKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: JSONDocumentDecoder
        let object: Int
        let codingPath: [any CodingKey]
        /// Converted name to the value's entry index; the last member of a name wins.
        let members: [String: Int]

        init(decoder: JSONDocumentDecoder, object: Int) {
            self.decoder = decoder
            self.object = object
            self.codingPath = decoder.path
            var members: [String: Int] = [:]
            var name = object + 1
            let end = Int(decoder.entries[object].end)
            while name < end {
                members[Self.camelCase(decoder.document.string(decoder.entries[name]))] = name + 1
                name = Int(decoder.entries[name + 1].end)
            }
            self.members = members
        }

        static func camelCase(_ name: String) -> String {
            guard name.contains("_") else { return name }
            let leading = name.prefix { $0 == "_" }
            let trailing = String(name.reversed().prefix { $0 == "_" })
            let core = name.dropFirst(leading.count).dropLast(trailing.count)
            let words = core.split(separator: "_", omittingEmptySubsequences: true)
            guard let first = words.first else { return name }
            let rest = words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            return String(leading) + first + rest.joined() + trailing
        }

        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        private func require(_ key: Key) throws -> Int {
            guard let index = members[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key, .init(codingPath: codingPath, debugDescription: "No value for key \"\(key.stringValue)\"."))
            }
            return index
        }

        func decodeNil(forKey key: Key) throws -> Bool { decoder.entries[try require(key)].kind == .null }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try member(key) }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try member(key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try member(key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try member(key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try member(key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try member(key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try member(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try member(key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try member(key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try member(key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try member(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try member(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try member(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try member(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try member(key) }

        private func member<T: Decodable>(_ key: Key) throws -> T {
            let index = try require(key)
            return try decoder.withPath(codingPath) { try $0.value(T.self, at: index, key: key) }
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let index = members[key.stringValue], decoder.entries[index].kind != .null else { return nil }
            return try decoder.withPath(codingPath) { try $0.value(T.self, at: index, key: key) }
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type,
            forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            let index = try require(key)
            return try decoder.withPath(codingPath) {
                try $0.nested(at: index, key: key) { try $0.container(keyedBy: NestedKey.self) }
            }
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            let index = try require(key)
            return try decoder.withPath(codingPath) { try $0.nested(at: index, key: key) { try $0.unkeyedContainer() } }
        }

        func superDecoder() throws -> any Decoder {
            guard let key = Key(stringValue: "super") else {
                throw DecodingError.keyNotFound(
                    JSONCodingKey("super"), .init(codingPath: codingPath, debugDescription: "No super value."))
            }
            return try superDecoder(forKey: key)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            let index = try require(key)
            return try decoder.withPath(codingPath) { try $0.nested(at: index, key: key) { $0 } }
        }
    }

    /// Runs `body` with the decoder's path set to `path`, then restores it.
    func withPath<Result>(_ path: [any CodingKey], _ body: (JSONDocumentDecoder) throws -> Result) rethrows -> Result {
        let saved = self.path
        self.path = path
        defer { self.path = saved }
        return try body(self)
    }
}
