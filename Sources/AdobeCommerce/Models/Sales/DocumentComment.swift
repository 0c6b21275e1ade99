/// A comment to add while invoicing, shipping or refunding (`InvoiceCommentCreationInterface` and twins).
public struct DocumentComment: Codable, Sendable, Hashable {
    /// The text.
    public var comment: String?
    /// 1 when the customer sees it.
    public var isVisibleOnFront: Int?

    /// Creates a value with the fields a write needs; set the others as required.
    public init(comment: String, isVisibleOnFront: Int = 0) {
        self.comment = comment
        self.isVisibleOnFront = isVisibleOnFront
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case comment
        case isVisibleOnFront = "is_visible_on_front"
    }
}
