/// The answer to an async or bulk request (`AsyncResponseInterface`, HTTP 202).
///
/// Hand-written: Adobe's admin schema lists no `/async` routes, so `CommerceSchema` has no model of this answer
/// (`asynchronous-operations-data-async-response-interface` in a store's own async schema). It names every member
/// Magento's `AsyncResponseInterface` has.
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
