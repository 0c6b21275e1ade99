import AdobeCommerce
import Foundation

/// Catalog, store configuration and customer operations.
enum FakeGraphQLCatalog {
    static let handlers: [String: FakeGraphQL.Handler] = [
        "ProductsBySKU": { state, request throws(GraphQLFailure) in
            let skus = request.variables["skus"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let products = skus.compactMap { sku in state.skuIndex[FakeState.key(sku)] }.map {
                product($0, state: state)
            }
            return ["products": ["total_count": .int(products.count), "items": .array(products)]]
        },
        "ProductSearch": { state, request throws(GraphQLFailure) in
            ["products": try search(request.variables, state: state)]
        },
        "StoreConfig": { state, _ throws(GraphQLFailure) in
            let config = state.storeConfigs.first ?? [:]
            let view = state.storeViews.first { $0["code"] == config["code"] }
            return [
                "storeConfig": [
                    "store_code": config["code"] ?? "default", "store_name": view?["name"] ?? "Default Store View",
                    "locale": config["locale"] ?? "en_US", "base_currency_code": config["base_currency_code"] ?? "USD",
                    "default_display_currency_code": config["default_display_currency_code"] ?? "USD",
                    "timezone": config["timezone"] ?? "UTC", "weight_unit": config["weight_unit"] ?? "lbs",
                    "base_url": config["base_url"] ?? "", "secure_base_url": config["secure_base_url"] ?? "",
                ]
            ]
        },
        "GenerateCustomerToken": { state, request throws(GraphQLFailure) in
            let email = request.variables["email"]?.stringValue?.lowercased() ?? ""
            let password = request.variables["password"]?.stringValue ?? ""
            guard let (id, _) = state.customers.first(where: { $0.value["email"]?.stringValue?.lowercased() == email }),
                state.customerPasswords[id] == password
            else {
                throw GraphQLFailure(
                    message:
                        "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.",
                    category: "graphql-authentication")
            }
            let token = String(UUID().uuidString.lowercased().filter { $0 != "-" })
            state.tokens[token] = .customer(id)
            return ["generateCustomerToken": ["token": .string(token)]]
        },
        "RevokeCustomerToken": { state, request throws(GraphQLFailure) in
            let id = try customerID(request)
            state.tokens = state.tokens.filter { $0.value != .customer(id) }
            return ["revokeCustomerToken": ["result": true]]
        },
        "Customer": { state, request throws(GraphQLFailure) in
            let id = try customerID(request)
            let customer = state.customers[id] ?? [:]
            let addresses: [JSONValue] = (customer["addresses"]?.arrayValue ?? []).map { address in
                [
                    "id": address["id"] ?? .null, "firstname": address["firstname"] ?? .null,
                    "lastname": address["lastname"] ?? .null,
                    "street": address["street"] ?? [], "city": address["city"] ?? .null,
                    "postcode": address["postcode"] ?? .null,
                    "country_code": address["country_id"] ?? .null, "telephone": address["telephone"] ?? .null,
                    "region": [
                        "region": address["region"]?["region"] ?? .null,
                        "region_code": address["region"]?["region_code"] ?? .null,
                        "region_id": address["region_id"] ?? .null,
                    ],
                    "default_billing": .bool(address["default_billing"]?.boolValue ?? false),
                    "default_shipping": .bool(address["default_shipping"]?.boolValue ?? false),
                ]
            }
            return [
                "customer": [
                    "firstname": customer["firstname"] ?? .null, "lastname": customer["lastname"] ?? .null,
                    "email": customer["email"] ?? .null, "is_subscribed": false, "addresses": .array(addresses),
                ]
            ]
        },
        "CustomerOrders": { state, request throws(GraphQLFailure) in
            let id = try customerID(request)
            let orders = state.orders.keys.sorted().compactMap { state.orders[$0] }.filter {
                $0["customer_id"]?.intValue == id
            }
            let (page, info) = try paginate(orders.count, request.variables)
            let items: [JSONValue] = orders[page].map { order in
                [
                    "number": order["increment_id"] ?? "", "order_date": order["created_at"] ?? .null,
                    "status": .string((order["status"]?.stringValue ?? "").capitalized),
                    "total": ["grand_total": money(order["grand_total"]?.decimalValue ?? 0)],
                    "items": .array(
                        FakeSalesHandlers.lines(order).map { line in
                            [
                                "product_sku": line["sku"] ?? "", "product_name": line["name"] ?? "",
                                "quantity_ordered": line["qty_ordered"] ?? 0,
                            ]
                        }),
                ]
            }
            return [
                "customer": ["orders": ["total_count": .int(orders.count), "page_info": info, "items": .array(items)]]
            ]
        },
    ]

    static func customerID(_ request: FakeGraphQL.Request) throws(GraphQLFailure) -> Int {
        guard case .customer(let id) = request.identity else { throw .authorization() }
        return id
    }

    static func money(_ value: Decimal) -> JSONValue { ["value": .number(value), "currency": "USD"] }

    /// The slice and `page_info` for `pageSize` / `currentPage`; a page past the end is refused as Magento does.
    static func paginate(_ total: Int, _ variables: JSONObject) throws(GraphQLFailure) -> (Range<Int>, JSONValue) {
        let size = variables["pageSize"]?.intValue ?? 20
        let current = variables["currentPage"]?.intValue ?? 1
        guard current >= 1 else { throw .input("currentPage value must be greater than 0.") }
        guard size >= 1 else { throw .input("pageSize value must be greater than 0.") }
        let pages = max(1, (total + size - 1) / size)
        if current > pages, total > 0 {
            throw .input("currentPage value \(current) specified is greater than the \(pages) page(s) available.")
        }
        let start = min((current - 1) * size, total)
        return (
            start..<min(start + size, total),
            ["current_page": .int(current), "page_size": .int(size), "total_pages": .int(pages)]
        )
    }

    /// Filters, full-text search, sort and facets over visible products.
    static func search(_ variables: JSONObject, state: FakeState) throws(GraphQLFailure) -> JSONValue {
        guard variables["search"]?.stringValue != nil || variables["filter"]?.objectValue != nil else {
            throw .input("'search' or 'filter' input argument is required.")
        }
        var ids = state.products.keys.sorted().filter { state.products[$0]?["visibility"]?.intValue != 1 }
        let filter = variables["filter"]?.objectValue ?? [:]
        func value(_ id: Int, _ key: String) -> JSONValue? {
            FakeSearch.value(of: key, in: state.product(id: id, store: "default"))
        }
        if let text = variables["search"]?.stringValue?.lowercased(), !text.isEmpty {
            ids = ids.filter { id in
                [value(id, "name"), value(id, "sku"), value(id, "description")].contains {
                    $0?.stringValue?.lowercased().contains(text) ?? false
                }
            }
        }
        for (field, condition) in filter {
            let object = condition.objectValue ?? [:]
            ids = ids.filter { id in
                let categoryIDs = (state.products[id]?["extension_attributes"]?["category_links"]?.arrayValue ?? [])
                    .compactMap { $0["category_id"]?.stringValue }
                let actual: [String] =
                    field == "category_id" || field == "category_uid"
                    ? categoryIDs.map { field == "category_uid" ? uid($0) : $0 } : [value(id, field)?.stringValue ?? ""]
                if let equal = object["eq"]?.stringValue,
                    !actual.contains(where: { $0.lowercased() == equal.lowercased() })
                {
                    return false
                }
                if let list = object["in"]?.arrayValue?.compactMap(\.stringValue),
                    !actual.contains(where: { item in list.contains { $0.lowercased() == item.lowercased() } })
                {
                    return false
                }
                if let match = object["match"]?.stringValue?.lowercased(),
                    !actual.contains(where: { $0.lowercased().contains(match) })
                {
                    return false
                }
                let number = value(id, field)?.decimalValue ?? 0
                if let from = object["from"]?.decimalValue, number < from { return false }
                if let to = object["to"]?.decimalValue, number > to { return false }
                return true
            }
        }
        if let sort = variables["sort"]?.objectValue, let (field, direction) = sort.first,
            field == "name" || field == "price"
        {
            ids.sort { left, right in
                let order = FakeSearch.compare(value(left, field), value(right, field))
                return direction.stringValue == "DESC" ? order > 0 : order < 0
            }
        }
        let (page, info) = try paginate(ids.count, variables)
        var counts: [String: Int] = [:]
        for id in ids {
            for link in state.products[id]?["extension_attributes"]?["category_links"]?.arrayValue ?? [] {
                if let category = link["category_id"]?.stringValue { counts[category, default: 0] += 1 }
            }
        }
        let options: [JSONValue] = counts.keys.sorted().map { category in
            [
                "label": state.categories[Int(category) ?? 0]?["name"] ?? .string(category), "value": .string(category),
                "count": .int(counts[category]!),
            ]
        }
        return [
            "total_count": .int(ids.count), "page_info": info,
            "aggregations": [
                [
                    "attribute_code": "category_id", "label": "Category", "count": .int(options.count),
                    "options": .array(options),
                ]
            ],
            "items": .array(ids[page].map { product($0, state: state) }),
        ]
    }

    static func uid(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    static func price(_ value: Decimal) -> JSONValue {
        ["regular_price": money(value), "final_price": money(value), "discount": ["amount_off": 0, "percent_off": 0]]
    }

    /// A product as `ProductFields` selects it.
    static func product(_ id: Int, state: FakeState) -> JSONValue {
        let record = state.product(id: id, store: "default")
        let sku = record["sku"]?.stringValue ?? ""
        let price = record["price"]?.decimalValue ?? 0
        let categories: [JSONValue] = (record["extension_attributes"]?["category_links"]?.arrayValue ?? []).compactMap {
            link in
            guard let categoryID = link["category_id"]?.stringValue,
                let category = state.categories[Int(categoryID) ?? 0]
            else { return nil }
            return [
                "uid": .string(uid(categoryID)), "name": category["name"] ?? "",
                "url_path": .string((category["name"]?.stringValue ?? "").lowercased()),
                "level": category["level"] ?? 0,
            ]
        }
        var product: JSONObject = [
            "__typename": "SimpleProduct", "uid": .string(uid(String(id))), "sku": .string(sku),
            "name": record["name"] ?? .null,
            "url_key": .string(FakeSearch.value(of: "url_key", in: record)?.stringValue ?? sku.lowercased()),
            "stock_status": state.salableQuantity(sku: sku, stockID: 1) > 0 ? "IN_STOCK" : "OUT_OF_STOCK",
            "only_x_left_in_stock": .null,
            "price_range": ["minimum_price": self.price(price), "maximum_price": self.price(price)],
            "media_gallery": .array(
                (record["media_gallery_entries"]?.arrayValue ?? []).map { entry in
                    [
                        "url": .string(
                            "http://commerce.test/media/catalog/product" + (entry["file"]?.stringValue ?? "")),
                        "label": entry["label"] ?? .null, "position": entry["position"] ?? 0,
                        "disabled": entry["disabled"] ?? false,
                    ]
                }),
            "categories": .array(categories),
        ]
        if record["type_id"]?.stringValue == "configurable", let configuration = state.configurables[id] {
            let variantPrices = configuration.variants.map { state.products[$0.productID]?["price"]?.decimalValue ?? 0 }
            product["__typename"] = "ConfigurableProduct"
            product["price_range"] = [
                "minimum_price": self.price(variantPrices.min() ?? price),
                "maximum_price": self.price(variantPrices.max() ?? price),
            ]
            product["configurable_options"] = [
                [
                    "uid": .string(uid("configurable/\(configuration.attributeID)")),
                    "attribute_code": .string(configuration.attributeCode),
                    "label": .string(configuration.label),
                    "values": .array(
                        configuration.variants.map {
                            ["uid": .string(configuration.valueUID($0.valueIndex)), "label": .string($0.label)]
                        }),
                ]
            ]
            product["variants"] = .array(
                configuration.variants.map { variant in
                    let child = state.product(id: variant.productID, store: "default")
                    let childSKU = child["sku"]?.stringValue ?? ""
                    let childPrice = child["price"]?.decimalValue ?? 0
                    return [
                        "attributes": [
                            [
                                "uid": .string(configuration.valueUID(variant.valueIndex)),
                                "code": .string(configuration.attributeCode), "label": .string(variant.label),
                                "value_index": .int(variant.valueIndex),
                            ]
                        ],
                        "product": [
                            "uid": .string(uid(String(variant.productID))), "sku": .string(childSKU),
                            "name": child["name"] ?? .null,
                            "stock_status": state.salableQuantity(sku: childSKU, stockID: 1) > 0
                                ? "IN_STOCK" : "OUT_OF_STOCK",
                            "price_range": ["minimum_price": self.price(childPrice)],
                        ],
                    ]
                })
        }
        return .object(product)
    }
}
