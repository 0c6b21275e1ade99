/// A tracking number to add while shipping (`ShipmentTrackCreationInterface`).
public struct ShipmentTrackCreation: Codable, Sendable, Hashable {
    /// The carrier's tracking number.
    public var trackNumber: String?
    /// The carrier name shown to the customer.
    public var title: String?
    /// `ups`, `usps`, `fedex`, `dhl` or `custom`.
    public var carrierCode: String?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(trackNumber: String, title: String, carrierCode: String = "custom") {
        self.trackNumber = trackNumber
        self.title = title
        self.carrierCode = carrierCode
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case trackNumber = "track_number"
        case title
        case carrierCode = "carrier_code"
    }
}
