import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A hook's `fields` (which paths of the default payload are sent, under which names) and `rules` (when the hook is
/// called at all), on dotted paths where `name[]` walks every element of an array (`order.items[].sku`).
enum FakeWebhookPayload {
    /// The payload a hook with `fields` receives: each field's `source` (or `name`) value placed at its `name`; the
    /// whole payload when there are no fields.
    static func select(_ fields: [JSONValue], from payload: JSONValue) -> JSONValue {
        guard !fields.isEmpty else { return payload }
        var selected = JSONValue.object([:])
        for field in fields {
            guard let name = field["name"]?.stringValue, !name.isEmpty else { continue }
            let source = field["source"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? name
            guard let value = value(at: segments(source), in: payload) else { continue }
            place(value, at: segments(name), in: &selected)
        }
        return selected
    }

    /// Whether every rule holds on the original payload.
    static func rulesHold(_ rules: [JSONValue], in payload: JSONValue) -> Bool {
        rules.allSatisfy { rule in
            let found = value(at: segments(rule["field"]?.stringValue ?? ""), in: payload)
            let text = found?.stringValue ?? ""
            let expected = rule["value"]?.stringValue ?? ""
            switch rule["operator"]?.stringValue ?? "" {
            case "equal": return found != nil && text == expected
            case "notEqual": return text != expected
            case "greaterThan", "lessThan":
                guard let number = found?.decimalValue, let limit = Decimal(string: expected, locale: nil) else {
                    return false
                }
                return rule["operator"]?.stringValue == "greaterThan" ? number > limit : number < limit
            case "in": return expected.split(separator: ",").map(trimmed).contains(text)
            case "isEmpty": return found == nil || found == .null || text.isEmpty || found?.arrayValue?.isEmpty == true
            case "notEmpty":
                return !(found == nil || found == .null || text.isEmpty || found?.arrayValue?.isEmpty == true)
            case "regex":
                var pattern = expected
                if pattern.count >= 2, let delimiter = pattern.first, pattern.last == delimiter, !delimiter.isLetter {
                    pattern = String(pattern.dropFirst().dropLast())
                }
                guard let regex = try? Regex(pattern) else { return false }
                return text.contains(regex)
            default: return false
            }
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    private static func segments(_ path: String) -> [Substring] { path.split(separator: ".") }

    /// The value at `path`; through `name[]` an array of the rest of the path in each element.
    private static func value(at path: some Collection<Substring>, in json: JSONValue) -> JSONValue? {
        guard let head = path.first else { return json }
        let rest = path.dropFirst()
        if head.hasSuffix("[]") {
            guard let elements = json[String(head.dropLast(2))]?.arrayValue else { return nil }
            return .array(elements.compactMap { value(at: rest, in: $0) })
        }
        guard let child = json[String(head)] else { return nil }
        return value(at: rest, in: child)
    }

    /// Puts `value` at `path`; through `name[]` the elements of an array `value` go to each element's rest of the path.
    private static func place(_ value: JSONValue, at path: some Collection<Substring>, in json: inout JSONValue) {
        guard let head = path.first else {
            json = value
            return
        }
        let rest = path.dropFirst()
        guard case .object(var object) = json else {
            json = .object([:])
            place(value, at: path, in: &json)
            return
        }
        if head.hasSuffix("[]") {
            let name = String(head.dropLast(2))
            var elements = object[name]?.arrayValue ?? []
            for (index, element) in (value.arrayValue ?? [value]).enumerated() {
                if index == elements.count { elements.append(.object([:])) }
                place(element, at: rest, in: &elements[index])
            }
            object[name] = .array(elements)
        } else {
            var child = object[String(head)] ?? .object([:])
            place(value, at: rest, in: &child)
            object[String(head)] = child
        }
        json = .object(object)
    }
}
