import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Creates a sales order the way checkout does, for REST seeding and the GraphQL `placeOrder` alike:
/// priced lines, totals with their `base_*` twins, addresses, payment, the shipping assignment, and a reservation of
/// each line's quantity. The store charges no tax, so every tax amount is 0 and `*_incl_tax` equals the amount.
enum FakeOrderBuilder {
    struct Line {
        var productID: Int
        var quantity: Decimal
        var price: Decimal
    }

    /// The address a seeded order uses when none is given.
    static let defaultAddress: JSONObject = [
        "firstname": "Test", "lastname": "Customer", "street": ["1 Main Street"], "city": "Austin",
        "region": "Texas", "region_code": "TX", "region_id": 57, "postcode": "78701", "country_id": "US",
        "telephone": "5125550100",
    ]

    /// What `payment.additional_information` holds for the offline methods: the method's title, then its
    /// instructions where the method has them.
    static func paymentInformation(_ method: String) -> JSONValue {
        switch method {
        case "checkmo": ["Check / Money order"]
        case "banktransfer": ["Bank Transfer Payment", ""]
        case "cashondelivery": ["Cash On Delivery", ""]
        case "purchaseorder": ["Purchase Order"]
        case "free": ["No Payment Information Required"]
        default: [.string(method)]
        }
    }

    static func place(
        _ state: inout FakeState,
        now: String,
        email: String,
        customerID: Int?,
        quoteID: Int? = nil,
        lines: [Line],
        shippingAmount: Decimal,
        discount: Decimal = 0,
        couponCode: String? = nil,
        shippingMethod: String = "flatrate_flatrate",
        shippingDescription: String = "Flat Rate - Fixed",
        paymentMethod: String = "checkmo",
        billingAddress: JSONObject? = nil,
        shippingAddress: JSONObject? = nil
    ) -> JSONObject {
        let id = state.nextOrderID
        state.nextOrderID += 1
        var items: [JSONObject] = []
        var subtotal = Decimal(0)
        var quantity = Decimal(0)
        var weight = Decimal(0)
        for line in lines {
            let product = state.product(id: line.productID, store: "default")
            let sku = product["sku"]?.stringValue ?? ""
            let type = product["type_id"]?.stringValue ?? "simple"
            let isVirtual = type == "virtual" || type == "downloadable"
            let lineWeight = isVirtual ? 0 : product["weight"]?.decimalValue ?? 0
            subtotal += line.price * line.quantity
            quantity += line.quantity
            weight += lineWeight * line.quantity
            items.append([
                "item_id": .int(state.nextOrderItemID), "order_id": .int(id),
                "quote_item_id": .int(state.nextOrderItemID),
                "store_id": 1, "sku": .string(sku), "name": product["name"] ?? "", "product_id": .int(line.productID),
                "product_type": .string(type), "qty_ordered": .number(line.quantity), "qty_invoiced": 0,
                "qty_shipped": 0, "qty_refunded": 0, "qty_canceled": 0, "price": .number(line.price),
                "original_price": product["price"] ?? .number(line.price),
                "row_total": .number(line.price * line.quantity),
                "tax_amount": 0, "tax_percent": 0, "tax_invoiced": 0, "discount_amount": 0, "discount_percent": 0,
                "discount_invoiced": 0, "discount_tax_compensation_amount": 0, "free_shipping": 0, "no_discount": 0,
                "is_qty_decimal": 0, "weight": .number(lineWeight), "is_virtual": .int(isVirtual ? 1 : 0),
                "created_at": .string(now), "updated_at": .string(now),
            ])
            state.nextOrderItemID += 1
            state.reservations[FakeState.key(sku), default: 0] += line.quantity
        }
        spread(discount, over: &items, subtotal: subtotal)
        let isVirtual = items.allSatisfy { $0["is_virtual"] == 1 }
        let total = subtotal - discount + shippingAmount
        let customer = customerID.flatMap { state.customers[$0] }
        let billing = address(
            billingAddress ?? bookAddress(customer, "default_billing") ?? defaultAddress, type: "billing", id: 2 * id,
            orderID: id, email: email)
        var order: JSONObject = [
            "entity_id": .int(id), "increment_id": .string(FakeSalesHandlers.pad(id)), "state": "new",
            "status": "pending", "store_id": 1, "store_name": .string(FakeSalesAmounts.storeName(state)),
            "quote_id": .int(quoteID ?? id), "protect_code": .string(protectCode(id)), "customer_email": .string(email),
            "customer_firstname": customer?["firstname"] ?? billing["firstname"] ?? "Test",
            "customer_lastname": customer?["lastname"] ?? billing["lastname"] ?? "Customer",
            "customer_group_id": customerID == nil ? .int(0) : (customer?["group_id"] ?? .int(1)),
            "customer_is_guest": .int(customerID == nil ? 1 : 0), "customer_note_notify": 1, "email_sent": 1,
            "created_at": .string(now), "updated_at": .string(now), "is_virtual": .int(isVirtual ? 1 : 0),
            "grand_total": .number(total), "subtotal": .number(subtotal), "tax_amount": 0,
            "discount_tax_compensation_amount": 0, "shipping_amount": .number(shippingAmount),
            "shipping_tax_amount": 0, "shipping_discount_amount": 0, "shipping_discount_tax_compensation_amount": 0,
            "discount_amount": .number(0 - discount), "total_paid": 0, "total_invoiced": 0, "total_refunded": 0,
            "total_qty_ordered": .number(quantity), "total_item_count": .int(lines.count), "weight": .number(weight),
            "shipping_description": .string(shippingDescription), "items": .array(items.map(JSONValue.object)),
            "billing_address_id": .int(2 * id), "billing_address": .object(billing),
            "payment": [
                "method": .string(paymentMethod), "parent_id": .int(id), "entity_id": .int(id),
                "account_status": .null, "cc_last4": .null, "additional_information": paymentInformation(paymentMethod),
            ],
            "status_histories": [],
        ]
        for (key, value) in FakeSalesAmounts.currencyFields(state) { order[key] = value }
        if let couponCode {
            order["coupon_code"] = .string(couponCode)
            order["discount_description"] = .string(couponCode)
        }
        var shipping: JSONObject = [:]
        if !isVirtual {
            shipping["method"] = .string(shippingMethod)
            shipping["address"] = .object(
                address(
                    shippingAddress ?? billingAddress ?? bookAddress(customer, "default_shipping") ?? defaultAddress,
                    type: "shipping", id: 2 * id - 1, orderID: id, email: email))
        }
        order["extension_attributes"] = ["shipping_assignments": [["shipping": .object(shipping)]]]
        if let customerID { order["customer_id"] = .int(customerID) }
        FakeSalesAmounts.refresh(&order)
        state.orders[id] = order
        let time = MagentoDate(rawValue: now).date ?? Date()
        FakeEventing.emit(StoreEventName.orderPlaced, order, state: &state, now: time)
        FakeEventing.emit(StoreEventName.orderSaved, order, state: &state, now: time)
        return order
    }

