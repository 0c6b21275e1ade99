import AdobeCommerce
import Foundation

/// The amounts of sales records as Magento keeps them in a single-currency store that charges no tax: every amount
/// has a `base_*` twin of the same value, `*_incl_tax` equals the amount, and the order's derived fields (totals due,
/// invoiced and refunded line amounts, the shipping assignment) follow its lines.
enum FakeSalesAmounts {
    /// Order amounts Magento also keeps in the base currency, as `base_` + key.
    static let orderAmounts = [
        "adjustment_negative", "adjustment_positive", "discount_amount", "discount_canceled", "discount_invoiced",
        "discount_refunded", "discount_tax_compensation_amount", "discount_tax_compensation_invoiced",
        "discount_tax_compensation_refunded", "grand_total", "shipping_amount", "shipping_canceled",
        "shipping_discount_amount", "shipping_incl_tax", "shipping_invoiced", "shipping_refunded",
        "shipping_tax_amount", "shipping_tax_refunded", "subtotal", "subtotal_canceled", "subtotal_incl_tax",
        "subtotal_invoiced", "subtotal_refunded", "tax_amount", "tax_canceled", "tax_invoiced", "tax_refunded",
        "total_canceled", "total_due", "total_invoiced", "total_offline_refunded", "total_online_refunded",
        "total_paid",
        "total_refunded",
    ]

    /// Order line amounts with a `base_` twin.
    static let orderItemAmounts = [
        "amount_refunded", "discount_amount", "discount_invoiced", "discount_refunded",
        "discount_tax_compensation_amount", "discount_tax_compensation_invoiced", "discount_tax_compensation_refunded",
        "original_price", "price", "price_incl_tax", "row_invoiced", "row_total", "row_total_incl_tax", "tax_amount",
        "tax_invoiced", "tax_refunded",
    ]

    /// Invoice and credit memo amounts with a `base_` twin.
    static let documentAmounts = [
        "adjustment", "adjustment_negative", "adjustment_positive", "discount_amount",
        "discount_tax_compensation_amount", "grand_total", "shipping_amount", "shipping_incl_tax",
        "shipping_tax_amount", "subtotal", "subtotal_incl_tax", "tax_amount",
    ]

    /// Invoice and credit memo line amounts with a `base_` twin.
    static let documentItemAmounts = [
        "discount_amount", "discount_tax_compensation_amount", "price", "price_incl_tax", "row_total",
        "row_total_incl_tax", "tax_amount",
    ]

    /// Payment amounts with a `base_` twin.
    static let paymentAmounts = [
        "amount_authorized", "amount_canceled", "amount_ordered", "amount_paid", "amount_refunded", "shipping_amount",
        "shipping_captured", "shipping_refunded",
    ]

    /// The keys of a shipping assignment's `total` (`TotalInterface`), copied from the order when it has them.
    static let shippingTotalKeys = [
        "base_shipping_amount", "base_shipping_canceled", "base_shipping_discount_amount",
        "base_shipping_discount_tax_compensation_amnt", "base_shipping_incl_tax", "base_shipping_invoiced",
        "base_shipping_refunded", "base_shipping_tax_amount", "base_shipping_tax_refunded", "shipping_amount",
        "shipping_canceled", "shipping_discount_amount", "shipping_discount_tax_compensation_amount",
        "shipping_incl_tax", "shipping_invoiced", "shipping_refunded", "shipping_tax_amount", "shipping_tax_refunded",
    ]

    /// Sets `base_<key>` to the value of each `key` the object has.
    static func mirror(_ object: inout JSONObject, _ keys: [String]) {
        for key in keys {
            if let value = object[key] { object["base_" + key] = value }
        }
    }

    static func amount(_ object: JSONObject, _ key: String) -> Decimal { object[key]?.decimalValue ?? 0 }

    static func add(_ object: inout JSONObject, _ key: String, _ value: Decimal) {
        object[key] = .number(amount(object, key) + value)
    }

