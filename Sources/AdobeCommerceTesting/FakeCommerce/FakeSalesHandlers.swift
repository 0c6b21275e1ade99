import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Orders and their invoices, shipments and credit memos, with Magento's state rules.
enum FakeSalesHandlers {
    static let handlers: [String: FakeHandler] = [
        CommerceOperation.ordersGet.id: { state, request, _ throws(FakeError) in
            .object(try order(request.intPath("id"), state))
        },
        CommerceOperation.ordersSearch.id: FakeSearch.handler { $0.orders },
        CommerceOperation.orderCommentsList.id: { state, request, _ throws(FakeError) in
            let histories = try order(request.intPath("id"), state)["status_histories"]?.arrayValue ?? []
            return [
                "items": .array(histories), "search_criteria": ["filter_groups": []],
                "total_count": .int(histories.count),
            ]
        },
        CommerceOperation.orderCommentsAdd.id: { state, request, context throws(FakeError) in
            let id = try request.intPath("id")
            var current = try order(id, state)
            var entry = try request.requiredObject("statusHistory")
            guard entry["comment"] != nil else { throw FakeError.required("comment") }
            entry["entity_id"] = .int(state.nextHistoryID)
            state.nextHistoryID += 1
            entry["parent_id"] = .int(id)
            entry["created_at"] = .string(context.now)
            entry["entity_name"] = "order"
            entry["is_customer_notified"] = entry["is_customer_notified"] ?? .int(0)
            entry["is_visible_on_front"] = entry["is_visible_on_front"] ?? .int(0)
            if let status = entry["status"]?.stringValue, !status.isEmpty { current["status"] = .string(status) }
            entry["status"] = current["status"]
            current["status_histories"] = .array([.object(entry)] + (current["status_histories"]?.arrayValue ?? []))
            current["updated_at"] = .string(context.now)
            state.orders[id] = current
            return true
        },
        CommerceOperation.ordersHold.id: { state, request, context throws(FakeError) in
            try updating(request, &state, now: context.now) { current throws(FakeError) in
                guard ["new", "processing"].contains(current["state"]?.stringValue ?? "") else {
                    throw FakeError(400, "A hold action is not available.")
                }
                current["hold_before_state"] = current["state"]
                current["hold_before_status"] = current["status"]
                current["state"] = "holded"
                current["status"] = "holded"
            }
        },
        CommerceOperation.ordersUnhold.id: { state, request, context throws(FakeError) in
            try updating(request, &state, now: context.now) { current throws(FakeError) in
                guard current["state"]?.stringValue == "holded" else {
                    throw FakeError(400, "You cannot remove the hold.")
                }
                current["state"] = current["hold_before_state"] ?? "new"
                current["status"] = current["hold_before_status"] ?? "pending"
                current["hold_before_state"] = nil
                current["hold_before_status"] = nil
            }
        },
        CommerceOperation.ordersCancel.id: { state, request, context throws(FakeError) in
            let id = try request.intPath("id")
            var current = try order(id, state)
            let items = lines(current)
            let open = items.contains { remaining($0, "qty_invoiced") > 0 }
            guard ["new", "processing"].contains(current["state"]?.stringValue ?? ""), open else { return false }
            // Magento's registerCancellation: each line cancels what is neither invoiced nor shipped; an order with
            // something left to refund stays processing (or complete) instead of canceled.
            var cancelState = "canceled"
            current["items"] = .array(
                items.map { item in
                    var item = item
                    let toRefund = (item["qty_invoiced"]?.decimalValue ?? 0) - (item["qty_refunded"]?.decimalValue ?? 0)
                    let canceled = min(remaining(item, "qty_invoiced"), remaining(item, "qty_shipped"))
                    if cancelState != "processing", toRefund > 0 {
                        cancelState = remaining(item, "qty_shipped") > canceled ? "processing" : "complete"
                    }
                    item["qty_canceled"] = .number((item["qty_canceled"]?.decimalValue ?? 0) + canceled)
                    if let sku = item["sku"]?.stringValue {
                        state.reservations[FakeState.key(sku), default: 0] -= canceled
                    }
                    return .object(item)
                })
            current["state"] = .string(cancelState)
            current["status"] = .string(cancelState)
            cancelTotals(&current)
            current["updated_at"] = .string(context.now)
            FakeSalesAmounts.refresh(&current)
            state.orders[id] = current
            return true
        },
        CommerceOperation.ordersInvoice.id: { state, request, context throws(FakeError) in
            try invoice(request, state: &state, now: context.now)
        },
        CommerceOperation.ordersShip.id: { state, request, context throws(FakeError) in
            try ship(request, state: &state, now: context.now)
        },
        CommerceOperation.ordersRefund.id: { state, request, context throws(FakeError) in
            try FakeCreditmemos.refund(request, state: &state, now: context.now, invoiceID: nil)
        },
        CommerceOperation.invoicesGet.id: { state, request, _ throws(FakeError) in
            try document(request.intPath("id"), in: state.invoices)
        },
        CommerceOperation.invoicesSearch.id: FakeSearch.handler { $0.invoices },
        CommerceOperation.invoicesCapture.id: { state, request, context throws(FakeError) in
            let id = try request.intPath("id")
            guard var invoice = state.invoices[id] else { throw entityMissing }
            guard invoice["state"]?.intValue == 1 else { throw FakeError(400, "The capture action is not available.") }
            invoice["state"] = .int(2)
            invoice["updated_at"] = .string(context.now)
            state.invoices[id] = invoice
            if let orderID = invoice["order_id"]?.intValue, var current = state.orders[orderID] {
                add(&current, "total_paid", invoice["grand_total"]?.decimalValue ?? 0)
                FakeSalesAmounts.refresh(&current)
                state.orders[orderID] = current
            }
            return "true"
        },
        CommerceOperation.shipmentsGet.id: { state, request, _ throws(FakeError) in
            try document(request.intPath("id"), in: state.shipments)
        },
        CommerceOperation.shipmentsSearch.id: FakeSearch.handler { $0.shipments },
        CommerceOperation.creditmemosGet.id: { state, request, _ throws(FakeError) in
            try document(request.intPath("id"), in: state.creditmemos)
        },
        CommerceOperation.creditmemosSearch.id: FakeSearch.handler { $0.creditmemos },
    ]

