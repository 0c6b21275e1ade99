/// An image or video of a product (`ProductAttributeMediaGalleryEntryInterface`).
public struct MediaGalleryEntry: Codable, Sendable, Hashable {
    /// The entry id.
    public var id: Int?
    /// `image` or `external-video`.
    public var mediaType: String?
    /// The alt text.
    public var label: String?
    /// The sort position.
    public var position: Int?
    /// Whether it is hidden.
    public var disabled: Bool?
    /// Roles: `image`, `small_image`, `thumbnail`, `swatch_image`.
    public var types: [String]?
    /// The path below `pub/media/catalog/product`.
    public var file: String?
    /// Base64 content when uploading.
    public var content: JSONValue?
    /// Extension attributes.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case mediaType = "media_type"
        case label
        case position
        case disabled
        case types
        case file
        case content
        case extensionAttributes = "extension_attributes"
    }
}
