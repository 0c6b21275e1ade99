/// The answer to an async or bulk request (`AsyncResponseInterface`, HTTP 202).
public struct AsyncResponse: Codable, Sendable, Hashable {
    /// The bulk id to poll.
    public var bulkUUID: String?
    /// One entry per element sent, by index.
    public var requestItems: [AsyncItemStatus]?
    /// Whether any element was rejected.
    public var errors: Bool?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case bulkUUID = "bulk_uuid"
        case requestItems = "request_items"
        case errors
    }
}
