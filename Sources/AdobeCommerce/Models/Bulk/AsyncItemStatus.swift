/// Whether one element of an async or bulk request was accepted (`ItemStatusInterface`).
///
/// Hand-written, like ``AsyncResponse``: Adobe's admin schema has no model of it. It names every member Magento's
/// `ItemStatusInterface` has.
public struct AsyncItemStatus: Codable, Sendable, Hashable {
    /// The 0-based index in the request.
    public var id: Int?
    /// An opaque hash of the element.
    public var dataHash: String?
    /// `accepted` or `rejected`.
    public var status: String?
    /// Why it was rejected.
    public var errorMessage: String?
    /// The error code.
    public var errorCode: Int?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case dataHash = "data_hash"
        case status
        case errorMessage = "error_message"
        case errorCode = "error_code"
    }
}
