#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A shipment the ERP or WMS made, with tracking.
public struct ERPShipment: Sendable, Hashable, Codable {
    /// A shipped line.
    public struct Line: Sendable, Hashable, Codable {
        /// The SKU.
        public var sku: String
        /// The quantity.
        public var quantity: Decimal

        /// Creates a line.
        public init(sku: String, quantity: Decimal) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// The ERP's shipment number.
    public var number: String
    /// The ERP order it belongs to.
    public var erpOrderNumber: String
    /// The carrier code (`ups`, `fedex`, `custom` …).
    public var carrierCode: String
    /// The carrier's name.
    public var carrierTitle: String
    /// The tracking number.
    public var trackingNumber: String
    /// The lines shipped.
    public var lines: [Line]
    /// When it shipped.
    public var shippedAt: Date

    /// Creates a shipment.
    public init(
        number: String, erpOrderNumber: String, carrierCode: String, carrierTitle: String, trackingNumber: String,
        lines: [Line], shippedAt: Date
    ) {
        self.number = number
        self.erpOrderNumber = erpOrderNumber
        self.carrierCode = carrierCode
        self.carrierTitle = carrierTitle
        self.trackingNumber = trackingNumber
        self.lines = lines
        self.shippedAt = shippedAt
    }
}

extension ERPShipment: FeedRecord {
    /// `shippedAt`, keyed by the shipment number.
    public var feedPosition: FeedCursor { FeedCursor(time: shippedAt, key: number) }
}
