/// A category (`CategoryInterface`).
public struct Category: Codable, Sendable, Hashable {
    /// The entity id.
    public var id: Int?
    /// The parent category.
    public var parentID: Int?
    /// The name.
    public var name: String?
    /// Whether it is enabled.
    public var isActive: Bool?
    /// The position among its siblings.
    public var position: Int?
    /// The depth (1 = root catalog).
    public var level: Int?
    /// Comma-separated child ids.
    public var children: String?
    /// When it was created.
    public var createdAt: MagentoDate?
    /// When it was last changed.
    public var updatedAt: MagentoDate?
    /// Slash-separated ids from the root.
    public var path: String?
    /// Sort options offered on the storefront.
    public var availableSortBy: [String]?
    /// Whether it shows in the top menu.
    public var includeInMenu: Bool?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?
    /// EAV attributes such as `url_key`.
    public var customAttributes: [CustomAttribute]?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case parentID = "parent_id"
        case name
        case isActive = "is_active"
        case position
        case level
        case children
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case path
        case availableSortBy = "available_sort_by"
        case includeInMenu = "include_in_menu"
        case extensionAttributes = "extension_attributes"
        case customAttributes = "custom_attributes"
    }
}
