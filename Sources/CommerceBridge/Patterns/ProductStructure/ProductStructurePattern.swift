import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The steps of sending one variant family to Commerce. Conform for your ERP and override only what differs;
/// ``ProductStructureEngine`` runs validate, map and before-send per changed family, sends the plan itself (attribute
/// options, products, configurable options, child links, websites, images, store-view text: the send step is the
/// engine's, so create-once, refusals and deltas stay in one place), and runs after-send once Commerce holds it.
///
/// ```swift
/// struct Apparel: ProductStructurePattern {
///     func beforeSend(_ plan: ProductStructurePlan, family: VariantFamily) async throws -> ProductStructurePlan {
///         var plan = plan
///         plan.parent.name = plan.parent.name.map { "\($0) | ACME" }
///         return plan
///     }
/// }
/// ```
public protocol ProductStructurePattern: Sendable {
    /// Refuses families that must not be sent; a refused family is parked for review. Default:
    /// ``ProductStructureMapping/validate(_:)``.
    func validate(_ family: VariantFamily) throws
    /// Maps the family, carrying only the attributes and store-view text the origin owns, to what Commerce should
    /// hold. Default: ``ProductStructureMapping/plan(for:)``.
    func map(_ family: VariantFamily) throws -> ProductStructurePlan
    /// Adjusts the plan just before it is sent. Default: unchanged.
    func beforeSend(_ plan: ProductStructurePlan, family: VariantFamily) async throws -> ProductStructurePlan
    /// Runs after Commerce holds the family (refused parts parked). Default: nothing.
    func afterSend(_ plan: ProductStructurePlan) async throws
}

extension ProductStructurePattern {
    /// ``ProductStructureMapping/validate(_:)``.
    public func validate(_ family: VariantFamily) throws { try ProductStructureMapping.validate(family) }

    /// ``ProductStructureMapping/plan(for:)``.
    public func map(_ family: VariantFamily) throws -> ProductStructurePlan {
        ProductStructureMapping.plan(for: family)
    }

    /// Unchanged.
    public func beforeSend(_ plan: ProductStructurePlan, family: VariantFamily) async throws -> ProductStructurePlan {
        plan
    }

    /// Nothing.
    public func afterSend(_ plan: ProductStructurePlan) async throws {}
}

/// Every step at its default.
public struct DefaultProductStructure: ProductStructurePattern {
    /// Creates the default pattern.
    public init() {}
}

/// The default checks and mapping of a variant family, reusable in custom patterns.
public enum ProductStructureMapping {
    /// Requires a parent SKU, at least one configurable attribute, variant SKUs that are not blank, not the parent's
    /// and not repeated, a label for every configurable attribute on every variant, no two variants with the same
    /// labels (Magento refuses to link them), and store view codes that name a store view (not `all` or `admin`).
    /// - Throws: `MappingError` naming the family and the field.
    public static func validate(_ family: VariantFamily) throws {
        let record = "variant family \"\(family.parentSKU)\""
        guard !family.parentSKU.allSatisfy(\.isWhitespace) else {
            throw MappingError(record: record, field: "parentSKU", message: "is blank")
        }
        guard !family.configurableAttributes.isEmpty else {
            throw MappingError(
                record: record, field: "configurableAttributes",
                message: "is empty: name the attributes variants differ by")
        }
        var skus: Set<String> = [family.parentSKU.lowercased()]
        var combinations: [String: String] = [:]
        for (index, variant) in family.variants.enumerated() {
            let field = "variants[\(index)]"
            guard !variant.sku.allSatisfy(\.isWhitespace) else {
                throw MappingError(record: record, field: "\(field).sku", message: "is blank")
            }
            guard skus.insert(variant.sku.lowercased()).inserted else {
                throw MappingError(
                    record: record, field: "\(field).sku",
                    message: "\"\(variant.sku)\" is the parent's SKU or another variant's (SKUs compare without case)")
            }
            for code in family.configurableAttributes
            where (variant.options[code] ?? "").allSatisfy(\.isWhitespace) {
                throw MappingError(
                    record: record, field: "\(field).options[\(code)]", message: "has no label for \"\(code)\"")
            }
            let combination = family.configurableAttributes.map { (variant.options[$0] ?? "").uppercased() }
                .joined(separator: "\u{0}")
            if let other = combinations[combination] {
                throw MappingError(
                    record: record, field: "\(field).options",
                    message: "\"\(variant.sku)\" has the same option labels as \"\(other)\"")
            }
            combinations[combination] = variant.sku
        }
        for code in Set(family.localized.keys).union(family.variants.flatMap(\.localized.keys)) {
            guard StoreCode(rawValue: code).isWellFormed, code != "all", code != "admin" else {
                throw MappingError(
                    record: record, field: "localized[\(code)]",
                    message: "is not a store view code: store-view text is written through a store view only")
            }
        }
    }

    /// The default plan: a configurable parent (visible in catalog and search, in the family's categories, with the
    /// family's attributes mapped by ``CatalogSyncMapping/product(sku:attributes:)``) and simple children not visible
    /// individually, named `<family name> <labels>` unless a variant names itself; both enabled unless their
    /// `status` attribute says otherwise.
    public static func plan(for family: VariantFamily) -> ProductStructurePlan {
        var parentAttributes = family.attributes
        if !family.name.isEmpty { parentAttributes["name"] = family.name }
        var parent = CatalogSyncMapping.product(sku: family.parentSKU, attributes: parentAttributes)
        parent.typeID = "configurable"
        parent.productVisibility = .catalogAndSearch
        parent.productStatus = parent.productStatus ?? .enabled
        if !family.categoryIDs.isEmpty {
            var extensions = parent.extensionAttributes ?? CommerceSchema.CatalogProductExtension()
            extensions.categoryLinks = family.categoryIDs.map { CategoryLink(categoryID: String($0), position: 0) }
            parent.extensionAttributes = extensions
        }
        let children = family.variants.map { variant in
            var attributes = variant.attributes
            if attributes["name"] == nil, !family.name.isEmpty {
                let labels = family.configurableAttributes.compactMap { variant.options[$0] }
                attributes["name"] = ([family.name] + labels).joined(separator: " ")
            }
            var product = CatalogSyncMapping.product(sku: variant.sku, attributes: attributes)
            product.typeID = "simple"
            product.productVisibility = .notVisibleIndividually
            // Listed by the source, so sellable: a variant disabled when it was deleted is enabled when it comes back.
            product.productStatus = product.productStatus ?? .enabled
            return ProductStructurePlan.Child(
                product: product, options: variant.options.filter { family.configurableAttributes.contains($0.key) },
                images: variant.images, localized: variant.localized)
        }
        return ProductStructurePlan(
            parent: parent, configurableAttributes: family.configurableAttributes, children: children,
            images: family.images, localized: family.localized, websiteIDs: family.websiteIDs)
    }
}
