/// A customer group (`GroupInterface`).
public struct CustomerGroup: Codable, Sendable, Hashable {
    /// The id (0 = NOT LOGGED IN, 1 = General).
    public var id: Int?
    /// The name.
    public var code: String?
    /// The tax class.
    public var taxClassID: Int?
    /// The tax class name.
    public var taxClassName: String?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case code
        case taxClassID = "tax_class_id"
        case taxClassName = "tax_class_name"
        case extensionAttributes = "extension_attributes"
    }
}
