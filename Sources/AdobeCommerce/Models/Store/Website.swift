/// A website (`WebsiteInterface`).
public struct Website: Codable, Sendable, Hashable {
    /// The id (0 = admin).
    public var id: Int?
    /// The code, such as `base`.
    public var code: String?
    /// The name.
    public var name: String?
    /// The default store group.
    public var defaultGroupID: Int?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case code
        case name
        case defaultGroupID = "default_group_id"
    }
}
