/// A catalog product: the schema definition `catalog-data-product-interface`.
///
/// Every member Magento sends is kept: those the definition names as typed properties (`extensionAttributes` is the
/// typed ``CommerceSchema/CatalogProductExtension`` with `websiteIDs`, `categoryLinks`, `stockItem`,
/// `configurableProductOptions`…), the rest in `additionalFields`, so a product read, changed and written back loses
/// nothing.
///
/// ```swift
/// var product = Product(sku: "24-MB01")
/// product.name = "Joust Duffle Bag"
/// product.price = Decimal(string: "34.00")
/// product.productStatus = .enabled
/// product.extensionAttributes = .init(websiteIDs: [1])
/// product.setCustomAttribute("description", to: "A bag.")
/// ```
public typealias Product = CommerceSchema.CatalogProduct

extension CommerceSchema.CatalogProduct {
    /// `status` as a ``ProductStatus`` (`1` enabled, `2` disabled); `nil` when absent.
    public var productStatus: ProductStatus? {
        get { status.map(ProductStatus.init(rawValue:)) }
        set { status = newValue?.rawValue }
    }

    /// `visibility` as a ``ProductVisibility``; `nil` when absent.
    public var productVisibility: ProductVisibility? {
        get { visibility.map(ProductVisibility.init(rawValue:)) }
        set { visibility = newValue?.rawValue }
    }

    /// The value of custom attribute `code` as Magento sent it (a string, or a list for some multiselects), or `nil`.
    public func customAttribute(_ code: String) -> JSONValue? {
        CustomAttributeList.value(of: code, in: customAttributes)
    }

    /// The values of a multiselect custom attribute `code` (sent as a list, or as comma-separated option ids), or
    /// `nil` when the product has no such attribute.
    public func customAttributeValues(_ code: String) -> [String]? {
        CustomAttributeList.values(of: code, in: customAttributes)
    }

    /// Sets custom attribute `code` to a string, replacing any existing value.
    public mutating func setCustomAttribute(_ code: String, to value: String) {
        CustomAttributeList.set(code, to: .string(value), in: &customAttributes)
    }

    /// Sets custom attribute `code` to any JSON value, replacing any existing value.
    public mutating func setCustomAttribute(_ code: String, to value: JSONValue) {
        CustomAttributeList.set(code, to: value, in: &customAttributes)
    }

    /// Sets a multiselect custom attribute `code` to option ids, written as a JSON list (Magento stores it as its
    /// comma-separated text, which ``customAttributeValues(_:)`` reads back as a list), replacing any existing value.
    public mutating func setCustomAttribute(_ code: String, to values: [String]) {
        CustomAttributeList.set(code, to: .array(values.map(JSONValue.string)), in: &customAttributes)
    }
}
