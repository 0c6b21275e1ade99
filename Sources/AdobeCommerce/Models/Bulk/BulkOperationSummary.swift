/// One operation of a bulk, briefly (`SummaryOperationStatusInterface`).
public struct BulkOperationSummary: Codable, Sendable, Hashable {
    /// The operation id.
    public var id: Int?
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
        case status
        case resultMessage = "result_message"
        case errorCode = "error_code"
    }
}
