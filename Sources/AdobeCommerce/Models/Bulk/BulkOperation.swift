/// One operation of a bulk in full (`OperationInterface`).
public struct BulkOperation: Codable, Sendable, Hashable {
    /// The operation id.
    public var id: Int?
    /// The bulk.
    public var bulkUUID: String?
    /// The queue topic, such as `async.magento.catalog.api.productrepositoryinterface.save.post`.
    public var topicName: String?
    /// The request as queued.
    public var serializedData: String?
    /// The result.
    public var resultSerializedData: String?
    /// The state.
    public var status: BulkOperationState?
    /// The message.
    public var resultMessage: String?
    /// The error code.
    public var errorCode: Int?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case bulkUUID = "bulk_uuid"
        case topicName = "topic_name"
        case serializedData = "serialized_data"
        case resultSerializedData = "result_serialized_data"
        case status
        case resultMessage = "result_message"
        case errorCode = "error_code"
    }
}
