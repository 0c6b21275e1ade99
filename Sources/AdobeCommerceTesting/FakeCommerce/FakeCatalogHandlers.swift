import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Products, categories and attributes.
enum FakeCatalogHandlers {
    /// Product keys saved per store view when written through a store view code.
    static let storeScopedKeys: Set<String> = ["name", "status", "visibility"]

    static let handlers: [String: FakeHandler] = [
        CommerceOperation.productsGet.id: { state, request, _ throws(FakeError) in
            let id = try state.productID(sku: request.path["sku"] ?? "")
            return .object(state.product(id: id, store: request.store))
        },
        CommerceOperation.productsSearch.id: { state, request, context throws(FakeError) in
            let search = try FakeSearch(query: request.query, inputLimits: context.options.inputLimits)
            return search.apply(keys: state.productIDs) { state.product(id: $0, store: request.store) }
        },
        CommerceOperation.productsCreate.id: { state, request, context throws(FakeError) in
            try save(request.requiredObject("product"), sku: nil, store: request.store, state: &state, now: context.now)
        },
        CommerceOperation.productsUpdate.id: { state, request, context throws(FakeError) in
            try save(
                request.requiredObject("product"), sku: request.path["sku"], store: request.store, state: &state,
                now: context.now)
        },
        CommerceOperation.productsDelete.id: { state, request, _ throws(FakeError) in
            let sku = request.path["sku"] ?? ""
            let id = try state.productID(sku: sku)
            state.products[id] = nil
            state.skuIndex[FakeState.key(sku)] = nil
            for store in state.storeValues.keys { state.storeValues[store]?[id] = nil }
            state.sourceItems = state.sourceItems.filter {
                $0.value["sku"]?.stringValue?.lowercased() != sku.lowercased()
            }
            return true
        },
        CommerceOperation.categoriesTree.id: { state, request, _ throws(FakeError) in
            let root = Int(request.query["rootCategoryId"] ?? "") ?? 2
            guard state.categories[root] != nil else { throw FakeError.noSuchEntity("id", String(root)) }
            let depth = Int(request.query["depth"] ?? "")
            return tree(root, depth: depth, state: state)
        },
        CommerceOperation.categoriesGet.id: { state, request, _ throws(FakeError) in
            let id = try request.intPath("categoryId")
            guard var category = state.categories[id] else { throw FakeError.noSuchEntity("id", String(id)) }
            category["children"] = .string(children(of: id, state: state).map { String($0) }.joined(separator: ","))
            return .object(category)
        },
        CommerceOperation.categoriesSearch.id: FakeSearch.handler { $0.categories },
        CommerceOperation.productAttributesGet.id: { state, request, _ throws(FakeError) in
            try attribute(request.path["attributeCode"] ?? "", state: state)
        },
        CommerceOperation.productAttributesSearch.id: FakeSearch.handler { $0.attributes },
        CommerceOperation.productAttributesOptions.id: { state, request, _ throws(FakeError) in
            (try attribute(request.path["attributeCode"] ?? "", state: state))["options"] ?? .array([])
        },
    ]

    private static func attribute(_ code: String, state: FakeState) throws(FakeError) -> JSONValue {
        guard let attribute = state.attributes[code] else {
            throw FakeError(
                404, "The attribute with a \"%1\" attributeCode doesn't exist. Verify the attribute and try again.",
                .array([.string(code)]))
        }
        return .object(attribute)
    }

