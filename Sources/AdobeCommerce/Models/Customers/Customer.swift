/// A customer account (`CustomerInterface`).
public struct Customer: Codable, Sendable, Hashable {
    /// The entity id.
    public var id: Int?
    /// The customer group.
    public var groupID: Int?
    /// The default billing address id.
    public var defaultBilling: String?
    /// The default shipping address id.
    public var defaultShipping: String?
    /// The pending confirmation key.
    public var confirmation: String?
    /// When it was created.
    public var createdAt: MagentoDate?
    /// When it was last changed.
    public var updatedAt: MagentoDate?
    /// The store view it was created in.
    public var createdIn: String?
    /// The date of birth.
    public var dob: String?
    /// The e-mail, unique per website when accounts are shared per website.
    public var email: String?
    /// The first name.
    public var firstname: String?
    /// The last name.
    public var lastname: String?
    /// The middle name.
    public var middlename: String?
    /// The prefix.
    public var prefix: String?
    /// The suffix.
    public var suffix: String?
    /// 0 not specified, 1 male, 2 female, 3 not specified.
    public var gender: Int?
    /// The store.
    public var storeID: Int?
    /// The tax/VAT number.
    public var taxvat: String?
    /// The website.
    public var websiteID: Int?
    /// The address book.
    public var addresses: [CustomerAddress]?
    /// Whether VAT validation may change the group.
    public var disableAutoGroupChange: Int?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?
    /// EAV attributes.
    public var customAttributes: [CustomAttribute]?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(email: String, firstname: String, lastname: String) {
        self.email = email
        self.firstname = firstname
        self.lastname = lastname
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case groupID = "group_id"
        case defaultBilling = "default_billing"
        case defaultShipping = "default_shipping"
        case confirmation
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case createdIn = "created_in"
        case dob
        case email
        case firstname
        case lastname
        case middlename
        case prefix
        case suffix
        case gender
        case storeID = "store_id"
        case taxvat
        case websiteID = "website_id"
        case addresses
        case disableAutoGroupChange = "disable_auto_group_change"
        case extensionAttributes = "extension_attributes"
        case customAttributes = "custom_attributes"
    }
}
