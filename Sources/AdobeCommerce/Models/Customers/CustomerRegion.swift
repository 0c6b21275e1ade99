/// A region of a customer address (`RegionInterface`).
public struct CustomerRegion: Codable, Sendable, Hashable {
    /// The code, such as `TX`.
    public var regionCode: String?
    /// The name.
    public var region: String?
    /// The id.
    public var regionID: Int?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case regionCode = "region_code"
        case region
        case regionID = "region_id"
        case extensionAttributes = "extension_attributes"
    }
}
