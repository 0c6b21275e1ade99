#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension JSONNodeEncoder {
    /// Fills one object node.
    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: JSONNodeEncoder
        let object: JSONNode.Object

        var codingPath: [any CodingKey] { encoder.codingPath }

        func encodeNil(forKey key: Key) { object.members.append((key.stringValue, .null)) }
        func encode(_ value: Bool, forKey key: Key) { object.members.append((key.stringValue, .bool(value))) }
        func encode(_ value: String, forKey key: Key) { object.members.append((key.stringValue, .string(value))) }
        func encode(_ value: Int, forKey key: Key) { object.members.append((key.stringValue, .number(String(value)))) }

        func encode(_ value: Double, forKey key: Key) throws {
            object.members.append((key.stringValue, try JSONNodeEncoder.number(value, path: codingPath + [key])))
        }

        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            object.members.append((key.stringValue, try encoder.box(value, key: key)))
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = JSONNodeEncoder(parent: encoder, key: key)
            let container = child.container(keyedBy: NestedKey.self)
            object.members.append((key.stringValue, child.node!))
            return container
        }

        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = JSONNodeEncoder(parent: encoder, key: key)
            let container = child.unkeyedContainer()
            object.members.append((key.stringValue, child.node!))
            return container
        }

        func superEncoder() -> any Encoder { superEncoder(named: JSONCodingKey("super")) }
        func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

        private func superEncoder(named key: any CodingKey) -> any Encoder {
            // The child's node exists only once it encodes, so the member is a placeholder object it fills.
            let child = JSONNodeEncoder(parent: encoder, key: key)
            let object = JSONNode.Object()
            child.node = .object(object)
            self.object.members.append((key.stringValue, .object(object)))
            return child
        }
    }

    /// Fills one array node.
    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: JSONNodeEncoder
        let array: JSONNode.Array

        var codingPath: [any CodingKey] { encoder.codingPath }
        var count: Int { array.items.count }

        mutating func encodeNil() { array.items.append(.null) }
        mutating func encode(_ value: Bool) { array.items.append(.bool(value)) }
        mutating func encode(_ value: String) { array.items.append(.string(value)) }
        mutating func encode(_ value: Int) { array.items.append(.number(String(value))) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            array.items.append(try encoder.box(value, key: JSONCodingKey(array.items.count)))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = JSONNodeEncoder(parent: encoder, key: JSONCodingKey(array.items.count))
            let container = child.container(keyedBy: NestedKey.self)
            array.items.append(child.node!)
            return container
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = JSONNodeEncoder(parent: encoder, key: JSONCodingKey(array.items.count))
            let container = child.unkeyedContainer()
            array.items.append(child.node!)
            return container
        }

        mutating func superEncoder() -> any Encoder {
            let child = JSONNodeEncoder(parent: encoder, key: JSONCodingKey(array.items.count))
            let object = JSONNode.Object()
            child.node = .object(object)
            array.items.append(.object(object))
            return child
        }
    }
}