    static let entityMissing = FakeError(
        404, "The entity that was requested doesn't exist. Verify the entity and try again.")

    /// Reads the order of the `id` path value, changes it, stamps `updated_at` and answers `true`.
    private static func updating(
        _ request: FakeRequest,
        _ state: inout FakeState,
        now: String,
        _ change: (inout JSONObject) throws(FakeError) -> Void
    ) throws(FakeError) -> JSONValue {
        let id = try request.intPath("id")
        var current = try order(id, state)
        try change(&current)
        current["updated_at"] = .string(now)
        FakeSalesAmounts.refresh(&current)
        state.orders[id] = current
        return true
    }

    static func order(_ id: Int, _ state: FakeState) throws(FakeError) -> JSONObject {
        guard let order = state.orders[id] else { throw entityMissing }
        return order
    }

    private static func document(_ id: Int, in documents: [Int: JSONObject]) throws(FakeError) -> JSONValue {
        guard let document = documents[id] else { throw entityMissing }
        return .object(document)
    }

    static func lines(_ order: JSONObject) -> [JSONObject] {
        (order["items"]?.arrayValue ?? []).compactMap(\.objectValue)
    }

    /// What is left of a line after `key` (`qty_invoiced`, `qty_shipped`) and cancellations.
    static func remaining(_ item: JSONObject, _ key: String) -> Decimal {
        let ordered = item["qty_ordered"]?.decimalValue ?? 0
        var used = (item[key]?.decimalValue ?? 0) + (item["qty_canceled"]?.decimalValue ?? 0)
        if key == "qty_shipped" { used += item["qty_refunded"]?.decimalValue ?? 0 }
        return max(0, ordered - used)
    }

    static func add(_ object: inout JSONObject, _ key: String, _ amount: Decimal) {
        FakeSalesAmounts.add(&object, key, amount)
    }

