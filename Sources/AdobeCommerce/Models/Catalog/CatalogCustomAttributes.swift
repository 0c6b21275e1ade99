/// Reads and writes `custom_attributes` entries (``CommerceSchema/FrameworkAttribute``) by attribute code for the
/// catalog models' accessors.
///
/// The schema types an entry's `value` as a string; Magento also sends lists (multiselects such as `category_ids`)
/// and numbers, which the generated model keeps in `additionalFields["value"]`. These helpers see both.
enum CatalogCustomAttributes {
    /// The value of entry `code` as sent, or `nil`.
    static func value(of code: String, in attributes: [CommerceSchema.FrameworkAttribute]?) -> JSONValue? {
        guard let attribute = attributes?.first(where: { $0.attributeCode == code }) else { return nil }
        if let text = attribute.value { return .string(text) }
        return attribute.additionalFields["value"]
    }

    /// The values of a multiselect entry: a list as sent, or a comma-separated string split; `nil` when absent.
    static func values(of code: String, in attributes: [CommerceSchema.FrameworkAttribute]?) -> [String]? {
        switch value(of: code, in: attributes) {
        case nil, .null?: return nil
        case .array(let items)?: return items.compactMap(\.stringValue)
        case let value?:
            let text = value.stringValue ?? ""
            return text.isEmpty ? [] : text.split(separator: ",").map(String.init)
        }
    }

    /// Replaces entry `code` with `value`, appended at the end; a string goes into the typed `value`, anything else
    /// into `additionalFields["value"]`, which is written in its place.
    static func set(_ code: String, to value: JSONValue, in attributes: inout [CommerceSchema.FrameworkAttribute]?) {
        var list = attributes ?? []
        list.removeAll { $0.attributeCode == code }
        var entry = CommerceSchema.FrameworkAttribute(attributeCode: code)
        if case .string(let text) = value {
            entry.value = text
        } else {
            entry.additionalFields["value"] = value
        }
        list.append(entry)
        attributes = list
    }
}
