import AdobeCommerce
public import CommerceBridge

extension FakeERP: ProductStructureSource {
    // MARK: Seeding

    /// Adds or replaces a variant family (its variants, images and store-view text), stamped now.
    public func setVariantFamily(_ family: VariantFamily) {
        var family = family
        family.updatedAt = time.now()
        variantFamilies[family.parentSKU] = family
    }

    /// Changes a variant family in place, stamped now.
    /// - Returns: Whether the family exists.
    @discardableResult
    public func updateVariantFamily(parentSKU: String, _ change: (inout VariantFamily) -> Void) -> Bool {
        guard var family = variantFamilies[parentSKU] else { return false }
        change(&family)
        family.updatedAt = time.now()
        variantFamilies[parentSKU] = family
        return true
    }

    /// Deletes a variant: it leaves its family, whose change time moves to now.
    /// - Returns: Whether a family listed it.
    @discardableResult
    public func deleteVariant(sku: String) -> Bool {
        guard let parent = variantFamilies.values.first(where: { $0.variants.contains { $0.sku == sku } })?.parentSKU
        else { return false }
        return updateVariantFamily(parentSKU: parent) { $0.variants.removeAll { $0.sku == sku } }
    }

    /// The variant family of a parent SKU, as the ERP holds it.
    public func variantFamily(parentSKU: String) -> VariantFamily? { variantFamilies[parentSKU] }

    // MARK: ProductStructureSource

    /// Families after `cursor`, in feed order.
    public func variantFamilyChanges(after cursor: FeedCursor, limit: Int) async throws -> [VariantFamily] {
        try await inject("variantFamilyChanges")
        return feed(variantFamilies.values.page(after: cursor, limit: limit))
    }
}