    /// Rounded to the cent, as Magento rounds a share of an amount.
    static func cents(_ value: Decimal) -> Decimal {
        var exact = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 2, .plain)
        return rounded
    }

    /// The currency codes and rates of a record of the default store: all the store's base currency, rates 1
    /// (Magento's deprecated store rates read 0).
    static func currencyFields(_ state: FakeState) -> JSONObject {
        let config = state.storeConfigs.first { $0["code"]?.stringValue == "default" } ?? [:]
        let currency = config["base_currency_code"] ?? "USD"
        return [
            "base_currency_code": currency, "global_currency_code": currency, "order_currency_code": currency,
            "store_currency_code": currency, "base_to_global_rate": 1, "base_to_order_rate": 1,
            "store_to_base_rate": 0, "store_to_order_rate": 0,
        ]
    }

    /// The store's name as an order keeps it: website, store (group) and store view names on three lines; the fake
    /// keeps no store groups, so the group reads as a fresh install names it (`Main Website Store`).
    static func storeName(_ state: FakeState) -> String {
        let view = state.storeViews.first { $0["code"]?.stringValue == "default" } ?? [:]
        let website = state.websites.first { $0["id"] == view["website_id"] }?["name"]?.stringValue ?? ""
        return "\(website)\n\(website) Store\n\(view["name"]?.stringValue ?? "")"
    }

    /// The share of a line's discount that `quantity` of it carries when invoiced (`done` is `discount_invoiced`) or
    /// refunded (`discount_refunded`); the last units take what is left, so the shares add up exactly.
    static func discountShare(_ item: JSONObject, quantity: Decimal, done: String) -> Decimal {
        let ordered = amount(item, "qty_ordered")
        let discount = amount(item, "discount_amount")
        guard ordered > 0, discount != 0 else { return 0 }
        let invoicing = done == "discount_invoiced"
        let invoiced = amount(item, "qty_invoiced")
        let left =
            invoicing ? ordered - amount(item, "qty_canceled") - invoiced : invoiced - amount(item, "qty_refunded")
        let pool =
            invoicing
            ? discount - amount(item, "discount_invoiced")
            : amount(item, "discount_invoiced") - amount(item, "discount_refunded")
        return quantity >= left ? pool : cents(discount * quantity / ordered)
    }

    /// Recomputes what Magento derives from an order's lines and totals: line amounts invoiced and refunded, the
    /// `*_incl_tax` and `base_*` twins, the total due, the payment's amounts and the shipping assignment.
    static func refresh(_ order: inout JSONObject) {
        var items: [JSONValue] = []
        for case .object(var item) in order["items"]?.arrayValue ?? [] {
            let price = amount(item, "price")
            item["price_incl_tax"] = .number(
                price + cents(amount(item, "tax_amount") / max(1, amount(item, "qty_ordered"))))
            item["row_total_incl_tax"] = .number(amount(item, "row_total") + amount(item, "tax_amount"))
            item["row_invoiced"] = .number(price * amount(item, "qty_invoiced"))
            item["row_weight"] = .number(amount(item, "weight") * amount(item, "qty_ordered"))
            item["amount_refunded"] = .number(price * amount(item, "qty_refunded"))
            mirror(&item, orderItemAmounts)
            items.append(.object(item))
        }
        order["items"] = .array(items)
        order["subtotal_incl_tax"] = .number(amount(order, "subtotal") + amount(order, "tax_amount"))
        order["shipping_incl_tax"] = .number(amount(order, "shipping_amount") + amount(order, "shipping_tax_amount"))
        order["total_due"] = .number(max(0, amount(order, "grand_total") - amount(order, "total_paid")))
        mirror(&order, orderAmounts)
        if var payment = order["payment"]?.objectValue {
            payment["amount_ordered"] = order["grand_total"]
            payment["shipping_amount"] = order["shipping_amount"]
            for (key, total) in [
                ("amount_paid", "total_paid"), ("amount_refunded", "total_refunded"),
                ("amount_canceled", "total_canceled"), ("shipping_captured", "shipping_invoiced"),
                ("shipping_refunded", "shipping_refunded"),
            ] where amount(order, total) != 0 {
                payment[key] = order[total]
            }
            mirror(&payment, paymentAmounts)
            order["payment"] = .object(payment)
        }
        var extensions = order["extension_attributes"]?.objectValue ?? [:]
        var assignment = extensions["shipping_assignments"]?.arrayValue?.first?.objectValue ?? [:]
        var shipping = assignment["shipping"]?.objectValue ?? [:]
        var total: JSONObject = [:]
        for key in shippingTotalKeys { total[key] = order[key] }
        shipping["total"] = .object(total)
        assignment["shipping"] = .object(shipping)
        assignment["items"] = .array(items)
        extensions["shipping_assignments"] = [.object(assignment)]
        order["extension_attributes"] = .object(extensions)
    }
}
