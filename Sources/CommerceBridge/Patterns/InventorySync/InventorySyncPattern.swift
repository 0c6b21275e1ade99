public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The steps of pushing one stock level from the ERP or WMS to a Commerce MSI source item. Conform for your
/// source and override only what differs; ``InventorySyncEngine`` runs validate, map and before-send per level,
/// sends the items in batches (the send step is the engine's, so batching and the item-by-item retry stay in one
/// place), and runs after-send with each batch Commerce saved.
///
/// ```swift
/// struct MyWarehouses: InventorySyncPattern {
///     func map(_ level: InventoryLevel) throws -> SourceItem {
///         var item = InventorySyncMapping.sourceItem(for: level)
///         item.sourceCode = level.sourceCode == "01" ? "default" : "wh-\(level.sourceCode)"
///         return item
///     }
/// }
/// ```
public protocol InventorySyncPattern: Sendable {
    /// Refuses levels that must not be sent; a refused level is parked for review once. Default: a SKU and a
    /// source code that are not blank, and a quantity that is not negative.
    func validate(_ level: InventoryLevel) throws
    /// Maps the level to the Commerce source item. Default: ``InventorySyncMapping/sourceItem(for:)``.
    func map(_ level: InventoryLevel) throws -> SourceItem
    /// Adjusts the item just before it is sent. Default: unchanged.
    func beforeSend(_ item: SourceItem, level: InventoryLevel) async throws -> SourceItem
    /// Runs after Commerce saved `items`. Default: nothing.
    func afterSend(_ items: [SourceItem]) async throws
}

extension InventorySyncPattern {
    /// Requires a SKU and a source code that are not blank, and a quantity that is not negative.
    public func validate(_ level: InventoryLevel) throws {
        let record = "stock level \"\(level.sku)\" at \"\(level.sourceCode)\""
        if level.sku.allSatisfy(\.isWhitespace) {
            throw MappingError(record: record, field: "sku", message: "is blank")
        }
        if level.sourceCode.allSatisfy(\.isWhitespace) {
            throw MappingError(record: record, field: "source_code", message: "is blank")
        }
        if level.quantity < 0 {
            throw MappingError(
                record: record, field: "quantity",
                message: "is negative (\(level.quantity)); on-hand stock cannot be below zero, fix it at the source")
        }
    }

    /// Maps with ``InventorySyncMapping/sourceItem(for:)``.
    public func map(_ level: InventoryLevel) throws -> SourceItem { InventorySyncMapping.sourceItem(for: level) }

    /// Unchanged.
    public func beforeSend(_ item: SourceItem, level: InventoryLevel) async throws -> SourceItem { item }

    /// Nothing.
    public func afterSend(_ items: [SourceItem]) async throws {}
}

/// Every step at its default.
public struct DefaultInventorySync: InventorySyncPattern {
    /// Creates the default pattern.
    public init() {}
}

/// The default inventory mapping, reusable in custom patterns.
public enum InventorySyncMapping {
    /// The source item holding `level`'s on-hand quantity, in stock when the quantity is above zero.
    public static func sourceItem(for level: InventoryLevel) -> SourceItem {
        SourceItem(
            sku: level.sku, sourceCode: level.sourceCode, quantity: level.quantity,
            status: level.quantity > 0 ? .inStock : .outOfStock)
    }
}
