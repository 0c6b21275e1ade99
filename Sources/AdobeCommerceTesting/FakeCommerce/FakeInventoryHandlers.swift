import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Legacy stock items, MSI sources, stocks, source items and salability.
enum FakeInventoryHandlers {
    static let handlers: [String: FakeHandler] = [
        CommerceOperation.stockItemsGet.id: { state, request, _ throws(FakeError) in
            let sku = request.path["productSku"] ?? ""
            let id = try state.productID(sku: sku)
            let item = state.sourceItems[FakeState.sourceItemKey(sku, "default")]
            // Every key of `StockItemInterface` (all required, so Magento sends `low_stock_date` as null), with the
            // store configuration's defaults for the settings the fake does not keep per product.
            return [
                "item_id": .int(id), "product_id": .int(id), "stock_id": .int(1),
                "qty": item?["quantity"] ?? .int(0), "is_in_stock": .bool(item?["status"]?.intValue == 1),
                "is_qty_decimal": false, "show_default_notification_message": false, "use_config_min_qty": true,
                "min_qty": .int(0), "use_config_min_sale_qty": .int(1), "min_sale_qty": .int(1),
                "use_config_max_sale_qty": true, "max_sale_qty": .int(10_000), "use_config_backorders": true,
                "backorders": .int(0), "use_config_notify_stock_qty": true, "notify_stock_qty": .int(1),
                "use_config_qty_increments": true, "qty_increments": .int(0), "use_config_enable_qty_inc": true,
                "enable_qty_increments": false, "use_config_manage_stock": true, "manage_stock": true,
                "low_stock_date": .null, "is_decimal_divided": false, "stock_status_changed_auto": .int(0),
            ]
        },
        CommerceOperation.stockItemsUpdate.id: { state, request, _ throws(FakeError) in
            let sku = request.path["productSku"] ?? ""
            let id = try state.productID(sku: sku)
            let stockItem = try request.requiredObject("stockItem")
            let key = FakeState.sourceItemKey(sku, "default")
            var item =
                state.sourceItems[key] ?? [
                    "sku": .string(sku), "source_code": "default", "quantity": .int(0), "status": .int(0),
                ]
            if let qty = stockItem["qty"]?.decimalValue { item["quantity"] = .number(qty) }
            if let inStock = stockItem["is_in_stock"]?.boolValue { item["status"] = .int(inStock ? 1 : 0) }
            state.sourceItems[key] = item
            return .int(id)
        },
        CommerceOperation.sourcesSearch.id: FakeSearch.handler { $0.sources },
        CommerceOperation.sourcesGet.id: { state, request, _ throws(FakeError) in
            let code = request.path["sourceCode"] ?? ""
            guard let source = state.sources[code] else {
                throw FakeError(404, "Source with code \"%value\" does not exist.", .object(["value": .string(code)]))
            }
            return .object(source)
        },
        CommerceOperation.sourcesCreate.id: { state, request, _ throws(FakeError) in
            let source = try request.requiredObject("source")
            try validateSource(source)
            let code = source["source_code"]!.stringValue!
            guard state.sources[code] == nil else { throw FakeError(400, "Could not save Source") }
            state.sources[code] = source
            return .null
        },
        CommerceOperation.sourcesUpdate.id: { state, request, _ throws(FakeError) in
            let code = request.path["sourceCode"] ?? ""
            guard var existing = state.sources[code] else {
                throw FakeError(404, "Source with code \"%value\" does not exist.", .object(["value": .string(code)]))
            }
            for (key, value) in try request.requiredObject("source") where key != "source_code" {
                existing[key] = value
            }
            try validateSource(existing)
            state.sources[code] = existing
            return .null
        },
        CommerceOperation.stocksSearch.id: FakeSearch.handler { $0.stocks },
        CommerceOperation.stocksGet.id: { state, request, _ throws(FakeError) in
            let id = try request.intPath("stockId")
            guard let stock = state.stocks[id] else {
                throw FakeError(404, "Stock with id \"%value\" does not exist.", .object(["value": .int(id)]))
            }
            return .object(stock)
        },
        CommerceOperation.sourceItemsSearch.id: FakeSearch.handler { $0.sourceItems },
        CommerceOperation.sourceItemsSave.id: { state, request, context throws(FakeError) in
            let items = try request.requiredArray("sourceItems")
            try limit(items, context)
            var valid: [JSONObject] = []
            var errors: [(message: String, parameters: JSONValue?)] = []
            for item in items {
                guard let object = item.objectValue else { continue }
                let sku = object["sku"]?.stringValue ?? ""
                let source = object["source_code"]?.stringValue ?? ""
                if sku.isEmpty { errors.append(("\"%field\" can not be empty.", .object(["field": "sku"]))) }
                if source.isEmpty { errors.append(("\"%field\" can not be empty.", .object(["field": "source_code"]))) }
                if !source.isEmpty, state.sources[source] == nil {
                    errors.append(("Source with code \"%value\" does not exist.", .object(["value": .string(source)])))
                }
                if !sku.isEmpty, state.skuIndex[FakeState.key(sku)] == nil {
                    errors.append(("Product with SKU \"%sku\" does not exist.", .object(["sku": .string(sku)])))
                }
                guard let quantity = object["quantity"]?.decimalValue else {
                    errors.append(("\"%field\" should be numeric.", .object(["field": "quantity"])))
                    continue
                }
                if let status = object["status"]?.intValue, status != 0, status != 1 {
                    errors.append(
                        (
                            "\"%field\" should specified only: %sourceItemStatus",
                            .object(["field": "status", "sourceItemStatus": "0,1"])
                        ))
                }
                var saved = object
                saved["quantity"] = .number(quantity)
                saved["status"] = object["status"] ?? .int(quantity > 0 ? 1 : 0)
                valid.append(saved)
            }
            guard errors.isEmpty else {
                var error = FakeError(400, "Validation Failed")
                error.errors = errors
                throw error
            }
            for item in valid {
                state.sourceItems[
                    FakeState.sourceItemKey(item["sku"]!.stringValue!, item["source_code"]!.stringValue!)] = item
            }
            return .null
        },
        CommerceOperation.sourceItemsDelete.id: { state, request, context throws(FakeError) in
            let items = try request.requiredArray("sourceItems")
            try limit(items, context)
            for item in items {
                guard let sku = item["sku"]?.stringValue, let source = item["source_code"]?.stringValue else {
                    continue
                }
                state.sourceItems[FakeState.sourceItemKey(sku, source)] = nil
            }
            return .null
        },
        CommerceOperation.salableQuantity.id: { state, request, _ throws(FakeError) in
            let (sku, stock) = try skuAndStock(request, state: state)
            return .number(state.salableQuantity(sku: sku, stockID: stock))
        },
        CommerceOperation.isSalable.id: { state, request, _ throws(FakeError) in
            let (sku, stock) = try skuAndStock(request, state: state)
            return .bool(state.salableQuantity(sku: sku, stockID: stock) > 0)
        },
        CommerceOperation.isSalableForQuantity.id: { state, request, _ throws(FakeError) in
            let (sku, stock) = try skuAndStock(request, state: state)
            guard let requested = Decimal(string: request.path["requestedQty"] ?? "", locale: nil) else {
                throw FakeError(
                    400, "The \"%1\" value's type is invalid. The \"float\" type was expected. Verify and try again.",
                    .array([.string(request.path["requestedQty"] ?? "")]))
            }
            let salable = requested <= state.salableQuantity(sku: sku, stockID: stock)
            return [
                "salable": .bool(salable),
                "errors": salable
                    ? []
                    : [
                        [
                            "code": "is_salable_with_reservations-not_enough_qty",
                            "message": "The requested qty is not available",
                        ]
                    ],
            ]
        },
    ]

