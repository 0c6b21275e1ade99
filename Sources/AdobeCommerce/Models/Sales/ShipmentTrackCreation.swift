/// A tracking number to add while shipping (the schema definition `sales-data-shipment-track-creation-interface`).
///
/// Every property of the definition is typed; every member Magento sends that the definition does not name
/// (a module's extension attribute, a `null`) is kept in `additionalFields` and written back, so reading a
/// record and writing it back loses nothing.
public typealias ShipmentTrackCreation = CommerceSchema.SalesShipmentTrackCreation

extension ShipmentTrackCreation {
    /// A tracking number to pass to ``OrdersAPI/ship(orderID:items:tracks:notify:comment:)``.
    ///
    /// ```swift
    /// ShipmentTrackCreation(trackNumber: "1Z999", title: "UPS", carrierCode: "ups")
    /// ```
    /// - Parameters:
    ///   - trackNumber: The carrier's tracking number.
    ///   - title: The carrier name shown to the customer.
    ///   - carrierCode: `ups`, `usps`, `fedex`, `dhl` or `custom`.
    public init(trackNumber: String, title: String, carrierCode: String = "custom") {
        self.init(carrierCode: carrierCode, title: title, trackNumber: trackNumber)
    }
}
