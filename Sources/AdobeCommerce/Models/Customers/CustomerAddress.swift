/// An address in a customer's address book (`AddressInterface`).
public struct CustomerAddress: Codable, Sendable, Hashable {
    /// The entity id.
    public var id: Int?
    /// The customer.
    public var customerID: Int?
    /// The region.
    public var region: CustomerRegion?
    /// The region id.
    public var regionID: Int?
    /// The ISO country code.
    public var countryID: String?
    /// The street lines.
    public var street: [String]?
    /// The company.
    public var company: String?
    /// The phone.
    public var telephone: String?
    /// The postcode.
    public var postcode: String?
    /// The city.
    public var city: String?
    /// The first name.
    public var firstname: String?
    /// The last name.
    public var lastname: String?
    /// The VAT number.
    public var vatID: String?
    /// Whether it is the default shipping address.
    public var defaultShipping: Bool?
    /// Whether it is the default billing address.
    public var defaultBilling: Bool?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?
    /// EAV attributes.
    public var customAttributes: [CustomAttribute]?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case customerID = "customer_id"
        case region
        case regionID = "region_id"
        case countryID = "country_id"
        case street
        case company
        case telephone
        case postcode
        case city
        case firstname
        case lastname
        case vatID = "vat_id"
        case defaultShipping = "default_shipping"
        case defaultBilling = "default_billing"
        case extensionAttributes = "extension_attributes"
        case customAttributes = "custom_attributes"
    }
}