    /// Magento's `registerCancellation`: what was not invoiced is canceled.
    private static func cancelTotals(_ order: inout JSONObject) {
        let current = order
        func amount(_ key: String) -> Decimal { FakeSalesAmounts.amount(current, key) }
        order["subtotal_canceled"] = .number(amount("subtotal") - amount("subtotal_invoiced"))
        order["tax_canceled"] = .number(amount("tax_amount") - amount("tax_invoiced"))
        order["shipping_canceled"] = .number(amount("shipping_amount") - amount("shipping_invoiced"))
        order["discount_canceled"] = .number(abs(amount("discount_amount")) - abs(amount("discount_invoiced")))
        order["total_canceled"] = .number(amount("grand_total") - amount("total_paid"))
    }

    /// The quantities requested per order line, or everything left; every line and quantity checked.
    private static func requestedQuantities(
        _ request: FakeRequest,
        order: JSONObject,
        available: (JSONObject) -> Decimal,
        error: FakeError
    ) throws(FakeError) -> [Int: Decimal] {
        var quantities: [Int: Decimal] = [:]
        let requested = request.member("items")?.arrayValue ?? []
        if requested.isEmpty {
            for item in lines(order) where available(item) > 0 {
                quantities[item["item_id"]?.intValue ?? 0] = available(item)
            }
        } else {
            for entry in requested {
                guard let itemID = entry["order_item_id"]?.intValue, let qty = entry["qty"]?.decimalValue, qty >= 0,
                    let item = lines(order).first(where: { $0["item_id"]?.intValue == itemID }), qty <= available(item)
                else { throw error }
                if qty > 0 { quantities[itemID, default: 0] += qty }
            }
        }
        guard !quantities.isEmpty else { throw error }
        return quantities
    }

    /// The kind of document whose lines are built.
    enum DocumentKind {
        case invoice, shipment, creditmemo
    }

    /// A document's lines for the requested quantities, with their share of each order line's discount, and the
    /// document's subtotal, quantity and discount.
    static func documentItems(
        _ order: JSONObject, _ quantities: [Int: Decimal], parentID: Int, kind: DocumentKind, state: inout FakeState
    ) -> (items: JSONValue, subtotal: Decimal, quantity: Decimal, discount: Decimal) {
        var items: [JSONValue] = []
        var subtotal = Decimal(0)
        var totalQty = Decimal(0)
        var totalDiscount = Decimal(0)
        for item in lines(order) {
            guard let itemID = item["item_id"]?.intValue, let qty = quantities[itemID] else { continue }
            let price = item["price"]?.decimalValue ?? 0
            subtotal += price * qty
            totalQty += qty
            var line: JSONObject = [
                "entity_id": .int(state.nextDocumentID), "parent_id": .int(parentID), "order_item_id": .int(itemID),
                "sku": item["sku"] ?? "", "name": item["name"] ?? "", "qty": .number(qty), "price": .number(price),
                "row_total": .number(price * qty), "product_id": item["product_id"] ?? .null,
            ]
            switch kind {
            case .shipment:
                line["weight"] = item["weight"] ?? 0
            case .invoice, .creditmemo:
                let discount = FakeSalesAmounts.discountShare(
                    item, quantity: qty, done: kind == .invoice ? "discount_invoiced" : "discount_refunded")
                totalDiscount += discount
                if discount != 0 { line["discount_amount"] = .number(discount) }
                line["tax_amount"] = 0
                line["discount_tax_compensation_amount"] = 0
                line["price_incl_tax"] = .number(price)
                line["row_total_incl_tax"] = .number(price * qty)
                FakeSalesAmounts.mirror(&line, FakeSalesAmounts.documentItemAmounts)
            }
            items.append(.object(line))
            state.nextDocumentID += 1
        }
        return (.array(items), subtotal, totalQty, totalDiscount)
    }

    /// Adds each line's share of the discount to the order line's `key` (`discount_invoiced`, `discount_refunded`).
    static func addDiscounts(_ order: inout JSONObject, _ key: String, _ quantities: [Int: Decimal]) {
        order["items"] = .array(
            lines(order).map { item in
                var item = item
                if let id = item["item_id"]?.intValue, let qty = quantities[id] {
                    add(&item, key, FakeSalesAmounts.discountShare(item, quantity: qty, done: key))
                    add(&item, key == "discount_invoiced" ? "tax_invoiced" : "tax_refunded", 0)
                }
                return .object(item)
            })
    }

