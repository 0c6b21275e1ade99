/// An option of a select attribute (`AttributeOptionInterface`).
public struct AttributeOption: Codable, Sendable, Hashable {
    /// The admin label.
    public var label: String?
    /// The option id as a string.
    public var value: String?
    /// The sort position.
    public var sortOrder: Int?
    /// Whether it is the default.
    public var isDefault: Bool?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case label
        case value
        case sortOrder = "sort_order"
        case isDefault = "is_default"
    }
}
