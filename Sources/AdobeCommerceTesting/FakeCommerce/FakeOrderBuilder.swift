import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Creates a sales order the way checkout does, for REST seeding and the GraphQL `placeOrder` alike:
/// priced lines, totals, addresses, payment, and a reservation of each line's quantity.
enum FakeOrderBuilder {
    struct Line {
        var productID: Int
        var quantity: Decimal
        var price: Decimal
    }

    static func place(
        _ state: inout FakeState,
        now: String,
        email: String,
        customerID: Int?,
        lines: [Line],
        shippingAmount: Decimal,
        discount: Decimal = 0,
        shippingDescription: String = "Flat Rate - Fixed",
        paymentMethod: String = "checkmo",
        billingAddress: JSONObject? = nil
    ) -> JSONObject {
        let id = state.nextOrderID
        state.nextOrderID += 1
        var items: [JSONValue] = []
        var subtotal = Decimal(0)
        var quantity = Decimal(0)
        for line in lines {
            let product = state.product(id: line.productID, store: "default")
            let sku = product["sku"]?.stringValue ?? ""
            subtotal += line.price * line.quantity
            quantity += line.quantity
            items.append([
                "item_id": .int(state.nextOrderItemID), "order_id": .int(id), "sku": .string(sku),
                "name": product["name"] ?? "",
                "product_id": .int(line.productID), "product_type": product["type_id"] ?? "simple",
                "qty_ordered": .number(line.quantity), "qty_invoiced": 0, "qty_shipped": 0, "qty_refunded": 0,
                "qty_canceled": 0, "price": .number(line.price), "base_price": .number(line.price),
                "original_price": .number(line.price), "row_total": .number(line.price * line.quantity),
                "tax_amount": 0,
                "tax_percent": 0, "discount_amount": 0, "weight": product["weight"] ?? 0, "is_virtual": 0,
                "created_at": .string(now), "updated_at": .string(now),
            ])
            state.nextOrderItemID += 1
            state.reservations[FakeState.key(sku), default: 0] += line.quantity
        }
        let total = subtotal - discount + shippingAmount
        var address: JSONObject =
            billingAddress ?? [
                "firstname": "Test", "lastname": "Customer", "street": ["1 Main Street"], "city": "Austin",
                "region": "Texas",
                "region_code": "TX", "postcode": "78701", "country_id": "US", "telephone": "5125550100",
            ]
        address["address_type"] = "billing"
        address["email"] = .string(email)
        address["parent_id"] = .int(id)
        address["entity_id"] = .int(id)
        var order: JSONObject = [
            "entity_id": .int(id), "increment_id": .string(FakeSalesHandlers.pad(id)), "state": "new",
            "status": "pending",
            "store_id": 1, "customer_email": .string(email),
            "customer_firstname": address["firstname"] ?? "Test",
            "customer_lastname": address["lastname"] ?? "Customer",
            "customer_group_id": .int(customerID == nil ? 0 : 1), "customer_is_guest": .int(customerID == nil ? 1 : 0),
            "created_at": .string(now), "updated_at": .string(now), "order_currency_code": "USD",
            "base_currency_code": "USD", "grand_total": .number(total), "base_grand_total": .number(total),
            "subtotal": .number(subtotal), "base_subtotal": .number(subtotal), "tax_amount": 0,
            "shipping_amount": .number(shippingAmount), "discount_amount": .number(0 - discount), "total_paid": 0,
            "total_invoiced": 0, "total_refunded": 0, "total_qty_ordered": .number(quantity),
            "total_item_count": .int(lines.count), "shipping_description": .string(shippingDescription),
            "items": .array(items), "billing_address": .object(address),
            "payment": [
                "method": .string(paymentMethod), "amount_ordered": .number(total), "parent_id": .int(id),
                "entity_id": .int(id),
            ],
            "status_histories": [],
        ]
        if let customerID { order["customer_id"] = .int(customerID) }
        state.orders[id] = order
        return order
    }
}
