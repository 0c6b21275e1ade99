public import AdobeCommerce

extension EchoFingerprint {
    /// How long the catalog and inventory engines expect a write to come back as a Commerce event (Commerce sends
    /// non-priority events with the next cron batch and retries failed sends).
    public static let commerceEventWindow: Duration = .seconds(900)

    /// The fingerprint of a write to a Commerce product (`kind` `product`: its `name`, `price`) or to its default
    /// stock (`kind` `stock`: `qty`, `is_in_stock`), over the fields the write set, normalised as a Commerce event
    /// reports them (numbers as text there, `12.000000`, compare as numbers).
    /// - Parameters:
    ///   - kind: `product` or `stock`.
    ///   - sku: The SKU.
    ///   - fields: The fields written, by their event names.
    public static func commerceWrite(kind: String, sku: String, fields: [String: JSONValue]) -> EchoFingerprint {
        let normalised = fields.mapValues { value in value.decimalValue.map { JSONValue.string("\($0)") } ?? value }
        return EchoFingerprint(
            EntityReference(.product, .commerce, "\(kind):\(sku)"), contentHash: CanonicalJSON.hash(.object(normalised))
        )
    }

    /// The fingerprints a product or stock item event would match: one per subset of the fingerprinted fields it
    /// carries, since a write may have set only some of them. Empty for other events and events without a SKU.
    public static func candidates(for event: StoreEvent) -> [EchoFingerprint] {
        let kind: String
        let names: [String]
        switch event.name {
        case StoreEventName.productSaved: (kind, names) = ("product", ["name", "price"])
        case StoreEventName.stockItemSaved: (kind, names) = ("stock", ["qty", "is_in_stock"])
        default: return []
        }
        guard let sku = event.value["sku"]?.stringValue else { return [] }
        let present = names.compactMap { name in event.value[name].map { (name, $0) } }
        return (1..<(1 << present.count)).map { mask in
            var fields: [String: JSONValue] = [:]
            for (index, field) in present.enumerated() where mask & (1 << index) != 0 { fields[field.0] = field.1 }
            return commerceWrite(kind: kind, sku: sku, fields: fields)
        }
    }
}
