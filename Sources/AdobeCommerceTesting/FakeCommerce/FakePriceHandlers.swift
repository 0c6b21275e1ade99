import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The price-storage API: base, special, tier and cost prices in bulk. Invalid rows are skipped and
/// reported as `PriceUpdateResult`s, as Magento does.
enum FakePriceHandlers {
    static let handlers: [String: FakeHandler] = [
        CommerceOperation.basePricesGet.id: { state, request, _ throws(FakeError) in
            try skus(request, state: state).map { sku in
                let price = state.products[state.skuIndex[FakeState.key(sku)]!]?["price"] ?? .int(0)
                return ["sku": .string(sku), "price": price, "store_id": .int(0)]
            }.asJSON
        },
        CommerceOperation.basePricesUpdate.id: { state, request, _ throws(FakeError) in
            try update(request, state: &state, priceKey: "price") { state, row, sku in
                let id = state.skuIndex[FakeState.key(sku)]!
                state.products[id]?["price"] = row["price"]
            }
        },
        CommerceOperation.specialPricesGet.id: { state, request, _ throws(FakeError) in
            try skus(request, state: state).flatMap { state.specialPrices[FakeState.key($0)] ?? [] }.asJSON
        },
        CommerceOperation.specialPricesUpdate.id: { state, request, _ throws(FakeError) in
            try update(request, state: &state, priceKey: "price", required: ["price_from", "price_to"]) {
                state, row, sku in
                var rows = state.specialPrices[FakeState.key(sku)] ?? []
                rows.removeAll { same($0, row, ["store_id", "price_from", "price_to"]) }
                rows.append(row)
                state.specialPrices[FakeState.key(sku)] = rows
            }
        },
        CommerceOperation.specialPricesDelete.id: { state, request, _ throws(FakeError) in
            try update(request, state: &state, priceKey: "price") { state, row, sku in
                state.specialPrices[FakeState.key(sku)]?.removeAll {
                    same($0, row, ["store_id", "price_from", "price_to"])
                }
            }
        },
        CommerceOperation.tierPricesGet.id: { state, request, _ throws(FakeError) in
            try skus(request, state: state).flatMap { state.tierPrices[FakeState.key($0)] ?? [] }.asJSON
        },
        CommerceOperation.tierPricesUpdate.id: { state, request, _ throws(FakeError) in
            try update(
                request, state: &state, priceKey: "price", required: ["price_type", "customer_group", "quantity"]
            ) {
                state, row, sku in
                var rows = state.tierPrices[FakeState.key(sku)] ?? []
                rows.removeAll { same($0, row, tierKey) }
                rows.append(row)
                state.tierPrices[FakeState.key(sku)] = rows
            }
        },
        CommerceOperation.tierPricesReplace.id: { state, request, _ throws(FakeError) in
            for row in try request.requiredArray("prices") {
                if let sku = row["sku"]?.stringValue { state.tierPrices[FakeState.key(sku)] = [] }
            }
            return try update(
                request, state: &state, priceKey: "price", required: ["price_type", "customer_group", "quantity"]
            ) {
                state, row, sku in state.tierPrices[FakeState.key(sku), default: []].append(row)
            }
        },
        CommerceOperation.tierPricesDelete.id: { state, request, _ throws(FakeError) in
            try update(request, state: &state, priceKey: "price") { state, row, sku in
                state.tierPrices[FakeState.key(sku)]?.removeAll { same($0, row, tierKey) }
            }
        },
        CommerceOperation.costsGet.id: { state, request, _ throws(FakeError) in
            try skus(request, state: state).compactMap { sku -> JSONObject? in
                state.costs[FakeState.key(sku)].map { ["sku": .string(sku), "cost": .number($0), "store_id": .int(0)] }
            }.asJSON
        },
        CommerceOperation.costsUpdate.id: { state, request, _ throws(FakeError) in
            try update(request, state: &state, priceKey: "cost") { state, row, sku in
                state.costs[FakeState.key(sku)] = row["cost"]?.decimalValue
            }
        },
        CommerceOperation.costsDelete.id: { state, request, _ throws(FakeError) in
            for sku in try skus(request, state: state) { state.costs[FakeState.key(sku)] = nil }
            return true
        },
    ]

    private static let tierKey = ["website_id", "customer_group", "quantity", "price_type"]

    private static func same(_ left: JSONObject, _ right: JSONObject, _ keys: [String]) -> Bool {
        keys.allSatisfy { (left[$0]?.stringValue ?? "").lowercased() == (right[$0]?.stringValue ?? "").lowercased() }
    }

    /// The `skus` member; every SKU must exist.
    private static func skus(_ request: FakeRequest, state: FakeState) throws(FakeError) -> [String] {
        let skus = try request.requiredArray("skus").compactMap(\.stringValue)
        let missing = skus.filter { state.skuIndex[FakeState.key($0)] == nil }
        guard missing.isEmpty else {
            throw FakeError(
                404, "Requested products don't exist: %sku", .object(["sku": .string(missing.joined(separator: ", "))]))
        }
        return skus
    }

    /// Validates each row of `prices`; applies the valid ones and reports the others.
    private static func update(
        _ request: FakeRequest,
        state: inout FakeState,
        priceKey: String,
        required: [String] = [],
        apply: (inout FakeState, JSONObject, String) -> Void
    ) throws(FakeError) -> JSONValue {
        var failures: [JSONValue] = []
        for row in try request.requiredArray("prices") {
            guard let object = row.objectValue else { continue }
            let sku = object["sku"]?.stringValue ?? ""
            let price = object[priceKey]?.decimalValue
            let store = object["store_id"]?.stringValue ?? object["website_id"]?.stringValue ?? "0"
            let parameters: [JSONValue] = [.string(sku), .string(store), .string(price.map { "\($0)" } ?? "")]
            if sku.isEmpty || state.skuIndex[FakeState.key(sku)] == nil {
                failures.append(
                    [
                        "message": "The SKU or type doesn't exist. Row ID: SKU = %1, Store ID: %2, Price: %3.",
                        "parameters": .array(parameters),
                    ])
            } else if price == nil || price! < 0 {
                failures.append(
                    [
                        "message": "Invalid attribute Price = %3. Row ID: SKU = %1, Store ID: %2.",
                        "parameters": .array(parameters),
                    ])
            } else if let missing = required.first(where: { object[$0] == nil }) {
                failures.append(
                    [
                        "message": .string("Invalid attribute \(missing). Row ID: SKU = %1, Store ID: %2, Price: %3."),
                        "parameters": .array(parameters),
                    ])
            } else {
                apply(&state, object, sku)
            }
        }
        return .array(failures)
    }
}

extension Array where Element == JSONObject {
    var asJSON: JSONValue { .array(map(JSONValue.object)) }
}
