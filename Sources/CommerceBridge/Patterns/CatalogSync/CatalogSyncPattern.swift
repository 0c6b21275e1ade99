public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The steps of sending one product from the PIM or ERP to Commerce. Conform for your source and override only
/// what differs; ``CatalogSyncEngine`` runs validate, map and before-send per product, sends the changed ones
/// together through the async bulk API (the send step is the engine's, so chunking, status polling and retries
/// stay in one place), and runs after-send for each product Commerce completed.
///
/// ```swift
/// struct MyCatalog: CatalogSyncPattern {
///     func map(_ product: SourceProduct, ownedAttributes: [String: String]) throws -> Product {
///         var mapped = CatalogSyncMapping.product(sku: product.sku, attributes: ownedAttributes)
///         mapped.name = mapped.name?.capitalized           // the PIM keeps names in upper case
///         return mapped
///     }
/// }
/// ```
public protocol CatalogSyncPattern: Sendable {
    /// Refuses products that must not be sent; a refused product is parked for review. Default: a non-blank SKU.
    func validate(_ product: SourceProduct) throws
    /// Maps the attributes the source owns to the Commerce product. Default: ``CatalogSyncMapping/product(sku:attributes:)``.
    func map(_ product: SourceProduct, ownedAttributes: [String: String]) throws -> Product
    /// Adjusts the product just before it is sent. Default: unchanged. Drift detection also calls it (with
    /// ``map(_:ownedAttributes:)``) to learn what Commerce should hold, so keep side effects in ``afterSend(_:)``.
    func beforeSend(_ product: Product, source: SourceProduct) async throws -> Product
    /// Runs after Commerce completed the update (in the bulk pass or in an outbox retry). Default: nothing.
    func afterSend(_ product: Product) async throws
}

extension CatalogSyncPattern {
    /// Requires a SKU that is not blank.
    public func validate(_ product: SourceProduct) throws {
        guard !product.sku.allSatisfy(\.isWhitespace) else {
            throw MappingError(record: "product \"\(product.sku)\"", field: "sku", message: "is blank")
        }
    }

    /// Maps with ``CatalogSyncMapping/product(sku:attributes:)``.
    public func map(_ product: SourceProduct, ownedAttributes: [String: String]) throws -> Product {
        CatalogSyncMapping.product(sku: product.sku, attributes: ownedAttributes)
    }

    /// Unchanged.
    public func beforeSend(_ product: Product, source: SourceProduct) async throws -> Product { product }

    /// Nothing.
    public func afterSend(_ product: Product) async throws {}
}

/// Every step at its default.
public struct DefaultCatalogSync: CatalogSyncPattern {
    /// Creates the default pattern.
    public init() {}
}

/// The default catalog mapping, reusable in custom patterns.
public enum CatalogSyncMapping {
    /// The Commerce product carrying `attributes`: `name`, `price`, `weight` and `status` (`1` enabled, `2`
    /// disabled) as themselves, everything else as custom attributes.
    public static func product(sku: String, attributes: [String: String]) -> Product {
        var product = Product(sku: sku)
        for (code, value) in attributes.sorted(by: { $0.key < $1.key }) {
            switch code {
            case "name": product.name = value
            case "price": product.price = Decimal(string: value, locale: nil)
            case "weight": product.weight = Decimal(string: value, locale: nil)
            case "status": product.status = Int(value) ?? ProductStatus.enabled.rawValue
            default: product.setCustomAttribute(code, to: value)
            }
        }
        return product
    }
}
