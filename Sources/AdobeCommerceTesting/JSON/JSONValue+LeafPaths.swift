import AdobeCommerce

extension JSONValue {
    /// Every leaf path of the value, `$.items[].sku` for each `sku` of each item: array indices written `[]`, an
    /// empty array or object a leaf of its own. Comparing two payloads' paths says which members one lacks, whatever
    /// their values.
    package var leafPaths: Set<String> { Self.leafPaths(self, "$") }

    private static func leafPaths(_ value: JSONValue, _ prefix: String) -> Set<String> {
        switch value {
        case .object(let members) where !members.isEmpty:
            return members.reduce(into: []) { $0.formUnion(leafPaths($1.value, prefix + "." + $1.key)) }
        case .array(let items) where !items.isEmpty:
            return items.reduce(into: []) { $0.formUnion(leafPaths($1, prefix + "[]")) }
        default:
            return [prefix]
        }
    }
}
