#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A sales order (`OrderInterface`); the most used of its ~140 keys are typed, the rest are tolerated.
public struct Order: Codable, Sendable, Hashable {
    /// The order id used in URLs.
    public var entityID: Int?
    /// The order number customers see.
    public var incrementID: String?
    /// The state: `new`, `processing`, `complete`, `closed`, `canceled`, `holded` …
    public var state: String?
    /// The status, a label within the state.
    public var status: String?
    /// The store view.
    public var storeID: Int?
    /// The customer, absent for guests.
    public var customerID: Int?
    /// The e-mail.
    public var customerEmail: String?
    /// The first name.
    public var customerFirstname: String?
    /// The last name.
    public var customerLastname: String?
    /// The customer group.
    public var customerGroupID: Int?
    /// 1 for a guest order.
    public var customerIsGuest: Int?
    /// When it was placed.
    public var createdAt: MagentoDate?
    /// When it last changed.
    public var updatedAt: MagentoDate?
    /// The currency the customer paid in.
    public var orderCurrencyCode: String?
    /// The base currency.
    public var baseCurrencyCode: String?
    /// The total in the order currency.
    public var grandTotal: Decimal?
    /// The total in the base currency.
    public var baseGrandTotal: Decimal?
    /// The subtotal.
    public var subtotal: Decimal?
    /// The subtotal in the base currency.
    public var baseSubtotal: Decimal?
    /// The tax.
    public var taxAmount: Decimal?
    /// The shipping amount.
    public var shippingAmount: Decimal?
    /// The discount (negative).
    public var discountAmount: Decimal?
    /// The amount paid.
    public var totalPaid: Decimal?
    /// The amount invoiced.
    public var totalInvoiced: Decimal?
    /// The amount refunded.
    public var totalRefunded: Decimal?
    /// The quantity ordered.
    public var totalQtyOrdered: Decimal?
    /// The number of lines.
    public var totalItemCount: Int?
    /// The shipping method label.
    public var shippingDescription: String?
    /// The cart it came from.
    public var quoteID: Int?
    /// An external order id.
    public var extOrderID: String?
    /// The weight.
    public var weight: Decimal?
    /// The lines.
    public var items: [OrderItem]?
    /// The billing address.
    public var billingAddress: OrderAddress?
    /// The payment.
    public var payment: OrderPayment?
    /// Comments and status changes.
    public var statusHistories: [OrderStatusHistory]?
    /// Extension attributes: `shipping_assignments` (with the shipping address) and more.
    public var extensionAttributes: ExtensionAttributes?

    /// Creates an empty value; set the fields you need.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case entityID = "entity_id"
        case incrementID = "increment_id"
        case state
        case status
        case storeID = "store_id"
        case customerID = "customer_id"
        case customerEmail = "customer_email"
        case customerFirstname = "customer_firstname"
        case customerLastname = "customer_lastname"
        case customerGroupID = "customer_group_id"
        case customerIsGuest = "customer_is_guest"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case orderCurrencyCode = "order_currency_code"
        case baseCurrencyCode = "base_currency_code"
        case grandTotal = "grand_total"
        case baseGrandTotal = "base_grand_total"
        case subtotal
        case baseSubtotal = "base_subtotal"
        case taxAmount = "tax_amount"
        case shippingAmount = "shipping_amount"
        case discountAmount = "discount_amount"
        case totalPaid = "total_paid"
        case totalInvoiced = "total_invoiced"
        case totalRefunded = "total_refunded"
        case totalQtyOrdered = "total_qty_ordered"
        case totalItemCount = "total_item_count"
        case shippingDescription = "shipping_description"
        case quoteID = "quote_id"
        case extOrderID = "ext_order_id"
        case weight
        case items
        case billingAddress = "billing_address"
        case payment
        case statusHistories = "status_histories"
        case extensionAttributes = "extension_attributes"
    }
}
