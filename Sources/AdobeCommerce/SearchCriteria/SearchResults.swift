/// One page of a list call: the items, the total number of matches, and the criteria as Magento echoes them.
public struct SearchResults<Item: Decodable & Sendable>: Decodable, Sendable {
    /// The items of this page.
    public var items: [Item]
    /// All matches, across pages.
    public var totalCount: Int
    /// The criteria as the server understood them.
    public var searchCriteria: JSONValue?

    /// Creates a page.
    public init(items: [Item], totalCount: Int, searchCriteria: JSONValue? = nil) {
        self.items = items
        self.totalCount = totalCount
        self.searchCriteria = searchCriteria
    }

    /// Decodes a page; a missing `items` is an empty page (some lists omit it when nothing matches).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
        totalCount = try container.decodeIfPresent(Int.self, forKey: .totalCount) ?? items.count
        searchCriteria = try container.decodeIfPresent(JSONValue.self, forKey: .searchCriteria)
    }

    enum CodingKeys: String, CodingKey {
        case items
        case totalCount = "total_count"
        case searchCriteria = "search_criteria"
    }
}
