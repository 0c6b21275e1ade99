public import CommerceBridge

extension AdapterConformance {
    /// A `ProductStructureSource` lists a known family whole and keeps the feed's keyset contract: every variant
    /// has a label for each configurable attribute, no SKU is listed in two families, and no image is empty.
    /// - Parameters:
    ///   - source: The adapter.
    ///   - parentSKU: The parent SKU of a family that exists in the source, with at least one variant.
    public static func productStructureSource(_ source: any ProductStructureSource, parentSKU: String) async throws {
        let check = "productStructureSource"
        func expect(_ condition: Bool, _ message: String) throws {
            if !condition { throw ConnectorStoreConformance.Failure(check: check, message: message) }
        }
        let all = try await feed(check) { try await source.variantFamilyChanges(after: $0, limit: $1) }
        let family = all.last { $0.parentSKU == parentSKU }
        try expect(family != nil, "changes since the beginning include the family \(parentSKU)")
        try expect(!(family?.variants.isEmpty ?? true), "the family \(parentSKU) lists its variants")
        var owners: [String: String] = [:]
        for family in all {
            for variant in family.variants {
                try expect(
                    family.configurableAttributes.allSatisfy { !(variant.options[$0] ?? "").isEmpty },
                    "variant \(variant.sku) has a label for each of \(family.configurableAttributes)")
                if let other = owners[variant.sku], other != family.parentSKU {
                    throw ConnectorStoreConformance.Failure(
                        check: check, message: "variant \(variant.sku) is listed in \(other) and \(family.parentSKU)")
                }
                owners[variant.sku] = family.parentSKU
                try expect(
                    variant.images.allSatisfy { !$0.content.isEmpty }, "the images of \(variant.sku) have content")
            }
            try expect(
                family.images.allSatisfy { !$0.content.isEmpty }, "the images of \(family.parentSKU) have content")
        }
    }
}
