import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How the fake stores prices: the base price as the product's `price` (store 0) or a store-view value, special
/// prices one per SKU and store (with optional dates, as the open-source `special_price`, `special_from_date` and
/// `special_to_date` attributes), tier prices per SKU, website, group and quantity, and a cost per SKU.
enum FakePrices {
    /// Whether `storeID` names a store view (the admin store `0` included).
    static func storeExists(_ storeID: JSONValue?, state: FakeState) -> Bool {
        guard let id = storeID?.intValue else { return false }
        return state.storeViews.contains { $0["id"]?.intValue == id }
    }

    /// `yyyy-MM-dd HH:mm:ss` exactly, a real date and time (as `date('Y-m-d H:i:s', strtotime($value)) === $value`).
    static func isMagentoDateTime(_ value: String) -> Bool {
        guard value.utf8.count == 19, let date = MagentoDate(rawValue: value).date else { return false }
        return MagentoDate(date).rawValue == value
    }

    /// The group code as Magento stores it, `ALL GROUPS` for every group, or `nil` for an unknown one.
    static func groupCode(_ code: String, state: FakeState) -> String? {
        if code.lowercased() == "all groups" { return "ALL GROUPS" }
        return state.groups.values.first { ($0["code"]?.stringValue ?? "").lowercased() == code.lowercased() }?["code"]?
            .stringValue
    }

    /// Whether two tier rows are for the same group and quantity (and, with `website`, the same website).
    static func sameTier(_ left: JSONObject, _ right: JSONObject, website: Bool) -> Bool {
        FakePriceFailures.text(left["customer_group"]).lowercased()
            == FakePriceFailures.text(right["customer_group"]).lowercased()
            && left["quantity"]?.decimalValue == right["quantity"]?.decimalValue
            && (!website || left["website_id"]?.intValue == right["website_id"]?.intValue)
    }

    /// A valid tier row as stored and answered by `tier-prices-information`.
    static func tierRow(_ row: JSONObject) -> (sku: String, row: JSONObject) {
        let sku = FakePriceFailures.text(row["sku"])
        let group = FakePriceFailures.text(row["customer_group"])
        let stored: JSONObject = [
            "sku": .string(sku), "price": row["price"] ?? .int(0), "price_type": row["price_type"] ?? "fixed",
            "website_id": row["website_id"] ?? .int(0),
            "customer_group": .string(group.lowercased() == "all groups" ? "ALL GROUPS" : group),
            "quantity": row["quantity"] ?? .int(1),
        ]
        return (sku, stored)
    }

    /// Saves a valid base price: store 0 is the product's price; under the website price scope a store's price is
    /// kept for every store view of its website (`applyWebsitePrices`); under the global scope it is the global price.
    static func saveBasePrice(_ row: JSONObject, state: inout FakeState) {
        guard let id = state.skuIndex[FakeState.key(FakePriceFailures.text(row["sku"]))] else { return }
        let store = row["store_id"]?.intValue ?? 0
        guard store != 0, state.priceScopeIsWebsite else {
            state.products[id]?["price"] = row["price"]
            return
        }
        let website = state.storeViews.first { $0["id"]?.intValue == store }?["website_id"]?.intValue
        for view in state.storeViews where view["website_id"]?.intValue == website {
            guard let code = view["code"]?.stringValue else { continue }
            state.storeValues[code, default: [:]][id, default: [:]]["price"] = row["price"]
        }
    }

    /// Saves a valid special price: one per SKU and store; a date not sent keeps its stored value.
    static func saveSpecialPrice(_ row: JSONObject, state: inout FakeState) {
        let sku = FakePriceFailures.text(row["sku"])
        let store = row["store_id"]?.intValue ?? 0
        var rows = state.specialPrices[FakeState.key(sku)] ?? []
        var stored = rows.first { $0["store_id"]?.intValue == store } ?? ["sku": .string(sku), "store_id": .int(store)]
        stored["price"] = row["price"]
        for key in ["price_from", "price_to"] where !FakePriceFailures.text(row[key]).isEmpty {
            stored[key] = row[key]
        }
        rows.removeAll { $0["store_id"]?.intValue == store }
        rows.append(stored)
        state.specialPrices[FakeState.key(sku)] = rows
    }
}
