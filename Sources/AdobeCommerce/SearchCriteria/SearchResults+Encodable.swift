extension SearchResults: Encodable where Item: Encodable {
    /// Writes the page as Magento sends it: `items`, `total_count`, and `search_criteria` when there is one (to
    /// answer a list call in a fake or a proxy, or to keep a page as it was read).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(totalCount, forKey: .totalCount)
        try container.encodeIfPresent(searchCriteria, forKey: .searchCriteria)
    }
}
