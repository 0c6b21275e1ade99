#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A tracking number on a shipment (`ShipmentTrackInterface`).
public struct ShipmentTrack: Codable, Sendable, Hashable {
    /// The id.
    public var entityID: Int?
    /// The order.
    public var orderID: Int?
    /// The shipment.
    public var parentID: Int?
    /// The carrier's tracking number.
    public var trackNumber: String?
    /// The carrier name shown to the customer.
    public var title: String?
    /// The carrier code: `ups`, `usps`, `fedex`, `dhl` or `custom`.
    public var carrierCode: String?
    /// When it was added.
    public var createdAt: MagentoDate?
    /// The weight.
    public var weight: Decimal?
    /// The quantity.
    public var qty: Decimal?
    /// A description.
    public var description: String?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case orderID = "order_id"
        case parentID = "parent_id"
        case trackNumber = "track_number"
        case title
        case carrierCode = "carrier_code"
        case createdAt = "created_at"
        case weight
        case qty
        case description
    }
}
