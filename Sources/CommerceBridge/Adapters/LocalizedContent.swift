/// A product's text in one store view's language: written through that store view's code only, so the default
/// (global) values stay as they are.
///
/// ```swift
/// family.localized["fr"] = LocalizedContent(name: "Chemise Oxford", description: "Coton, coupe droite.")
/// ```
public struct LocalizedContent: Sendable, Hashable, Codable {
    /// The name in this store view, or `nil` to leave it.
    public var name: String?
    /// The description in this store view, or `nil` to leave it.
    public var description: String?
    /// Other store-view text attributes (`short_description`, `meta_title` …) by attribute code.
    public var attributes: [String: String]

    /// Creates content.
    /// - Parameters:
    ///   - name: The name, or `nil` to leave it.
    ///   - description: The description, or `nil` to leave it.
    ///   - attributes: Other text attributes by code.
    public init(name: String? = nil, description: String? = nil, attributes: [String: String] = [:]) {
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// Every value by attribute code: `name`, `description` and the others.
    public var values: [String: String] {
        var values = attributes
        if let name { values["name"] = name }
        if let description { values["description"] = description }
        return values
    }
}
