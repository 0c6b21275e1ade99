import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One event in the fake's journal, as Adobe I/O would hold it for a registration.
struct FakeJournalEntry {
    var position: Int
    var event: StoreEvent
}

/// The eventing module: subscriptions made through `/V1/eventing/*`, and the events a subscribed store emits when a
/// record changes, with the fields and rules the subscription names.
enum FakeEventing {
    /// The key the fake's I/O Events deliveries are signed with (a test key; it always parses).
    static let signingKey = try! RSAPrivateKey(pem: FakeSigningKeys.ioEvents)

    /// The eventing routes the fake answers.
    static let operations: [CommerceOperation] = [
        CommerceSchema.Operations.Eventing.postEventingEventSubscribeOperation,
        CommerceSchema.Operations.Eventing.putEventingEventSubscribeByNameOperation,
        CommerceSchema.Operations.Eventing.postEventingEventUnsubscribeByNameOperation,
        CommerceSchema.Operations.Eventing.getEventingGetEventSubscriptionsOperation,
    ]

    static let handlers: [String: FakeHandler] = [
        CommerceSchema.Operations.Eventing.postEventingEventSubscribeOperation.id: {
            state, request, _ throws(FakeError) in
            let event = try request.requiredObject("event")
            let name = try subscriptionName(event)
            let force = request.member("force")?.boolValue ?? false
            guard state.eventSubscriptions[name] == nil || force else {
                throw FakeError(400, "The event \"%1\" is already subscribed.", .array([.string(name)]))
            }
            state.eventSubscriptions[name] = try validated(event, name: name)
            return .bool(true)
        },
        CommerceSchema.Operations.Eventing.putEventingEventSubscribeByNameOperation.id: {
            state, request, _ throws(FakeError) in
            let name = request.path["name"] ?? ""
            guard var existing = state.eventSubscriptions[name] else {
                throw FakeError(400, "The event \"%1\" is not subscribed.", .array([.string(name)]))
            }
            let update = try request.requiredObject("event")
            for key in ["fields", "rules"] {
                let merged = (existing[key]?.arrayValue ?? []) + (update[key]?.arrayValue ?? [])
                var seen = Set<JSONValue>()
                existing[key] = .array(merged.filter { seen.insert($0).inserted })
            }
            for (key, value) in update where !["fields", "rules", "name"].contains(key) { existing[key] = value }
            state.eventSubscriptions[name] = try validated(existing, name: name)
            return .bool(true)
        },
        CommerceSchema.Operations.Eventing.postEventingEventUnsubscribeByNameOperation.id: {
            state, request, _ throws(FakeError) in
            let name = request.path["name"] ?? ""
            guard state.eventSubscriptions.removeValue(forKey: name) != nil else {
                throw FakeError(400, "The event \"%1\" is not subscribed.", .array([.string(name)]))
            }
            return .bool(true)
        },
        CommerceSchema.Operations.Eventing.getEventingGetEventSubscriptionsOperation.id: {
            state, _, _ throws(FakeError) in
            .array(state.eventSubscriptions.keys.sorted().map { .object(state.eventSubscriptions[$0]!) })
        },
    ]

    private static func subscriptionName(_ event: JSONObject) throws(FakeError) -> String {
        guard let name = event["name"]?.stringValue, !name.isEmpty else { throw FakeError.required("name") }
        guard name.hasPrefix("observer.") || name.hasPrefix("plugin.") else {
            throw FakeError(
                400, "Event name \"%1\" must start with \"observer.\" or \"plugin.\".", .array([.string(name)]))
        }
        return name
    }

