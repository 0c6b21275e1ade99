import AdobeCommerce

/// The `fields` query parameter (`items[sku,name],total_count`), applied as Magento's `FieldsFilter` does.
struct FieldsProjection {
    indirect enum Node {
        case leaf
        case branch([String: Node])
    }

    let root: [String: Node]

    /// Parses the specification; `nil` when it is empty.
    init?(_ specification: String) {
        var characters = Array(specification)[...]
        let parsed = Self.parseList(&characters)
        guard !parsed.isEmpty else { return nil }
        root = parsed
    }

    private static func parseList(_ characters: inout ArraySlice<Character>) -> [String: Node] {
        var result: [String: Node] = [:]
        var name = ""
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case ",":
                if !name.isEmpty { result[name] = .leaf }
                name = ""
            case "[":
                result[name] = .branch(parseList(&characters))
                name = ""
            case "]":
                if !name.isEmpty { result[name] = .leaf }
                return result
            case " ": continue
            default: name.append(character)
            }
        }
        if !name.isEmpty { result[name] = .leaf }
        return result
    }

    /// Keeps only the selected keys; lists are filtered element by element.
    func apply(to value: JSONValue) -> JSONValue { Self.apply(root, to: value) }

    private static func apply(_ selection: [String: Node], to value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map { apply(selection, to: $0) })
        case .object(let object):
            var result: [String: JSONValue] = [:]
            for (key, node) in selection {
                guard let member = object[key] else { continue }
                switch node {
                case .leaf: result[key] = member
                case .branch(let children): result[key] = apply(children, to: member)
                }
            }
            return .object(result)
        default: return value
        }
    }
}
