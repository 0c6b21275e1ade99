import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The import entities the fake knows, with their row validation (the messages of
/// `Magento\CatalogImportExport\Model\Import\Product` and `Magento\InventoryImportExport\Model\Import\Validator\*`)
/// and how their rows are written: through the same product save and source-item state as the REST routes.
enum FakeImportEntity: String {
    case catalogProduct = "catalog_product"
    case stockSources = "stock_sources"

    var behaviors: Set<String> { ["append", "replace", "delete"] }

    /// Product columns with a meaning of their own; every other column is an attribute.
    static let productColumns: Set<String> = [
        "sku", "attribute_set_code", "product_type", "product_websites", "store_view_code", "product_online", "name",
        "price", "weight",
    ]
    static let productTypes: Set<String> = ["simple", "virtual", "downloadable", "configurable", "bundle", "grouped"]

    /// The row's errors, in Magento's words.
    func validate(_ row: [String: String], columns: [String], behavior: String, state: FakeState) -> [String] {
        switch self {
        case .stockSources:
            var errors: [String] = []
            let required = behavior == "delete" ? ["source_code", "sku"] : ["source_code", "sku", "quantity"]
            // `isset($rowData[...])`: a column missing from the file (an empty cell is still set).
            for column in required where !columns.contains(column) {
                errors.append("Missing required column \"\(column)\"")
            }
            if let code = row["source_code"], state.sources[code] == nil {
                errors.append("Source code \"\(code)\" does not exists")
            }
            return errors
        case .catalogProduct:
            guard let sku = row["sku"], !sku.isEmpty else { return ["SKU is empty"] }
            let exists = state.skuIndex[FakeState.key(sku)] != nil
            if behavior == "delete" { return exists ? [] : ["Product with specified SKU not found"] }
            var errors: [String] = []
            if !exists {
                if row["attribute_set_code"] != "Default" {
                    errors.append("Invalid value for Attribute Set column (set doesn't exist?)")
                }
                if !Self.productTypes.contains(row["product_type"] ?? "") {
                    errors.append("Product type is invalid or not supported")
                }
                for attribute in ["name", "price"] where (row[attribute] ?? "").isEmpty {
                    errors.append("Please make sure attribute \"\(attribute)\" is not empty.")
                }
            }
            if let price = row["price"], Self.decimal(price) == nil {
                errors.append(
                    "Value for 'price' attribute contains incorrect value, acceptable values are in decimal format")
            }
            if let weight = row["weight"], Self.decimal(weight) == nil { errors.append("Product weight is invalid") }
            return errors
        }
    }

    /// A non-negative decimal in plain notation, or `nil`.
    static func decimal(_ text: String) -> Decimal? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Decimal(string: text, locale: nil)
        else { return nil }
        return value
    }

    /// Writes the valid rows.
    func apply(_ rows: [[String: String]], behavior: String, state: inout FakeState, now: String) throws(FakeError) {
        switch self {
        case .stockSources:
            if behavior == "delete" {
                for row in rows { state.sourceItems[FakeState.sourceItemKey(row["sku"]!, row["source_code"]!)] = nil }
                return
            }
            // `SourceItemsSaveInterface`: the whole bunch is validated first and refused as a whole.
            var items: [JSONObject] = []
            var invalid = false
            for row in rows {
                let sku = row["sku"] ?? ""
                let quantity = Decimal(string: row["quantity"] ?? "", locale: nil)
                let status = row["status"].flatMap { Int($0) }
                if sku.isEmpty || state.skuIndex[FakeState.key(sku)] == nil || quantity == nil
                    || (row["status"] != nil && status != 0 && status != 1)
                {
                    invalid = true
                    continue
                }
                items.append([
                    "sku": .string(sku), "source_code": .string(row["source_code"]!), "quantity": .number(quantity!),
                    "status": .int(status ?? (quantity! > 0 ? 1 : 0)),
                ])
            }
            guard !invalid else { throw FakeError(400, "Validation Failed") }
            for item in items {
                state.sourceItems[
                    FakeState.sourceItemKey(item["sku"]!.stringValue!, item["source_code"]!.stringValue!)] = item
            }
        case .catalogProduct:
            for row in rows {
                let sku = row["sku"]!
                if behavior == "delete" || behavior == "replace" { Self.removeProduct(sku, state: &state) }
                if behavior == "delete" { continue }
                _ = try FakeCatalogHandlers.save(
                    Self.product(row, state: state), sku: nil, store: "admin", state: &state, now: now)
            }
        }
    }

    /// The product a row describes, as the REST route's body would carry it.
    static func product(_ row: [String: String], state: FakeState) -> JSONObject {
        let sku = row["sku"]!
        var product: JSONObject = ["sku": .string(sku)]
        if let name = row["name"] { product["name"] = .string(name) }
        if let price = row["price"].flatMap(decimal) { product["price"] = .number(price) }
        if let weight = row["weight"].flatMap(decimal) { product["weight"] = .number(weight) }
        if let online = row["product_online"] { product["status"] = .int(online == "1" ? 1 : 2) }
        if state.skuIndex[FakeState.key(sku)] == nil {
            product["type_id"] = .string(row["product_type"] ?? "simple")
            product["attribute_set_id"] = .int(4)
        }
        if let codes = row["product_websites"] {
            let ids = codes.split(separator: ",").compactMap { code in
                state.websites.first { $0["code"]?.stringValue == String(code) }?["id"]
            }
            product["extension_attributes"] = .object(["website_ids": .array(ids)])
        }
        var attributes: [JSONValue] = []
        for (column, value) in row.sorted(by: { $0.key < $1.key }) where !productColumns.contains(column) {
            attributes.append(.object(["attribute_code": .string(column), "value": .string(value)]))
        }
        if !attributes.isEmpty { product["custom_attributes"] = .array(attributes) }
        return product
    }

    /// Removes a product, its store-view values and its source items, as deleting it through REST does.
    static func removeProduct(_ sku: String, state: inout FakeState) {
        guard let id = state.skuIndex[FakeState.key(sku)] else { return }
        state.products[id] = nil
        state.skuIndex[FakeState.key(sku)] = nil
        for store in state.storeValues.keys { state.storeValues[store]?[id] = nil }
        state.sourceItems = state.sourceItems.filter { $0.value["sku"]?.stringValue?.lowercased() != sku.lowercased() }
    }
}