    private static func validated(_ event: JSONObject, name: String) throws(FakeError) -> JSONObject {
        var event = event
        event["name"] = .string(name)
        for (index, field) in (event["fields"]?.arrayValue ?? []).enumerated()
        where (field["name"]?.stringValue ?? "").isEmpty {
            throw FakeError(400, "Field %1 of the event has no name.", .array([.number(Decimal(index))]))
        }
        let operators: Set<String> = ["greaterThan", "lessThan", "equal", "regex", "in", "onChange"]
        for rule in event["rules"]?.arrayValue ?? [] {
            guard let field = rule["field"]?.stringValue, !field.isEmpty,
                let op = rule["operator"]?.stringValue, operators.contains(op)
            else {
                throw FakeError(
                    400, "A rule needs a field and one of the operators %1.",
                    .array([.string(operators.sorted().joined(separator: ", "))]))
            }
        }
        event["fields"] = event["fields"] ?? .array([])
        event["rules"] = event["rules"] ?? .array([])
        event["priority"] = event["priority"] ?? .bool(false)
        event["destination"] = event["destination"] ?? "default"
        event["hipaa_audit_required"] = event["hipaa_audit_required"] ?? .bool(false)
        return event
    }

    /// Emits the events a write produced, for the names the store is subscribed to.
    static func recordChanges(
        of operation: CommerceOperation, request: FakeRequest, result: JSONValue, state: inout FakeState, now: Date
    ) {
        guard !state.eventSubscriptions.isEmpty else { return }
        func order(_ key: String) -> JSONObject? { request.path[key].flatMap(Int.init).flatMap { state.orders[$0] } }
        // MARK: order adjustments
        // `Order::cancel()` dispatches `order_cancel_after` when it cancels, before the order is saved.
        if operation.id == CommerceOperation.ordersCancel.id, result.boolValue == true, let record = order("id") {
            emit("observer.order_cancel_after", record, state: &state, now: now)
        }
        switch operation.id {
        case CommerceOperation.ordersCancel.id, CommerceOperation.ordersHold.id, CommerceOperation.ordersUnhold.id,
            CommerceOperation.orderCommentsAdd.id:
            if let record = order("id") { emit(StoreEventName.orderSaved, record, state: &state, now: now) }
        case CommerceOperation.ordersShip.id, CommerceOperation.ordersInvoice.id, CommerceOperation.ordersRefund.id:
            guard let record = order("orderId") else { return }
            let documents = [
                CommerceOperation.ordersShip.id: (StoreEventName.shipmentSaved, state.shipments),
                CommerceOperation.ordersInvoice.id: (StoreEventName.invoiceSaved, state.invoices),
                CommerceOperation.ordersRefund.id: (StoreEventName.creditMemoSaved, state.creditmemos),
            ]
            if let (name, table) = documents[operation.id], let id = result.intValue, let document = table[id] {
                emit(name, document, state: &state, now: now)
            }
            emit(StoreEventName.orderSaved, record, state: &state, now: now)
        // MARK: Order lifecycle
        case CommerceSchema.Operations.Invoice.postInvoiceByInvoiceIDRefundOperation.id:
            guard let id = result.intValue, let memo = state.creditmemos[id] else { return }
            emit(StoreEventName.creditMemoSaved, memo, state: &state, now: now)
            if let record = memo["order_id"]?.intValue.flatMap({ state.orders[$0] }) {
                emit(StoreEventName.orderSaved, record, state: &state, now: now)
            }
        case CommerceOperation.customersCreate.id, CommerceOperation.customersUpdate.id:
            if let id = result["id"]?.intValue, let customer = state.customers[id] {
                emit(StoreEventName.customerSaved, customer, state: &state, now: now)
            }
        case CommerceOperation.productsCreate.id, CommerceOperation.productsUpdate.id:
            if let id = result["id"]?.intValue {
                emit(StoreEventName.productSaved, state.product(id: id, store: "admin"), state: &state, now: now)
            }
        case CommerceOperation.productsDelete.id:
            if let sku = request.path["sku"] {
                emit(StoreEventName.productDeleted, ["sku": .string(sku)], state: &state, now: now)
            }
        case CommerceOperation.sourceItemsSave.id:
            for item in request.member("sourceItems")?.arrayValue ?? []
            where item["source_code"]?.stringValue == "default" {
                guard let sku = item["sku"]?.stringValue, let id = state.skuIndex[FakeState.key(sku)] else { continue }
                let record: JSONObject = [
                    "item_id": .int(id), "product_id": .int(id), "stock_id": 1, "sku": .string(sku),
                    "qty": item["quantity"] ?? 0, "is_in_stock": item["status"] ?? 1,
                ]
                emit(StoreEventName.stockItemSaved, record, state: &state, now: now)
            }
        default: break
        }
    }

