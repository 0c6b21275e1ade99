import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The price-storage API (`Magento\Catalog\Model\Product\Price\*Storage`): base, special, tier and cost prices in
/// bulk. Each row is validated on its own, as Magento does: the invalid ones are skipped and answered as
/// `PriceUpdateResult`s with Magento's messages and parameters, the others are saved.
enum FakePriceHandlers {
    static let handlers: [String: FakeHandler] = [
        CommerceOperation.basePricesGet.id: { state, request, _ throws(FakeError) in
            var rows: [JSONObject] = []
            for sku in try existingSKUs(request, state: state) {
                let id = state.skuIndex[FakeState.key(sku)]!
                let stored = state.products[id]?["sku"]?.stringValue ?? sku
                if let price = state.products[id]?["price"] {
                    rows.append(["sku": .string(stored), "price": price, "store_id": .int(0)])
                }
                for view in state.storeViews {
                    guard let code = view["code"]?.stringValue, let price = state.storeValues[code]?[id]?["price"],
                        let storeID = view["id"]?.intValue
                    else { continue }
                    rows.append(["sku": .string(stored), "price": price, "store_id": .int(storeID)])
                }
            }
            return rows.asJSON
        },
        CommerceOperation.basePricesUpdate.id: { state, request, context throws(FakeError) in
            let rows = try FakePriceRows(request, type: "BasePriceInterface", context: context)
            var failures = FakePriceFailures()
            for (index, row) in rows.items.enumerated() {
                failures.checkSKUAndAmount(row, index, amountKey: "price", label: "Price", state: state)
                failures.checkStore(row, index, state: state)
            }
            for (index, row) in rows.items.enumerated() where !failures.refused(index) {
                FakePrices.saveBasePrice(row, state: &state)
            }
            return failures.answer
        },
        CommerceOperation.specialPricesGet.id: { state, request, _ throws(FakeError) in
            try existingSKUs(request, state: state).flatMap { state.specialPrices[FakeState.key($0)] ?? [] }.asJSON
        },
        CommerceOperation.specialPricesUpdate.id: { state, request, context throws(FakeError) in
            let rows = try FakePriceRows(request, type: "SpecialPriceInterface", context: context)
            let failures = FakePriceFailures.special(rows.items, state: state)
            for (index, row) in rows.items.enumerated() where !failures.refused(index) {
                FakePrices.saveSpecialPrice(row, state: &state)
            }
            return failures.answer
        },
        CommerceOperation.specialPricesDelete.id: { state, request, context throws(FakeError) in
            let rows = try FakePriceRows(request, type: "SpecialPriceInterface", context: context)
            let failures = FakePriceFailures.special(rows.items, state: state)
            for (index, row) in rows.items.enumerated() where !failures.refused(index) {
                let store = row["store_id"]?.intValue ?? 0
                state.specialPrices[FakeState.key(row["sku"]?.stringValue ?? "")]?.removeAll {
                    $0["store_id"]?.intValue == store
                }
            }
            return failures.answer
        },
        CommerceOperation.tierPricesGet.id: { state, request, _ throws(FakeError) in
            try existingSKUs(request, state: state).flatMap { state.tierPrices[FakeState.key($0)] ?? [] }.asJSON
        },
        CommerceOperation.tierPricesUpdate.id: { state, request, context throws(FakeError) in
            let rows = try FakePriceRows(request, type: "TierPriceInterface", context: context)
            let failures = FakePriceFailures.tier(rows.items, againstStored: true, state: state)
            for (index, row) in rows.items.enumerated() where !failures.refused(index) {
                let tier = FakePrices.tierRow(row)
                var stored = state.tierPrices[FakeState.key(tier.sku)] ?? []
                if let at = stored.firstIndex(where: { FakePrices.sameTier($0, tier.row, website: true) }) {
                    stored[at] = tier.row
                } else {
                    stored.append(tier.row)
                }
                state.tierPrices[FakeState.key(tier.sku)] = stored
            }
            return failures.answer
        },
        CommerceOperation.tierPricesReplace.id: { state, request, context throws(FakeError) in
            let rows = try FakePriceRows(request, type: "TierPriceInterface", context: context)
            let failures = FakePriceFailures.tier(rows.items, againstStored: false, state: state)
            let valid = rows.items.enumerated().filter { !failures.refused($0.offset) }.map {
                FakePrices.tierRow($0.element)
            }
            for tier in valid { state.tierPrices[FakeState.key(tier.sku)] = [] }
            for tier in valid { state.tierPrices[FakeState.key(tier.sku), default: []].append(tier.row) }
            return failures.answer
        },
        CommerceOperation.tierPricesDelete.id: { state, request, context throws(FakeError) in
            let rows = try FakePriceRows(request, type: "TierPriceInterface", context: context)
            let failures = FakePriceFailures.tier(rows.items, againstStored: false, state: state)
            for (index, row) in rows.items.enumerated() where !failures.refused(index) {
                // As TierPriceStorage::retrievePriceId: the first stored tier of the product with the same group,
                // quantity and value (or percentage) goes, whatever its website.
                let tier = FakePrices.tierRow(row)
                guard let stored = state.tierPrices[FakeState.key(tier.sku)],
                    let at = stored.firstIndex(where: {
                        FakePrices.sameTier($0, tier.row, website: false)
                            && $0["price_type"] == tier.row["price_type"] && $0["price"]?.decimalValue != 0
                            && $0["price"]?.decimalValue == tier.row["price"]?.decimalValue
                    })
                else { continue }
                state.tierPrices[FakeState.key(tier.sku)]?.remove(at: at)
            }
            return failures.answer
        },
        CommerceOperation.costsGet.id: { state, request, _ throws(FakeError) in
            try existingSKUs(request, state: state).compactMap { sku -> JSONObject? in
                state.costs[FakeState.key(sku)].map { ["sku": .string(sku), "cost": .number($0), "store_id": .int(0)] }
            }.asJSON
        },
        CommerceOperation.costsUpdate.id: { state, request, context throws(FakeError) in
            let rows = try FakePriceRows(request, type: "CostInterface", context: context)
            var failures = FakePriceFailures()
            for (index, row) in rows.items.enumerated() {
                failures.checkSKUAndAmount(row, index, amountKey: "cost", label: "Cost", state: state)
                failures.checkStore(row, index, state: state)
            }
            for (index, row) in rows.items.enumerated() where !failures.refused(index) {
                state.costs[FakeState.key(row["sku"]?.stringValue ?? "")] = row["cost"]?.decimalValue
            }
            return failures.answer
        },
        CommerceOperation.costsDelete.id: { state, request, _ throws(FakeError) in
            for sku in try existingSKUs(request, state: state) { state.costs[FakeState.key(sku)] = nil }
            return true
        },
    ]

