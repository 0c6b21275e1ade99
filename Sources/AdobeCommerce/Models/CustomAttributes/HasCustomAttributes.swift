/// A model with Magento's `custom_attributes` list (``CommerceSchema/FrameworkAttribute`` entries, whose `value` is
/// whatever JSON Magento sent: a string, a list for a multiselect or `category_ids`, a number), read and written by
/// attribute code.
///
/// `Product`, `Category`, `Customer` and `CustomerAddress` conform; so can a model `commerce-codegen` generated for
/// your store's own definitions, with one line: `extension MyStore.Vendor: HasCustomAttributes {}`.
///
/// ```swift
/// let description = product.customAttribute("description")?.stringValue
/// product.setCustomAttribute("url_key", to: "joust-duffle-bag")
/// let colors = product.customAttributeValues("color_ids")  // ["11", "12"], sent as a list or as "11,12"
/// ```
public protocol HasCustomAttributes {
    /// The `custom_attributes` entries, as sent.
    var customAttributes: [CommerceSchema.FrameworkAttribute]? { get set }
}

extension HasCustomAttributes {
    /// The value of custom attribute `code` as Magento sent it, or `nil` when there is no such entry or its value is
    /// `null`.
    public func customAttribute(_ code: String) -> JSONValue? {
        customAttributes?.first { $0.attributeCode == code }?.value
    }

    /// The values of a multiselect custom attribute `code`: a list as sent, or comma-separated option ids split;
    /// `nil` when there is no such entry.
    public func customAttributeValues(_ code: String) -> [String]? {
        switch customAttribute(code) {
        case nil, .null?: nil
        case .array(let items)?: items.compactMap(\.stringValue)
        case let value?: value.stringValue.map { $0.isEmpty ? [] : $0.split(separator: ",").map(String.init) } ?? []
        }
    }

    /// Sets custom attribute `code` to any JSON value, replacing any existing entry (the new one goes last).
    public mutating func setCustomAttribute(_ code: String, to value: JSONValue) {
        customAttributes =
            (customAttributes ?? []).filter { $0.attributeCode != code } + [.init(attributeCode: code, value: value)]
    }

    /// Sets custom attribute `code` to a string, replacing any existing entry.
    public mutating func setCustomAttribute(_ code: String, to value: String) {
        setCustomAttribute(code, to: .string(value))
    }

    /// Sets a multiselect custom attribute `code` to option ids, written as a JSON list (Magento stores it as its
    /// comma-separated text, which ``customAttributeValues(_:)`` reads back as a list), replacing any existing entry.
    public mutating func setCustomAttribute(_ code: String, to values: [String]) {
        setCustomAttribute(code, to: .array(values.map(JSONValue.string)))
    }
}

extension CommerceSchema.CatalogProduct: HasCustomAttributes {}
extension CommerceSchema.CatalogCategory: HasCustomAttributes {}
extension CommerceSchema.Customer: HasCustomAttributes {}
extension CommerceSchema.CustomerAddress: HasCustomAttributes {}
