/// The short status of a bulk (`BulkOperationsStatusInterface`).
public struct BulkStatus: Codable, Sendable, Hashable {
    /// The bulk UUID.
    public var bulkID: String?
    /// The description.
    public var description: String?
    /// When it was scheduled.
    public var startTime: MagentoDate?
    /// Who scheduled it.
    public var userID: Int?
    /// The user type.
    public var userType: Int?
    /// How many operations it holds.
    public var operationCount: Int?
    /// Each operation's status.
    public var operationsList: [BulkOperationSummary]?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case bulkID = "bulk_id"
        case description
        case startTime = "start_time"
        case userID = "user_id"
        case userType = "user_type"
        case operationCount = "operation_count"
        case operationsList = "operations_list"
    }
}

extension BulkStatus: SchemaMapped {
    static let schemaDefinition = "asynchronous-operations-data-bulk-operations-status-interface"
}