    /// `ProductRepository::save`: creates a product, or updates it; through a store view code, store-scoped
    /// values of an existing product are saved for that store view only.
    static func save(
        _ input: JSONObject,
        sku pathSKU: String?,
        store: String,
        state: inout FakeState,
        now: String
    ) throws(FakeError) -> JSONValue {
        var product = input
        if let pathSKU { product["sku"] = .string(pathSKU) }
        guard let sku = product["sku"]?.stringValue, !sku.isEmpty else {
            throw FakeError(
                400, "The \"%1\" attribute value is empty. Set the attribute and try again.", .array(["sku"]))
        }
        if let price = product["price"], price != .null {
            guard let value = price.decimalValue, value >= 0 else {
                throw FakeError(400, "The Price value must be greater than or equal to 0.")
            }
        }
        product["id"] = nil
        if let id = state.skuIndex[FakeState.key(sku)] {
            var global = state.products[id] ?? [:]
            var scoped = state.storeValues[store]?[id] ?? [:]
            let scopedWrite = store != "admin"
            for (key, value) in product {
                switch key {
                case "custom_attributes":
                    let target = scopedWrite ? scoped["custom_attributes"] : global["custom_attributes"]
                    let merged = mergeAttributes(target, value)
                    if scopedWrite {
                        scoped["custom_attributes"] = merged
                    } else {
                        global["custom_attributes"] = merged
                    }
                case "extension_attributes":
                    var extensions = global["extension_attributes"]?.objectValue ?? [:]
                    for (name, member) in value.objectValue ?? [:] { extensions[name] = member }
                    global["extension_attributes"] = .object(extensions)
                case "sku", "created_at", "updated_at":
                    continue
                default:
                    if scopedWrite, storeScopedKeys.contains(key) { scoped[key] = value } else { global[key] = value }
                }
            }
            global["updated_at"] = .string(now)
            state.products[id] = global
            if scopedWrite { state.storeValues[store, default: [:]][id] = scoped }
            try applyStockItem(product, sku: sku, state: &state)
            return .object(state.product(id: id, store: store))
        }
        guard let name = product["name"]?.stringValue, !name.isEmpty else {
            throw FakeError(400, "The value of attribute \"%1\" must be set", .array(["name"]))
        }
        let id = state.nextProductID
        state.nextProductID += 1
        product["id"] = .int(id)
        product["attribute_set_id"] = product["attribute_set_id"] ?? .int(4)
        product["type_id"] = product["type_id"] ?? "simple"
        product["status"] = product["status"] ?? .int(1)
        product["visibility"] = product["visibility"] ?? .int(4)
        product["price"] = product["price"] ?? .int(0)
        product["created_at"] = .string(now)
        product["updated_at"] = .string(now)
        var extensions = product["extension_attributes"]?.objectValue ?? [:]
        extensions["website_ids"] = extensions["website_ids"] ?? [.int(1)]
        extensions["stock_item"] = nil
        product["extension_attributes"] = .object(extensions)
        product["custom_attributes"] = product["custom_attributes"] ?? .array([])
        product["product_links"] = product["product_links"] ?? .array([])
        product["options"] = product["options"] ?? .array([])
        product["media_gallery_entries"] = product["media_gallery_entries"] ?? .array([])
        product["tier_prices"] = product["tier_prices"] ?? .array([])
        state.products[id] = product
        state.skuIndex[FakeState.key(sku)] = id
        try applyStockItem(input, sku: sku, state: &state)
        return .object(state.product(id: id, store: store))
    }

    /// A `stock_item` extension attribute sets the default source's quantity, as the legacy bridge does.
    private static func applyStockItem(_ product: JSONObject, sku: String, state: inout FakeState) throws(FakeError) {
        guard let stockItem = product["extension_attributes"]?["stock_item"]?.objectValue else { return }
        let key = FakeState.sourceItemKey(sku, "default")
        var item =
            state.sourceItems[key] ?? [
                "sku": .string(sku), "source_code": "default", "quantity": .int(0), "status": .int(0),
            ]
        if let qty = stockItem["qty"], let value = qty.decimalValue { item["quantity"] = .number(value) }
        if let inStock = stockItem["is_in_stock"]?.boolValue { item["status"] = .int(inStock ? 1 : 0) }
        state.sourceItems[key] = item
    }

    private static func mergeAttributes(_ existing: JSONValue?, _ incoming: JSONValue) -> JSONValue {
        var attributes = existing?.arrayValue ?? []
        for attribute in incoming.arrayValue ?? [] {
            let code = attribute["attribute_code"]?.stringValue
            attributes.removeAll { $0["attribute_code"]?.stringValue == code }
            attributes.append(attribute)
        }
        return .array(attributes)
    }

    private static func children(of id: Int, state: FakeState) -> [Int] {
        state.categories.values.filter { $0["parent_id"]?.intValue == id }
            .sorted { ($0["position"]?.intValue ?? 0) < ($1["position"]?.intValue ?? 0) }
            .compactMap { $0["id"]?.intValue }
    }

    private static func tree(_ id: Int, depth: Int?, state: FakeState) -> JSONValue {
        let category = state.categories[id] ?? [:]
        let productCount = state.products.values.filter { product in
            (product["extension_attributes"]?["category_links"]?.arrayValue ?? []).contains {
                $0["category_id"]?.stringValue == String(id)
            }
        }.count
        let childNodes =
            depth.map { $0 <= 0 } ?? false
            ? [] : children(of: id, state: state).map { tree($0, depth: depth.map { $0 - 1 }, state: state) }
        return .object([
            "id": .int(id), "parent_id": category["parent_id"] ?? .int(0), "name": category["name"] ?? "",
            "is_active": category["is_active"] ?? true, "position": category["position"] ?? .int(0),
            "level": category["level"] ?? .int(0), "product_count": .int(productCount),
            "children_data": .array(childNodes),
        ])
    }
}
