/// Magento's phrase rendering: fills `%1`, `%2` … from a parameter list (1-based) and `%name` from a
/// parameter object, as `Magento\Framework\Phrase\Renderer\Placeholder` does.
package enum MagentoMessage {
    /// Returns `message` with its placeholders replaced; a placeholder without a value stays as written.
    package static func fill(_ message: String, parameters: JSONValue?) -> String {
        guard let parameters else { return message }
        var positional: [String] = []
        var named: [String: String] = [:]
        switch parameters {
        case .array(let values): positional = values.map(text(of:))
        case .object(let members): named = members.mapValues(text(of:))
        default: return message
        }
        var result = ""
        var scalars = message.unicodeScalars[...]
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            guard first == "%" else {
                result.unicodeScalars.append(first)
                continue
            }
            let token = scalars.prefix { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
            let name = String(String.UnicodeScalarView(token))
            if let index = Int(name), index >= 1, index <= positional.count {
                result += positional[index - 1]
                scalars = scalars.dropFirst(token.count)
            } else if let value = longestNamedMatch(name, in: named) {
                result += value.value
                scalars = scalars.dropFirst(value.length)
            } else {
                result.unicodeScalars.append(first)
            }
        }
        return result
    }

    /// `%fieldValue.` style tokens can run into following text; match the longest known name at the start.
    private static func longestNamedMatch(_ token: String, in named: [String: String]) -> (value: String, length: Int)?
    {
        guard !named.isEmpty, !token.isEmpty else { return nil }
        if let value = named[token] { return (value, token.unicodeScalars.count) }
        let candidates = named.keys.filter { token.hasPrefix($0) }.sorted { $0.count > $1.count }
        guard let name = candidates.first, let value = named[name] else { return nil }
        return (value, name.unicodeScalars.count)
    }

    /// The text a placeholder shows for `value`: a string as is, a number or a boolean as Magento prints it, `null`
    /// as nothing, a list as its items joined by `, `.
    package static func text(of value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .array(let items): items.map(text(of:)).joined(separator: ", ")
        case .object: "\(value)"
        default: value.stringValue ?? ""
        }
    }
}