    /// Appends an event for `name` with the subscribed fields of `record`, when the store is subscribed to it and
    /// its rules hold.
    static func emit(_ name: String, _ record: JSONObject, state: inout FakeState, now: Date) {
        guard let subscription = state.eventSubscriptions[name], rulesHold(subscription, on: record) else { return }
        let fields = (subscription["fields"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let value = fields.isEmpty || fields.contains("*") ? JSONValue.object(record) : select(fields, from: record)
        let position = (state.eventJournal.last?.position ?? 0) + 1
        let event = StoreEvent(
            id: UUID().uuidString.lowercased(), source: "urn:uuid:9f2c6a3e-fake-4c1d-9e55-commerce0001", name: name,
            time: now, eventID: UUID().uuidString.lowercased(), key: UUID().uuidString.lowercased(),
            storeSource: "fake.test", value: value,
            metadata: [
                "commerceEdition": "Adobe Commerce", "eventsClientVersion": "1.12.0", "storeId": "1",
                "websiteId": "1", "storeGroupId": "1",
            ])
        state.eventJournal.append(FakeJournalEntry(position: position, event: event))
        for listener in state.eventListeners.values { listener.yield(event) }
    }

    /// The subscribed paths of `record`: `name`, `nested.name`, `items[].sku`.
    static func select(_ paths: [String], from record: JSONObject) -> JSONValue {
        var result = JSONValue.object([:])
        for path in paths {
            let parts = path.split(separator: ".").map(String.init)
            if let value = pick(parts[...], from: .object(record)) { merge(value, at: parts[...], into: &result) }
        }
        return result
    }

    private static func pick(_ parts: ArraySlice<String>, from value: JSONValue) -> JSONValue? {
        guard let first = parts.first else { return value }
        if first.hasSuffix("[]") {
            guard let array = value[String(first.dropLast(2))]?.arrayValue else { return nil }
            return .array(array.map { pick(parts.dropFirst(), from: $0) ?? .null })
        }
        return value[first].flatMap { pick(parts.dropFirst(), from: $0) }
    }

    private static func merge(_ value: JSONValue, at parts: ArraySlice<String>, into target: inout JSONValue) {
        guard let first = parts.first, case .object(var object) = target else {
            target = value
            return
        }
        let key = first.hasSuffix("[]") ? String(first.dropLast(2)) : first
        if first.hasSuffix("[]"), case .array(let values) = value {
            var existing = object[key]?.arrayValue ?? Array(repeating: .object([:]), count: values.count)
            for (index, element) in values.enumerated() where index < existing.count {
                if parts.count == 1 {
                    existing[index] = element
                } else {
                    merge(element, at: parts.dropFirst(), into: &existing[index])
                }
            }
            object[key] = .array(existing)
        } else {
            var child = object[key] ?? .object([:])
            merge(value, at: parts.dropFirst(), into: &child)
            object[key] = child
        }
        target = .object(object)
    }

    private static func rulesHold(_ subscription: JSONObject, on record: JSONObject) -> Bool {
        (subscription["rules"]?.arrayValue ?? []).allSatisfy { rule in
            guard let field = rule["field"]?.stringValue, let op = rule["operator"]?.stringValue else { return false }
            let actual = pick(field.split(separator: ".").map(String.init)[...], from: .object(record))
            let expected = rule["value"]?.stringValue ?? ""
            switch op {
            case "equal": return actual?.stringValue == expected
            case "in":
                return actual?.stringValue.map { expected.split(separator: ",").map(String.init).contains($0) } ?? false
            case "greaterThan":
                guard let left = actual?.decimalValue, let right = Decimal(string: expected) else { return false }
                return left > right
            case "lessThan":
                guard let left = actual?.decimalValue, let right = Decimal(string: expected) else { return false }
                return left < right
            case "regex":
                let pattern = expected.count > 2 ? String(expected.dropFirst().dropLast()) : expected
                guard let regex = try? Regex(pattern), let text = actual?.stringValue else { return false }
                return text.contains(regex)
            default: return true
            }
        }
    }
}
