#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension JSONDocumentDecoder {
    /// The elements of one array, in order.
    ///
    /// Three words, so that the existential `unkeyedContainer()` returns needs no allocation of its own.
    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let decoder: JSONDocumentDecoder
        /// The array's entry index, and the length of the decoder's path when this container was made (its own path
        /// is that prefix).
        private let array: Int32
        private let depth: Int32
        /// The entry index of the next element, and how many elements were decoded.
        private var next: Int32
        private var decoded: Int32

        init(decoder: JSONDocumentDecoder, array: Int, depth: Int) {
            self.decoder = decoder
            self.array = Int32(truncatingIfNeeded: array)
            self.depth = Int32(truncatingIfNeeded: depth)
            self.next = Int32(truncatingIfNeeded: array + 1)
            self.decoded = 0
        }

        var count: Int? { Int(decoder.entries[Int(array)].length) }
        var currentIndex: Int { Int(decoded) }
        var codingPath: [any CodingKey] { Array(decoder.path.prefix(Int(depth))) }
        var isAtEnd: Bool { Int(decoded) >= Int(decoder.entries[Int(array)].length) }

        /// Moves past the next element and returns its entry index.
        private mutating func advance(_ type: Any.Type) throws -> Int {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    type,
                    .init(
                        codingPath: codingPath + [JSONCodingKey(currentIndex)],
                        debugDescription: "The array has no element \(currentIndex); it has \(count ?? 0)."))
            }
            let index = Int(next)
            next = Int32(truncatingIfNeeded: decoder.entries[index].end)
            decoded += 1
            return index
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { return false }
            guard decoder.entries[Int(next)].kind == .null else { return false }
            _ = try advance(Never.self)
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool {
            let index = try advance(type)
            return try decoder.bool(at: index, path: codingPath, JSONCodingKey(currentIndex - 1))
        }

        mutating func decode(_ type: String.Type) throws -> String {
            let index = try advance(type)
            return try decoder.string(at: index, path: codingPath, JSONCodingKey(currentIndex - 1))
        }

        mutating func decode(_ type: Double.Type) throws -> Double {
            let index = try advance(type)
            return try decoder.double(at: index, path: codingPath, JSONCodingKey(currentIndex - 1))
        }

        mutating func decode(_ type: Float.Type) throws -> Float {
            let index = try advance(type)
            return try decoder.float(at: index, path: codingPath, JSONCodingKey(currentIndex - 1))
        }
        mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

        private mutating func integer<Integer: FixedWidthInteger>() throws -> Integer {
            let index = try advance(Integer.self)
            return try decoder.integer(at: index, path: codingPath, JSONCodingKey(currentIndex - 1))
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let index = try advance(type)
            return try decoder.value(T.self, at: index, key: JSONCodingKey(currentIndex - 1))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws -> KeyedDecodingContainer<NestedKey> {
            let index = try advance([String: JSONValue].self)
            return try decoder.nested(at: index, key: JSONCodingKey(currentIndex - 1)) {
                try $0.container(keyedBy: NestedKey.self)
            }
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let index = try advance([JSONValue].self)
            return try decoder.nested(at: index, key: JSONCodingKey(currentIndex - 1)) { try $0.unkeyedContainer() }
        }

        mutating func superDecoder() throws -> any Decoder {
            let index = try advance(JSONValue.self)
            return try decoder.nested(at: index, key: JSONCodingKey(currentIndex - 1)) { $0 }
        }
    }
}