    /// An order address: Magento numbers them in its own sequence; the fake gives an order's shipping address
    /// `2 × id − 1` and its billing address `2 × id`, as a store that saves both for each order does.
    private static func address(_ source: JSONObject, type: String, id: Int, orderID: Int, email: String)
        -> JSONObject
    {
        var address = source
        address["address_type"] = .string(type)
        address["email"] = .string(email)
        address["parent_id"] = .int(orderID)
        address["entity_id"] = .int(id)
        return address
    }

    /// The customer's default billing or shipping address (`key`) as an order address, which keeps the address
    /// book entry's id in `customer_address_id`.
    private static func bookAddress(_ customer: JSONObject?, _ key: String) -> JSONObject? {
        guard let customer, let id = customer[key]?.stringValue,
            let entry = customer["addresses"]?.arrayValue?.first(where: { $0["id"]?.intValue.map(String.init) == id })?
                .objectValue
        else { return nil }
        var address: JSONObject = ["customer_address_id": entry["id"] ?? .null, "customer_id": customer["id"] ?? .null]
        for field in ["firstname", "lastname", "street", "city", "postcode", "country_id", "telephone", "company"] {
            address[field] = entry[field]
        }
        let region = entry["region"]?.objectValue ?? [:]
        address["region"] = region["region"] == .null ? nil : region["region"]
        address["region_code"] = region["region_code"] == .null ? nil : region["region_code"]
        address["region_id"] = entry["region_id"] == 0 ? nil : entry["region_id"]
        return address
    }

    /// Shares a cart discount out over the lines by row total, to the cent; the last line takes the rounding rest.
    private static func spread(_ discount: Decimal, over items: inout [JSONObject], subtotal: Decimal) {
        guard discount != 0, subtotal > 0, !items.isEmpty else { return }
        var left = discount
        for index in items.indices {
            let share =
                index == items.count - 1
                ? left
                : FakeSalesAmounts.cents(discount * FakeSalesAmounts.amount(items[index], "row_total") / subtotal)
            items[index]["discount_amount"] = .number(share)
            left -= share
        }
    }

    /// A stable six-digit hex code per order, standing in for Magento's random `protect_code`.
    private static func protectCode(_ id: Int) -> String {
        let text = String((UInt32(truncatingIfNeeded: id) &* 2_654_435_761) & 0xFF_FFFF, radix: 16)
        return String(repeating: "0", count: 6 - text.count) + text
    }
}
