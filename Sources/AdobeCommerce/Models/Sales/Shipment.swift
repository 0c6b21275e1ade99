#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A shipment (`ShipmentInterface`).
public struct Shipment: Codable, Sendable, Hashable {
    /// The id.
    public var entityID: Int?
    /// The order.
    public var orderID: Int?
    /// The shipment number.
    public var incrementID: String?
    /// The quantity shipped.
    public var totalQty: Decimal?
    /// The store.
    public var storeID: Int?
    /// When it was created.
    public var createdAt: MagentoDate?
    /// When it last changed.
    public var updatedAt: MagentoDate?
    /// The lines.
    public var items: [ShipmentItem]?
    /// The tracking numbers.
    public var tracks: [ShipmentTrack]?
    /// The comments, oldest first.
    public var comments: [SalesDocumentComment]?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case orderID = "order_id"
        case incrementID = "increment_id"
        case totalQty = "total_qty"
        case storeID = "store_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case items
        case tracks
        case comments
        case extensionAttributes = "extension_attributes"
    }
}
