#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An MSI source: a warehouse, store or drop-shipper (`SourceInterface`).
public struct InventorySource: Codable, Sendable, Hashable {
    /// The code, the natural key.
    public var sourceCode: String?
    /// The name.
    public var name: String?
    /// Whether it is enabled.
    public var enabled: Bool?
    /// A description.
    public var description: String?
    /// The latitude.
    public var latitude: Decimal?
    /// The longitude.
    public var longitude: Decimal?
    /// The ISO country code (required by Magento).
    public var countryID: String?
    /// The region id.
    public var regionID: Int?
    /// The region name.
    public var region: String?
    /// The city.
    public var city: String?
    /// The street.
    public var street: String?
    /// The postcode (required by Magento).
    public var postcode: String?
    /// The contact.
    public var contactName: String?
    /// The e-mail.
    public var email: String?
    /// The phone.
    public var phone: String?
    /// The fax.
    public var fax: String?
    /// Whether default carriers apply.
    public var useDefaultCarrierConfig: Bool?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(sourceCode: String, name: String, countryID: String, postcode: String, enabled: Bool = true) {
        self.sourceCode = sourceCode
        self.name = name
        self.countryID = countryID
        self.postcode = postcode
        self.enabled = enabled
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sourceCode = "source_code"
        case name
        case enabled
        case description
        case latitude
        case longitude
        case countryID = "country_id"
        case regionID = "region_id"
        case region
        case city
        case street
        case postcode
        case contactName = "contact_name"
        case email
        case phone
        case fax
        case useDefaultCarrierConfig = "use_default_carrier_config"
        case extensionAttributes = "extension_attributes"
    }
}