    private static func skuAndStock(_ request: FakeRequest, state: FakeState) throws(FakeError) -> (String, Int) {
        let sku = request.path["sku"] ?? ""
        _ = try state.productID(sku: sku)
        let stock = try request.intPath("stockId")
        guard state.stocks[stock] != nil else {
            throw FakeError(404, "Stock with id \"%value\" does not exist.", .object(["value": .int(stock)]))
        }
        return (sku, stock)
    }

    private static func validateSource(_ source: JSONObject) throws(FakeError) {
        var error = FakeError(400, "Validation Failed")
        for field in ["source_code", "name", "country_id", "postcode"] where (source[field]?.stringValue ?? "").isEmpty
        {
            error.errors.append(("\"%field\" can not be empty.", .object(["field": .string(field)])))
        }
        if let code = source["source_code"]?.stringValue, code.contains(where: { $0 == " " || $0 == "/" }) {
            error.errors.append(("\"%field\" can not contain whitespaces.", .object(["field": "source_code"])))
        }
        if !error.errors.isEmpty { throw error }
    }

    private static func limit(_ items: [JSONValue], _ context: FakeContext) throws(FakeError) {
        if context.options.inputLimits, items.count > 20 {
            throw FakeError(
                400, "Maximum items of type \"%type\" is %max", .object(["type": "sourceItems", "max": .int(20)]))
        }
    }
}
