/// Reads and writes a `custom_attributes` list of the generated customer models.
enum CustomerAttributeList {
    /// The value of attribute `code`: the typed `value`, or what was kept when it was not a string.
    static func value(of code: String, in attributes: [CommerceSchema.FrameworkAttribute]?) -> JSONValue? {
        guard let attribute = attributes?.first(where: { $0.attributeCode == code }) else { return nil }
        return attribute.value.map(JSONValue.string) ?? attribute.additionalFields["value"]
    }

    /// Replaces attribute `code` with `value`: a string as the typed `value`, anything else kept whole.
    static func set(_ code: String, to value: JSONValue, in attributes: inout [CommerceSchema.FrameworkAttribute]?) {
        var list = attributes ?? []
        list.removeAll { $0.attributeCode == code }
        if case .string(let text) = value {
            list.append(CommerceSchema.FrameworkAttribute(attributeCode: code, value: text))
        } else {
            list.append(CommerceSchema.FrameworkAttribute(attributeCode: code, additionalFields: ["value": value]))
        }
        attributes = list
    }
}
