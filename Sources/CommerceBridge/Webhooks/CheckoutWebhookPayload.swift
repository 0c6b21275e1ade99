import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads the checkout facts out of a webhook payload, tolerating the shapes Commerce sends: an observer's default
/// payload (`data.quoteItem`, `data.quote_item`, `data.item`, `data.product` with `data.info.qty`, `data.order`), a
/// plugin's arguments (`order`, `quote`, `shippingAssignment`), and payloads cut down by a hook's `fields` (the same
/// paths, or their last parts at the top level). Quantities and ids may be numbers or strings (`"3.000000"`).
enum CheckoutWebhookPayload {
    /// One line: a SKU and a quantity.
    struct Line: Sendable, Hashable {
        var sku: String
        var quantity: Decimal
    }

    /// One cart item to price: Commerce's item id, SKU and quantity.
    struct PricedItem: Sendable, Hashable {
        var itemID: JSONValue
        var sku: String
        var quantity: Decimal
    }

    /// The item added to the cart and the cart's id, or `nil` when the payload names no SKU.
    static func addedItem(in payload: JSONValue) -> (line: Line, quoteID: String?)? {
        let data = payload["data"] ?? .null
        let containers = [data, payload]
        var item: JSONValue?
        for container in containers {
            for name in ["quoteItem", "quote_item", "item"] {
                if let found = container[name], found.objectValue != nil {
                    item = found
                    break
                }
            }
            if item != nil { break }
        }
        let product = data["product"] ?? payload["product"]
        let sku = first(
            item?["sku"], item?["product"]?["sku"], product?["sku"], payload["sku"])?.stringValue
        guard let sku, !sku.isEmpty else { return nil }
        let quantity =
            first(
                item?["qty"], item?["qty_to_add"], data["info"]?["qty"], payload["info"]?["qty"], product?["qty"],
                payload["qty"]
            )?.decimalValue ?? 1
        let quoteID = first(
            item?["quote_id"], data["quote_id"], payload["quote_id"], data["quote"]?["entity_id"],
            payload["quote"]?["entity_id"], payload["cartId"])
        return (Line(sku: sku, quantity: quantity > 0 ? quantity : 1), identifier(quoteID))
    }

    /// The order's lines (child rows of configurable and bundle items left out, one line per SKU), its quote id
    /// and increment id, or `nil` when the payload holds no order items.
    static func order(in payload: JSONValue) -> (lines: [Line], quoteID: String?, incrementID: String?)? {
        guard let order = payload["order"] ?? payload["data"]?["order"], let items = order["items"]?.arrayValue
        else { return nil }
        var quantities: [String: Decimal] = [:]
        var skus: [String] = []
        for item in items {
            if let parent = item["parent_item_id"], parent != .null { continue }
            if item["parent_item"]?.objectValue != nil { continue }
            guard let sku = item["sku"]?.stringValue, !sku.isEmpty else { continue }
            let quantity = first(item["qty_ordered"], item["qty"])?.decimalValue ?? 1
            if quantities[sku] == nil { skus.append(sku) }
            quantities[sku, default: 0] += quantity
        }
        let lines = skus.map { Line(sku: $0, quantity: quantities[$0] ?? 0) }
        return (lines, identifier(order["quote_id"]), identifier(order["increment_id"]))
    }

    /// The cart items to price, with the pricing context's customer group, customer id and currency.
    static func pricedItems(in payload: JSONValue) -> (
        items: [PricedItem], customerGroupID: Int?, customerID: String?, currency: String?
    ) {
        let quote = payload["quote"] ?? payload["data"]?["quote"] ?? .null
        let rows =
            payload["shippingAssignment"]?["items"]?.arrayValue ?? payload["shipping_assignment"]?["items"]?.arrayValue
            ?? quote["items"]?.arrayValue ?? payload["items"]?.arrayValue ?? []
        let items = rows.compactMap { row -> PricedItem? in
            guard let id = row["item_id"] ?? row["id"], id != .null, let sku = row["sku"]?.stringValue, !sku.isEmpty
            else { return nil }
            if let parent = row["parent_item_id"], parent != .null { return nil }
            return PricedItem(itemID: id, sku: sku, quantity: first(row["qty"], row["quantity"])?.decimalValue ?? 1)
        }
        let currency = first(quote["currency"]?["base_currency_code"], quote["base_currency_code"])?.stringValue
        return (
            items, quote["customer_group_id"]?.intValue, identifier(quote["customer_id"]),
            currency.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    /// The first of `values` that is present and not `null`.
    private static func first(_ values: JSONValue?...) -> JSONValue? {
        values.first { $0 != nil && $0 != .null } ?? nil
    }

    /// An id as text (`"42"` for `42` or `"42"`), `nil` when absent, `null` or empty.
    private static func identifier(_ value: JSONValue?) -> String? {
        guard let value, value != .null, let text = value.stringValue, !text.isEmpty else { return nil }
        return text
    }
}
