/// One element of a bulk request: the body of one operation and the values of its path parameters, which
/// Magento reads from the element in the bulk form (`/V1/products/{sku}` → `/V1/products/bySku`).
public struct BulkItem: Sendable, Hashable {
    /// Values for the operation's path placeholders, merged into the element.
    public var path: [String: String]
    /// The body members, as for the synchronous call (`["product": …]`).
    public var body: [String: JSONValue]

    /// Creates an element from already-encoded members.
    public init(path: [String: String] = [:], body: [String: JSONValue]) {
        self.path = path
        self.body = body
    }

    /// Creates an element from encodable members.
    /// - Throws: ``CommerceError/Code/encodingFailed`` when a member cannot be encoded.
    public init(path: [String: String] = [:], parts: [String: any Encodable]) throws(CommerceError) {
        var body: [String: JSONValue] = [:]
        for (name, value) in parts { body[name] = try AdobeCommerceClient.json(value, operationID: "bulk") }
        self.init(path: path, body: body)
    }

    /// The JSON element as sent: the body members plus the path values.
    var element: JSONValue {
        var members = body
        for (name, value) in path where members[name] == nil { members[name] = .string(value) }
        return .object(members)
    }
}

/// What Magento said about a bulk request, across every chunk it was split into.
public struct BulkSubmission: Sendable, Hashable {
    /// The outcome of one element.
    public struct ItemResult: Sendable, Hashable {
        /// The element's index in the list given to ``BulkAPI/send(_:items:)``.
        public var index: Int
        /// The bulk the element was queued in.
        public var bulkUUID: String
        /// Whether it was accepted for processing.
        public var accepted: Bool
        /// Why it was rejected.
        public var errorMessage: String?
    }

    /// One answer per chunk, in order.
    public var responses: [AsyncResponse]
    /// One result per element, in the order given.
    public var items: [ItemResult]

    /// The bulk UUIDs to poll, one per chunk.
    public var bulkUUIDs: [String] { responses.compactMap(\.bulkUUID) }
    /// The elements Magento rejected.
    public var rejected: [ItemResult] { items.filter { !$0.accepted } }
}
