/// The name of a Commerce webhook method (`webhook_method`): the observer event or plugin a hook is attached to.
///
/// Observer methods are `observer.<event>`; plugin methods are `plugin.<module>.<interface>.<method>`. On Adobe
/// Commerce as a Cloud Service (SaaS) most plugin names drop the `magento.` segment; ask `GET
/// /V1/webhooks/supportedList` there.
///
/// ```swift
/// let method = CommerceWebhookMethod.orderPlace            // "plugin.magento.sales.api.order_management.place"
/// let observer = CommerceWebhookMethod(observerEvent: "sales_quote_add_item")  // "observer.sales_quote_add_item"
/// ```
public struct CommerceWebhookMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The method name as Commerce spells it.
    public var rawValue: String

    /// Creates a method from its name.
    /// - Parameter rawValue: The method name, such as `observer.sales_quote_add_item`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a method from its name.
    /// - Parameter value: The method name.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The observer method of an event: `observer.<eventName>`, the name an observer payload's `eventName` lacks.
    /// - Parameter eventName: The event, such as `sales_quote_add_item`.
    public init(observerEvent eventName: String) { self.rawValue = "observer.\(eventName)" }

    /// The method name.
    public var description: String { rawValue }

    /// Before a product is added to the cart (storefront controller); payload `data.product`, `data.info.qty`.
    public static let checkoutCartProductAddBefore: Self = "observer.checkout_cart_product_add_before"
    /// A new item added to the quote (GraphQL, storefront, Admin); payload `data.quoteItem` (`sku`, `qty`,
    /// `quote_id`).
    public static let salesQuoteAddItem: Self = "observer.sales_quote_add_item"
    /// A quote item about to be saved; payload `data.item` (`sku`, `qty`, `quote_id`).
    public static let salesQuoteItemSaveBefore: Self = "observer.sales_quote_item_save_before"
    /// Order placement (`OrderManagementInterface::place`, on PaaS); payload `order` with `items[]` and `quote_id`.
    public static let orderPlace: Self = "plugin.magento.sales.api.order_management.place"
    /// Order placement as Adobe Commerce as a Cloud Service names it.
    public static let orderPlaceSaaS: Self = "plugin.sales.api.order_management.place"
    /// Before an order is placed (observer); payload `data.order`.
    public static let salesOrderPlaceBefore: Self = "observer.sales_order_place_before"
    /// Item prices during totals collection (out-of-process totals module); payload `quote`,
    /// `shippingAssignment.items[]`; answer with `replace` at `result/price_updates`.
    public static let itemPrices: Self =
        "plugin.magento.out_of_process_totals_collector.api.get_total_modifications.item_prices"
    /// Item prices as Adobe Commerce as a Cloud Service names the method.
    public static let itemPricesSaaS: Self =
        "plugin.out_of_process_totals_collector.api.get_total_modifications.item_prices"
}
