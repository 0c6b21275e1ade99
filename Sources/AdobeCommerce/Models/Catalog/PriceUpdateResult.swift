/// A per-item failure from a price-storage call: the schema definition
/// `catalog-data-price-update-result-interface`. An empty list of them means every item was saved.
///
/// Every member Magento sends is kept: those the definition names as typed properties, the rest in
/// `additionalFields`, so nothing of a result is lost.
public typealias PriceUpdateResult = CommerceSchema.CatalogPriceUpdateResult

extension CommerceSchema.CatalogPriceUpdateResult {
    /// The placeholder values, as text, whatever JSON Magento sent them as.
    ///
    /// Magento declares `parameters` as `string[]` but answers whatever the validator put in: numbers, `null` (read
    /// as an empty string), or an object of named values (read in key order). When they are all strings they are in
    /// ``parameters``; otherwise the generated model keeps them in `additionalFields["parameters"]`, read here.
    public var parameterTexts: [String]? {
        if let parameters { return parameters }
        switch additionalFields["parameters"] {
        case .array(let values)?: return values.map { $0.stringValue ?? "" }
        case .object(let members)?: return members.sorted { $0.key < $1.key }.map { $0.value.stringValue ?? "" }
        case .string(let value)?: return [value]
        default: return nil
        }
    }
}
