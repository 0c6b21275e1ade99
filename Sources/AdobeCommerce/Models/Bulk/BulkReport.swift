/// The status of a bulk: its summary and one entry per operation, brief (``BulkStatus``, from
/// `GET /V1/bulk/{bulkUuid}/status`) or in full (``DetailedBulkStatus``, from `…/detailed-status`).
public struct BulkReport<Operation: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
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
    /// Each operation.
    public var operationsList: [Operation]?

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

/// The short status of a bulk (`BulkOperationsStatusInterface`).
public typealias BulkStatus = BulkReport<BulkOperationSummary>

/// The detailed status of a bulk (`DetailedBulkOperationsStatusInterface`).
public typealias DetailedBulkStatus = BulkReport<BulkOperation>
