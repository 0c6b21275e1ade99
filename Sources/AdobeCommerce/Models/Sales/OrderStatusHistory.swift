/// A comment or status change on an order (`OrderStatusHistoryInterface`).
public struct OrderStatusHistory: Codable, Sendable, Hashable {
    /// The id.
    public var entityID: Int?
    /// The order.
    public var parentID: Int?
    /// The text.
    public var comment: String?
    /// The order status it set, if any.
    public var status: String?
    /// 1 when the customer was e-mailed.
    public var isCustomerNotified: Int?
    /// 1 when the customer sees it.
    public var isVisibleOnFront: Int?
    /// When it was added.
    public var createdAt: MagentoDate?
    /// `order`, `invoice` …
    public var entityName: String?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(comment: String, isVisibleOnFront: Int = 0, isCustomerNotified: Int = 0) {
        self.comment = comment
        self.isVisibleOnFront = isVisibleOnFront
        self.isCustomerNotified = isCustomerNotified
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case parentID = "parent_id"
        case comment
        case status
        case isCustomerNotified = "is_customer_notified"
        case isVisibleOnFront = "is_visible_on_front"
        case createdAt = "created_at"
        case entityName = "entity_name"
    }
}
