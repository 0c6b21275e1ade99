/// An MSI source, a warehouse, store or drop-shipper: ``CommerceSchema/InventorySource``, the schema definition
/// `inventory-api-data-source-interface`.
///
/// Every member Magento sends is kept: the ones the definition names as typed properties (`extensionAttributes` is
/// the typed ``CommerceSchema/InventorySourceExtension``), any other in `additionalFields`.
public typealias InventorySource = CommerceSchema.InventorySource

extension CommerceSchema.InventorySource {
    /// A source with the members Magento requires to create one; set the others as needed.
    /// - Parameters:
    ///   - sourceCode: The code, the source's natural key.
    ///   - name: The name.
    ///   - countryID: The ISO country code.
    ///   - postcode: The postcode.
    ///   - enabled: Whether the source is enabled.
    public init(sourceCode: String, name: String, countryID: String, postcode: String, enabled: Bool = true) {
        self.init(countryID: countryID, enabled: enabled, name: name, postcode: postcode, sourceCode: sourceCode)
    }
}
