extension Product {
    /// The websites the product is assigned to (`extension_attributes.website_ids`).
    public var websiteIDs: [Int]? {
        get { try? extensionAttributes?.decode([Int].self, forKey: "website_ids") }
        set { setExtension("website_ids", newValue) }
    }

    /// The categories the product is in (`extension_attributes.category_links`).
    public var categoryLinks: [CategoryLink]? {
        get { try? extensionAttributes?.decode([CategoryLink].self, forKey: "category_links") }
        set { setExtension("category_links", newValue) }
    }

    /// The legacy stock item (`extension_attributes.stock_item`).
    public var stockItem: StockItem? {
        get { try? extensionAttributes?.decode(StockItem.self, forKey: "stock_item") }
        set { setExtension("stock_item", newValue) }
    }

    private mutating func setExtension(_ key: String, _ value: (some Encodable)?) {
        var attributes = extensionAttributes ?? ExtensionAttributes()
        attributes[key] = value.flatMap { try? JSONValue(encoding: $0) }
        extensionAttributes = attributes
    }
}

/// A product's membership of a category (`CategoryLinkInterface`).
public struct CategoryLink: Codable, Sendable, Hashable {
    /// The position in the category.
    public var position: Int?
    /// The category id, as a string.
    public var categoryID: String

    /// Creates a link.
    public init(categoryID: String, position: Int? = nil) {
        self.categoryID = categoryID
        self.position = position
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case position
        case categoryID = "category_id"
    }
}
