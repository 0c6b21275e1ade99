#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension JSONDocumentDecoder {
    /// The members of one object, with `snake_case` names matched to `camelCase` keys (the GraphQL client's models).
    ///
    /// Names convert as Foundation's `.convertFromSnakeCase` does (see ``camelCase(_:)``).
    struct SnakeCaseKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: JSONDocumentDecoder
        let object: Int
        let codingPath: [any CodingKey]

        init(decoder: JSONDocumentDecoder, object: Int) {
            self.decoder = decoder
            self.object = object
            self.codingPath = decoder.path
        }

        /// The value entries of the members whose converted names equal `key`; the last one wins.
        private func find(_ key: Key) -> Int? {
            var name = key.stringValue
            return name.withUTF8 { wanted in
                let entries = decoder.entries
                var found: Int?
                var member = object + 1
                let end = Int(entries[object].end)
                while member < end {
                    let entry = entries[member]
                    if entry.flags & Entry.hasEscapes == 0 {
                        if Self.converts(decoder.document.span(entry), to: wanted) { found = member + 1 }
                    } else if Self.camelCase(decoder.document.string(entry)).utf8.elementsEqual(wanted) {
                        found = member + 1
                    }
                    member = Int(entries[member + 1].end)
                }
                return found
            }
        }

        /// Whether the ASCII member name `raw` converts to `wanted` without building the converted name (see
        /// ``camelCase(_:)``).
        static func converts(_ raw: UnsafeBufferPointer<UInt8>, to wanted: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = raw.firstIndex(where: { $0 != UInt8(ascii: "_") }) else {
                return raw.elementsEqual(wanted)
            }
            let last = raw.lastIndex(where: { $0 != UInt8(ascii: "_") })!
            guard raw[first...last].contains(UInt8(ascii: "_")) else { return raw.elementsEqual(wanted) }
            if raw.contains(where: { $0 >= 0x80 }) {
                return camelCase(String(decoding: raw, as: UTF8.self)).utf8.elementsEqual(wanted)
            }
            var out = 0
            func put(_ byte: UInt8) -> Bool {
                guard out < wanted.count, wanted[out] == byte else { return false }
                out += 1
                return true
            }
            func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }
            for _ in 0..<first where !put(UInt8(ascii: "_")) { return false }
            var previous: UInt8 = UInt8(ascii: "_")
            var firstWord = true
            for index in first...last {
                let byte = raw[index]
                if byte == UInt8(ascii: "_") {
                    if previous != UInt8(ascii: "_") { firstWord = false }
                    previous = byte
                    continue
                }
                var written = isLetter(byte) ? byte | 0x20 : byte  // lower-cased
                if !firstWord, isLetter(byte), !isLetter(previous) { written &= ~0x20 }  // a word's first letter
                previous = byte
                guard put(written) else { return false }
            }
            for _ in (last + 1)..<raw.count where !put(UInt8(ascii: "_")) { return false }
            return out == wanted.count
        }

        /// Foundation's `.convertFromSnakeCase`: a name without an underscore between words is kept as it is;
        /// otherwise the first word is lower-cased, each later word capitalised (a letter that follows a non-letter
        /// upper-cased, the others lower-cased: `item_2nd` gives `item2Nd`), the underscores between words dropped,
        /// and leading and trailing underscores kept.
        static func camelCase(_ name: String) -> String {
            let leading = name.prefix { $0 == "_" }
            let trailing = String(name.reversed().prefix { $0 == "_" })
            guard leading.count < name.count else { return name }
            let core = name.dropFirst(leading.count).dropLast(trailing.count)
            let words = core.split(separator: "_", omittingEmptySubsequences: true)
            guard words.count > 1, let first = words.first else { return name }
            let rest = words.dropFirst().map { word -> String in
                var result = ""
                var previousIsLetter = false
                for character in word {
                    result += previousIsLetter ? character.lowercased() : character.uppercased()
                    previousIsLetter = character.isLetter
                }
                return result
            }
            return String(leading) + first.lowercased() + rest.joined() + trailing
        }

        var allKeys: [Key] {
            var keys: [Key] = []
            var member = object + 1
            let end = Int(decoder.entries[object].end)
            while member < end {
                let name = Self.camelCase(decoder.document.string(decoder.entries[member]))
                if let key = Key(stringValue: name) { keys.append(key) }
                member = Int(decoder.entries[member + 1].end)
            }
            return keys
        }

        func contains(_ key: Key) -> Bool { find(key) != nil }

        private func require(_ key: Key) throws -> Int {
            guard let index = find(key) else {
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
            guard let index = find(key), decoder.entries[index].kind != .null else { return nil }
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
