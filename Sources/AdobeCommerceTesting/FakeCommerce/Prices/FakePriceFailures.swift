import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The per-row validation of the price-storage API, with Magento's messages and parameters
/// (`Magento\Catalog\Model\Product\Price\BasePriceStorage`, `SpecialPriceStorage`, `CostStorage` and
/// `Validation\TierPriceValidator`), and the `PriceUpdateResult` list it answers.
///
/// Magento fills a message's placeholders when the phrase is given the values (special prices, costs, a missing
/// store) and leaves them when it is given the placeholders themselves (`%fieldName`, the tier messages); either way
/// the values follow as a plain list, in the order the validator named them, each cast to a string and a missing one
/// `null` (`DataObjectProcessor` casts a `string[]`'s items and keeps `null`).
struct FakePriceFailures {
    private var results: [JSONValue] = []
    private var rows: Set<Int> = []

    /// The answer: every failure, in row order.
    var answer: JSONValue { .array(results) }

    /// Whether row `index` failed a check.
    func refused(_ index: Int) -> Bool { rows.contains(index) }

    mutating func add(_ index: Int, _ message: String, _ parameters: [JSONValue]) {
        rows.insert(index)
        results.append(["message": .string(message), "parameters": .array(parameters)])
    }

    /// A row's value as a parameter: its text, or `null` when the row has none.
    static func parameter(_ value: JSONValue?) -> JSONValue {
        value == nil || value == .null ? .null : .string(text(value))
    }

