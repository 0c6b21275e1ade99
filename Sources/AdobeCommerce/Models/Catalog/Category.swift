/// A category: the schema definition `catalog-data-category-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so a category read, changed and written back loses nothing.
public typealias Category = CommerceSchema.CatalogCategory

extension CommerceSchema.CatalogCategory {
    /// The value of custom attribute `code` (such as `url_key`) as Magento sent it, or `nil`.
    public func customAttribute(_ code: String) -> JSONValue? {
        CustomAttributeList.value(of: code, in: customAttributes)
    }

    /// Sets custom attribute `code` to a string, replacing any existing value.
    public mutating func setCustomAttribute(_ code: String, to value: String) {
        CustomAttributeList.set(code, to: .string(value), in: &customAttributes)
    }

    /// Sets custom attribute `code` to any JSON value, replacing any existing value.
    public mutating func setCustomAttribute(_ code: String, to value: JSONValue) {
        CustomAttributeList.set(code, to: value, in: &customAttributes)
    }
}
