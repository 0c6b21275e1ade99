/// Reads and writes `custom_attributes` entries (``CommerceSchema/FrameworkAttribute``, whose `value` is whatever JSON
/// Magento sent: a string, a list for a multiselect or `category_ids`, a number) by attribute code, for the accessors
/// of products, categories, customers and addresses.
enum CustomAttributeList {
    /// The value of entry `code` as sent, or `nil` when there is no such entry or its value is `null`.
    static func value(of code: String, in attributes: [CommerceSchema.FrameworkAttribute]?) -> JSONValue? {
        attributes?.first { $0.attributeCode == code }?.value
    }

    /// The values of a multiselect entry: a list as sent, or a comma-separated string split; `nil` when absent.
    static func values(of code: String, in attributes: [CommerceSchema.FrameworkAttribute]?) -> [String]? {
        switch value(of: code, in: attributes) {
        case nil, .null?: nil
        case .array(let items)?: items.compactMap(\.stringValue)
        case let value?: value.stringValue.map { $0.isEmpty ? [] : $0.split(separator: ",").map(String.init) } ?? []
        }
    }

    /// Replaces entry `code` with `value`, appended at the end.
    static func set(_ code: String, to value: JSONValue, in attributes: inout [CommerceSchema.FrameworkAttribute]?) {
        attributes = (attributes ?? []).filter { $0.attributeCode != code } + [.init(attributeCode: code, value: value)]
    }
}
