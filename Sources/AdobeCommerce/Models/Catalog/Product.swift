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
}
