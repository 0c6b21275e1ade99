/// A comment on an invoice, shipment or credit memo as Magento returns it (`InvoiceCommentInterface` and twins).
public struct SalesDocumentComment: Codable, Sendable, Hashable {
    /// The comment's id.
    public var entityID: Int?
    /// The document it belongs to.
    public var parentID: Int?
    /// The text.
    public var comment: String?
    /// 1 when the customer sees it.
    public var isVisibleOnFront: Int?
    /// 1 when the customer was e-mailed.
    public var isCustomerNotified: Int?
    /// When it was written.
    public var createdAt: MagentoDate?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case parentID = "parent_id"
        case comment
        case isVisibleOnFront = "is_visible_on_front"
        case isCustomerNotified = "is_customer_notified"
        case createdAt = "created_at"
    }
}
