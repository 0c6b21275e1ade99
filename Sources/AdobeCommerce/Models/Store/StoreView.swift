/// A store view (`StoreInterface`); its code is what goes in `/rest/<store_code>/V1`.
public struct StoreView: Codable, Sendable, Hashable {
    /// The id (0 = admin).
    public var id: Int?
    /// The code, such as `default`.
    public var code: String?
    /// The name.
    public var name: String?
    /// The website.
    public var websiteID: Int?
    /// The store group.
    public var storeGroupID: Int?
    /// 1 when enabled.
    public var isActive: Int?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case code
        case name
        case websiteID = "website_id"
        case storeGroupID = "store_group_id"
        case isActive = "is_active"
    }
}
