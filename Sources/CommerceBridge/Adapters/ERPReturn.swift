#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A return (RMA) as the WMS or ERP holds it: its lines, its status and the tracking numbers of the parcels coming
/// back. Commerce gets an Adobe Commerce RMA (`POST /V1/returns`) the first time, and later changes of status and
/// new tracking numbers after that.
public struct ERPReturn: Sendable, Hashable, Codable {
    /// A returned line.
    public struct Line: Sendable, Hashable, Codable {
        /// The SKU.
        public var sku: String
        /// The quantity the customer returns.
        public var quantity: Decimal
        /// The quantity authorized, received or approved so far, as the return's status has it; `nil` for all.
        public var quantityProcessed: Decimal?
        /// The reason option (an RMA attribute option id in Commerce, such as `"1"`), or `nil`.
        public var reason: String?
        /// The condition option, or `nil`.
        public var condition: String?
        /// The resolution option (refund, exchange …), or `nil`.
        public var resolution: String?

        /// Creates a line.
        public init(
            sku: String, quantity: Decimal, quantityProcessed: Decimal? = nil, reason: String? = nil,
            condition: String? = nil, resolution: String? = nil
        ) {
            self.sku = sku
            self.quantity = quantity
            self.quantityProcessed = quantityProcessed
            self.reason = reason
            self.condition = condition
            self.resolution = resolution
        }
    }

    /// A parcel coming back.
    public struct Track: Sendable, Hashable, Codable {
        /// The carrier code (`ups`, `custom` …).
        public var carrierCode: String
        /// The carrier's name.
        public var carrierTitle: String
        /// The tracking number.
        public var trackingNumber: String

        /// Creates a track.
        public init(carrierCode: String, carrierTitle: String, trackingNumber: String) {
            self.carrierCode = carrierCode
            self.carrierTitle = carrierTitle
            self.trackingNumber = trackingNumber
        }
    }

    /// The WMS's or ERP's return number.
    public var number: String
    /// The ERP order the goods were sold on.
    public var erpOrderNumber: String
    /// The lines.
    public var lines: [Line]
    /// The Adobe Commerce RMA status: `pending`, `authorized`, `partially_authorized`, `received`,
    /// `received_on_item`, `approved_on_item`, `rejected_on_item`, `closed` or `processed_closed`.
    public var status: String
    /// The parcels coming back, every one so far.
    public var tracks: [Track]
    /// A comment added to the return when it is created.
    public var comment: String?
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a return.
    public init(
        number: String, erpOrderNumber: String, lines: [Line], status: String = "pending", tracks: [Track] = [],
        comment: String? = nil, updatedAt: Date
    ) {
        self.number = number
        self.erpOrderNumber = erpOrderNumber
        self.lines = lines
        self.status = status
        self.tracks = tracks
        self.comment = comment
        self.updatedAt = updatedAt
    }
}

extension ERPReturn: FeedRecord {
    /// `updatedAt`, keyed by the return number.
    public var feedPosition: FeedCursor { FeedCursor(time: updatedAt, key: number) }
}
