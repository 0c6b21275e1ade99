/// A node of the category tree (`CategoryTreeInterface`).
public struct CategoryTree: Codable, Sendable, Hashable {
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
    /// The depth.
    public var level: Int?
    /// Products assigned.
    public var productCount: Int?
    /// The child nodes.
    public var childrenData: [CategoryTree]?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case parentID = "parent_id"
        case name
        case isActive = "is_active"
        case position
        case level
        case productCount = "product_count"
        case childrenData = "children_data"
    }
}
