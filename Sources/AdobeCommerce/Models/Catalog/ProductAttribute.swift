/// A product EAV attribute (`ProductAttributeInterface`).
public struct ProductAttribute: Codable, Sendable, Hashable {
    /// The attribute id.
    public var attributeID: Int?
    /// The code, such as `color`.
    public var attributeCode: String?
    /// The input type: `text`, `select`, `multiselect`, `price` …
    public var frontendInput: String?
    /// The entity type.
    public var entityTypeID: String?
    /// Whether a value is required.
    public var isRequired: Bool?
    /// The admin label.
    public var defaultFrontendLabel: String?
    /// `global`, `website` or `store`.
    public var scope: String?
    /// `varchar`, `int`, `decimal`, `text`, `datetime` or `static`.
    public var backendType: String?
    /// Whether it was added by a merchant or module.
    public var isUserDefined: Bool?
    /// The options of a select or multiselect.
    public var options: [AttributeOption]?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case attributeID = "attribute_id"
        case attributeCode = "attribute_code"
        case frontendInput = "frontend_input"
        case entityTypeID = "entity_type_id"
        case isRequired = "is_required"
        case defaultFrontendLabel = "default_frontend_label"
        case scope
        case backendType = "backend_type"
        case isUserDefined = "is_user_defined"
        case options
        case extensionAttributes = "extension_attributes"
    }
}
