import AdobeCommerce
import CommerceBridge

/// How the sample ERP's items become Commerce products: the default mapping, plus what Magento needs to create
/// a product the ERP has never sent before (the Default attribute set, a simple type, visible in catalog and
/// search, on the main website). Items without a name are refused and parked for review.
struct SampleCatalog: CatalogSyncPattern {
    /// The Default attribute set of a fresh Magento installation; look yours up with
    /// `GET /V1/products/attribute-sets/sets/list` if it differs.
    static let attributeSetID = 4

    func validate(_ product: SourceProduct) throws {
        try DefaultCatalogSync().validate(product)
        guard let name = product.attributes["name"], !name.allSatisfy(\.isWhitespace) else {
            throw MappingError(record: "item \(product.sku)", field: "name", message: "is blank; name it in the ERP")
        }
    }

    func map(_ product: SourceProduct, ownedAttributes: [String: String]) throws -> Product {
        var mapped = CatalogSyncMapping.product(sku: product.sku, attributes: ownedAttributes)
        mapped.attributeSetID = Self.attributeSetID
        mapped.typeID = "simple"
        mapped.productVisibility = .catalogAndSearch
        var extensions = mapped.extensionAttributes ?? CommerceSchema.CatalogProductExtension()
        extensions.websiteIDs = [1]
        mapped.extensionAttributes = extensions
        return mapped
    }
}
