/// An address on an order (`OrderAddressInterface`).
public struct OrderAddress: Codable, Sendable, Hashable {
    /// The id.
    public var entityID: Int?
    /// The order.
    public var parentID: Int?
    /// `billing` or `shipping`.
    public var addressType: String?
    /// The first name.
    public var firstname: String?
    /// The last name.
    public var lastname: String?
    /// The company.
    public var company: String?
    /// The street lines.
    public var street: [String]?
    /// The city.
    public var city: String?
    /// The region.
    public var region: String?
    /// The region code.
    public var regionCode: String?
    /// The region id.
    public var regionID: Int?
    /// The postcode.
    public var postcode: String?
    /// The ISO country code.
    public var countryID: String?
    /// The phone.
    public var telephone: String?
    /// The e-mail.
    public var email: String?
    /// The address-book entry it came from.
    public var customerAddressID: Int?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case parentID = "parent_id"
        case addressType = "address_type"
        case firstname
        case lastname
        case company
        case street
        case city
        case region
        case regionCode = "region_code"
        case regionID = "region_id"
        case postcode
        case countryID = "country_id"
        case telephone
        case email
        case customerAddressID = "customer_address_id"
    }
}