    /// The `skus` member; every SKU must exist (`InvalidSkuProcessor::filterSkuList`).
    private static func existingSKUs(_ request: FakeRequest, state: FakeState) throws(FakeError) -> [String] {
        let skus = try request.requiredArray("skus").compactMap(\.stringValue)
        let missing = skus.filter { state.skuIndex[FakeState.key($0)] == nil }
        guard missing.isEmpty else {
            throw FakeError(
                404, "Requested products don't exist: %sku", .object(["sku": .string(missing.joined(separator: ", "))]))
        }
        return skus
    }
}

/// The `prices` member of an update: an array of objects, at most 20 when the input limits are on.
struct FakePriceRows {
    var items: [JSONObject]

    init(_ request: FakeRequest, type: String, context: FakeContext) throws(FakeError) {
        guard case .array(let values)? = request.member("prices") else {
            throw FakeError(400, "Invalid input data format. Expected an array of prices.")
        }
        if context.options.inputLimits, values.count > 20 {
            throw FakeError(
                400, "Maximum items of type \"%type\" is %max",
                .object(["type": .string("\\Magento\\Catalog\\Api\\Data\\\(type)"), "max": .int(20)]))
        }
        items = values.map { $0.objectValue ?? [:] }
    }
}

extension Array where Element == JSONObject {
    var asJSON: JSONValue { .array(map(JSONValue.object)) }
}
