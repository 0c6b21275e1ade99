/// A per-item failure from a price-storage call: the schema definition
/// `catalog-data-price-update-result-interface`. An empty list of them means every item was saved.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so nothing of a result is lost. `parameters` holds the placeholder values as sent: Magento
/// declares them `string[]` but answers whatever the validator put in, `null` and numbers included
/// (`[null, 7, "SKU"]`).
public typealias PriceUpdateResult = CommerceSchema.CatalogPriceUpdateResult

extension CommerceSchema.CatalogPriceUpdateResult {
    /// The placeholder values as the text Magento's `%1`, `%2`… show: a string as is, a number as written, `null` as
    /// an empty string.
    public var parameterTexts: [String]? { parameters?.map(MagentoMessage.text(of:)) }
}