    /// A value as PHP prints it into a message: numbers in their shortest form, `null` as nothing.
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let number)?: number.description
        case .bool(let flag)?: flag ? "1" : ""
        default: ""
        }
    }

    // MARK: Base prices and costs

    /// The SKU must name a product, the amount must be a number not below zero.
    mutating func checkSKUAndAmount(
        _ row: JSONObject, _ index: Int, amountKey: String, label: String, state: FakeState
    ) {
        let sku = Self.text(row["sku"])
        if sku.isEmpty || state.skuIndex[FakeState.key(sku)] == nil {
            add(index, "Invalid attribute %fieldName = %fieldValue.", ["SKU", Self.parameter(row["sku"])])
        }
        let amount = row[amountKey]?.decimalValue
        guard amount == nil || amount! < 0 else { return }
        if amountKey == "cost" {
            let (cost, store) = (Self.text(row["cost"]), Self.text(row["store_id"]))
            add(
                index, "Invalid attribute Cost = \(cost). Row ID: SKU = \(sku), Store ID: \(store).",
                ["cost", "sku", "store_id"].map { Self.parameter(row[$0]) })
        } else {
            add(index, "Invalid attribute %fieldName = %fieldValue.", [.string(label), Self.parameter(row[amountKey])])
        }
    }

    /// The store id must name a store view (`0`, the admin store, is every store).
    mutating func checkStore(_ row: JSONObject, _ index: Int, state: FakeState) {
        guard !FakePrices.storeExists(row["store_id"], state: state) else { return }
        let (sku, store) = (Self.text(row["sku"]), Self.text(row["store_id"]))
        add(
            index, "Requested store is not found. Row ID: SKU = \(sku), Store ID: \(store).",
            ["sku", "store_id"].map { Self.parameter(row[$0]) })
    }

    // MARK: Special prices

    /// `SpecialPriceStorage::retrieveValidPrices`, for an update and a delete alike.
    static func special(_ rows: [JSONObject], state: FakeState) -> FakePriceFailures {
        var failures = FakePriceFailures()
        for (index, row) in rows.enumerated() {
            let sku = text(row["sku"])
            let store = text(row["store_id"])
            let (from, to) = (text(row["price_from"]), text(row["price_to"]))
            let tail = "Row ID: SKU = \(sku), Store ID: \(store), Price From: \(from), Price To: \(to)."
            let values = ["sku", "store_id", "price_from", "price_to"].map { parameter(row[$0]) }
            if sku.isEmpty || state.skuIndex[FakeState.key(sku)] == nil {
                failures.add(
                    index, "The product that was requested doesn't exist. Verify the product and try again. " + tail,
                    values)
            }
            if !state.priceScopeIsWebsite, row["store_id"]?.intValue != 0 {
                failures.add(index, "Could not change non global Price when price scope is global. " + tail, values)
            }
            if !FakePrices.storeExists(row["store_id"], state: state) {
                failures.add(index, "Requested store is not found. " + tail, values)
            }
            if let price = row["price"]?.decimalValue, price >= 0 {
            } else {
                let price = text(row["price"])
                failures.add(index, "Invalid attribute Price = \(price). " + tail, [parameter(row["price"])] + values)
            }
            // The message names the To date whichever date is wrong, as Magento's does.
            for (label, value) in [("Price From", from), ("Price To", to)] where !value.isEmpty {
                guard !FakePrices.isMagentoDateTime(value) else { continue }
                failures.add(index, "Invalid attribute \(label) = \(to). " + tail, [.string(label)] + values)
            }
        }
        return failures
    }

    // MARK: Tier prices

    /// `TierPriceValidator::retrieveValidationResult`; an update (`againstStored`) also refuses a tier that would
    /// duplicate a stored one across the all-websites line.
    static func tier(_ rows: [JSONObject], againstStored: Bool, state: FakeState) -> FakePriceFailures {
        var failures = FakePriceFailures()
        func values(_ row: JSONObject) -> [JSONValue] {
            ["sku", "website_id", "customer_group", "quantity"].map { parameter(row[$0]) }
        }
        let tail = "Row ID: SKU = %SKU, Website ID: %websiteId, Customer Group: %customerGroup, Quantity: %qty."
        let duplicate =
            "We found a duplicate website, tier price, customer group and quantity: Customer Group = %customerGroup, "
            + "Website ID = %websiteId, Quantity = %qty. " + tail
        for (index, row) in rows.enumerated() {
            let sku = text(row["sku"])
            let productID = sku.isEmpty ? nil : state.skuIndex[FakeState.key(sku)]
            if productID == nil {
                failures.add(index, "Invalid attribute SKU = %SKU. " + tail, values(row))
            }
            let type = text(row["price_type"])
            let price = row["price"]?.decimalValue
            if price == nil || price! < 0 || (type == "discount" && price! > 100) {
                failures.add(
                    index, "Invalid attribute Price = %price. " + tail, [parameter(row["price"])] + values(row))
            }
            let productType = productID.flatMap { state.products[$0]?["type_id"]?.stringValue } ?? "simple"
            if !["fixed", "discount"].contains(type) || (productType == "bundle" && type != "discount") {
                failures.add(
                    index, "Invalid attribute Price Type = %priceType. " + tail,
                    [parameter(row["price_type"])] + values(row))
            }
            if productID != nil {
                let quantity = row["quantity"]?.decimalValue ?? 0
                let decimals = !["bundle", "configurable", "grouped"].contains(productType)
                if quantity <= 0 || (quantity < 1 && !decimals) {
                    failures.add(index, "Invalid attribute Quantity = %qty. " + tail, values(row))
                }
            }
            let website = row["website_id"]?.intValue
            let websiteExists = state.websites.contains { $0["id"]?.intValue == website }
            if !websiteExists || (!state.priceScopeIsWebsite && website != 0) {
                failures.add(index, "Invalid attribute Website ID = %websiteId. " + tail, values(row))
            }
            for (other, candidate) in rows.enumerated() where other != index && text(candidate["sku"]) == sku {
                let websites = (candidate["website_id"]?.intValue, website)
                if FakePrices.sameTier(candidate, row, website: false),
                    websites.0 == 0 || websites.1 == 0 || websites.0 == websites.1
                {
                    failures.add(index, duplicate, values(candidate))
                }
            }
            if againstStored {
                for stored in state.tierPrices[FakeState.key(sku)] ?? [] {
                    let websites = (stored["website_id"]?.intValue, website)
                    if FakePrices.sameTier(stored, row, website: false), websites.0 == 0 || websites.1 == 0,
                        websites.0 != websites.1
                    {
                        failures.add(index, duplicate, values(stored))
                    }
                }
            }
            if FakePrices.groupCode(text(row["customer_group"]), state: state) == nil {
                failures.add(index, "No such entity with Customer Group = %customerGroup. " + tail, values(row))
            }
        }
        return failures
    }
}