    /// The fields every sales document of an order shares: currencies and rates, the order's addresses, the store,
    /// the tax-free amounts, and `email_sent` when the request asked Magento to notify the customer.
    static func documentFields(_ order: JSONObject, request: FakeRequest, state: FakeState) -> JSONObject {
        var fields = FakeSalesAmounts.currencyFields(state)
        fields["order_id"] = order["entity_id"]
        fields["store_id"] = order["store_id"] ?? .int(1)
        fields["billing_address_id"] = order["billing_address_id"]
        let assignment = order["extension_attributes"]?["shipping_assignments"]?.arrayValue?.first
        fields["shipping_address_id"] = assignment?["shipping"]?["address"]?["entity_id"]
        if request.member("notify")?.boolValue == true { fields["email_sent"] = 1 }
        return fields
    }

    static func updateLines(_ order: inout JSONObject, _ key: String, _ quantities: [Int: Decimal]) {
        order["items"] = .array(
            lines(order).map { item in
                var item = item
                if let id = item["item_id"]?.intValue, let qty = quantities[id] { add(&item, key, qty) }
                return .object(item)
            })
    }

    static func settleState(_ order: inout JSONObject) {
        let items = lines(order)
        let allInvoiced = items.allSatisfy { remaining($0, "qty_invoiced") == 0 }
        let allShipped = items.allSatisfy { remaining($0, "qty_shipped") == 0 }
        let refunded = order["total_refunded"]?.decimalValue ?? 0
        let paid = order["total_paid"]?.decimalValue ?? 0
        if paid > 0, refunded >= paid {
            order["state"] = "closed"
            order["status"] = "closed"
        } else if allInvoiced, allShipped {
            order["state"] = "complete"
            order["status"] = "complete"
        } else {
            order["state"] = "processing"
            order["status"] = "processing"
        }
    }

    private static func invoice(_ request: FakeRequest, state: inout FakeState, now: String) throws(FakeError)
        -> JSONValue
    {
        let orderID = try request.intPath("orderId")
        var current = try order(orderID, state)
        let refused = FakeError(400, "The order does not allow an invoice to be created.")
        guard ["new", "processing"].contains(current["state"]?.stringValue ?? "") else { throw refused }
        let quantities = try requestedQuantities(
            request, order: current, available: { remaining($0, "qty_invoiced") },
            error: FakeError(400, "The invoice can't be created without products. Add products and try again."))
        let id = state.nextDocumentID
        state.nextDocumentID += 1
        let built = documentItems(current, quantities, parentID: id, kind: .invoice, state: &state)
        let firstInvoice = (current["total_invoiced"]?.decimalValue ?? 0) == 0
        let shipping = firstInvoice ? current["shipping_amount"]?.decimalValue ?? 0 : 0
        let capture = request.member("capture")?.boolValue ?? false
        let total = built.subtotal - built.discount + shipping
        var invoice = documentFields(current, request: request, state: state)
        for (key, value) in [
            "entity_id": .int(id), "increment_id": .string(pad(id)), "state": .int(capture ? 2 : 1),
            "can_void_flag": 0, "grand_total": .number(total), "subtotal": .number(built.subtotal),
            "subtotal_incl_tax": .number(built.subtotal), "discount_amount": .number(0 - built.discount),
            "discount_tax_compensation_amount": 0, "shipping_amount": .number(shipping),
            "shipping_incl_tax": .number(shipping), "shipping_tax_amount": 0,
            "shipping_discount_tax_compensation_amount": 0, "tax_amount": 0, "total_qty": .number(built.quantity),
            "created_at": .string(now), "updated_at": .string(now), "items": built.items,
            "comments": documentComments(request, parentID: id, now: now, state: &state),
        ] as JSONObject {
            invoice[key] = value
        }
        FakeSalesAmounts.mirror(&invoice, FakeSalesAmounts.documentAmounts)
        state.invoices[id] = invoice
        addDiscounts(&current, "discount_invoiced", quantities)
        updateLines(&current, "qty_invoiced", quantities)
        add(&current, "subtotal_invoiced", built.subtotal)
        add(&current, "discount_invoiced", 0 - built.discount)
        add(&current, "shipping_invoiced", shipping)
        add(&current, "tax_invoiced", 0)
        add(&current, "discount_tax_compensation_invoiced", 0)
        add(&current, "total_invoiced", total)
        if capture { add(&current, "total_paid", total) }
        settleState(&current)
        current["updated_at"] = .string(now)
        FakeSalesAmounts.refresh(&current)
        state.orders[orderID] = current
        return .int(id)
    }

    /// The document's comments: the creation request's `comment`, as Magento stores it with the document.
    static func documentComments(_ request: FakeRequest, parentID: Int, now: String, state: inout FakeState)
        -> JSONValue
    {
        guard let text = request.member("comment")?["comment"]?.stringValue, !text.isEmpty else { return .array([]) }
        let id = state.nextDocumentID
        state.nextDocumentID += 1
        return .array([
            [
                "entity_id": .int(id), "parent_id": .int(parentID), "comment": .string(text),
                "is_visible_on_front": request.member("comment")?["is_visible_on_front"] ?? .int(0),
                "is_customer_notified": .int(0), "created_at": .string(now),
            ]
        ])
    }

    private static func ship(_ request: FakeRequest, state: inout FakeState, now: String) throws(FakeError) -> JSONValue
    {
        let orderID = try request.intPath("orderId")
        var current = try order(orderID, state)
        guard ["new", "processing"].contains(current["state"]?.stringValue ?? "") else {
            throw FakeError(
                400, "Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.")
        }
        let tracks = request.member("tracks")?.arrayValue ?? []
        for track in tracks {
            for field in ["track_number", "title", "carrier_code"] where (track[field]?.stringValue ?? "").isEmpty {
                throw FakeError(400, "Shipment Document Validation Error(s):\nPlease enter a tracking number.")
            }
        }
        let quantities = try requestedQuantities(
            request, order: current, available: { remaining($0, "qty_shipped") },
            error: FakeError(
                400, "Shipment Document Validation Error(s):\nYou can't create a shipment without products."))
        let id = state.nextDocumentID
        state.nextDocumentID += 1
        let built = documentItems(current, quantities, parentID: id, kind: .shipment, state: &state)
        let totalQty = built.quantity
        var trackObjects: [JSONValue] = []
        for track in tracks {
            trackObjects.append([
                "entity_id": .int(state.nextDocumentID), "parent_id": .int(id), "order_id": .int(orderID),
                "track_number": track["track_number"] ?? "", "title": track["title"] ?? "",
                "carrier_code": track["carrier_code"] ?? "", "created_at": .string(now), "updated_at": .string(now),
                "qty": .number(totalQty), "weight": .int(0), "description": "",
            ])
            state.nextDocumentID += 1
        }
        var shipment = documentFields(current, request: request, state: state)
        for key in FakeSalesAmounts.currencyFields(state).keys { shipment[key] = nil }
        for (key, value) in [
            "entity_id": .int(id), "increment_id": .string(pad(id)), "total_qty": .number(totalQty),
            "created_at": .string(now), "updated_at": .string(now), "items": built.items,
            "tracks": .array(trackObjects),
            "comments": documentComments(request, parentID: id, now: now, state: &state),
        ] as JSONObject {
            shipment[key] = value
        }
        shipment["customer_id"] = current["customer_id"]
        state.shipments[id] = shipment
        for item in lines(current) {
            guard let itemID = item["item_id"]?.intValue, let qty = quantities[itemID],
                let sku = item["sku"]?.stringValue
            else {
                continue
            }
            state.reservations[FakeState.key(sku), default: 0] -= qty
            let key = FakeState.sourceItemKey(sku, "default")
            if var sourceItem = state.sourceItems[key] {
                sourceItem["quantity"] = .number((sourceItem["quantity"]?.decimalValue ?? 0) - qty)
                state.sourceItems[key] = sourceItem
            }
        }
        updateLines(&current, "qty_shipped", quantities)
        settleState(&current)
        current["updated_at"] = .string(now)
        FakeSalesAmounts.refresh(&current)
        state.orders[orderID] = current
        return .int(id)
    }

    /// Magento's nine-digit document numbers.
    static func pad(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 9 - text.count)) + text
    }
}
