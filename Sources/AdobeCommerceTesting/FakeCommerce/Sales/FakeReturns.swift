import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Adobe Commerce returns (RMA, `/V1/returns`): create with items, read, search, change status and item quantities,
/// comments and tracking numbers.
///
/// A line may return what was shipped less what other returns (not rejected or denied) already request: Magento_Rma's
/// "You cannot return %1." for a line with nothing returnable and "A quantity of %1 is greater than you can return."
/// beyond it. Magento_Rma ships only with Adobe Commerce and is not in the open-source repository; the messages are
/// those its controllers and GraphQL resolver use, and the status and quantity checks of a change are the fake's own
/// (a known status; authorized ≤ requested, returned ≤ authorized, approved ≤ returned).
enum FakeReturns {
    typealias Returns = CommerceSchema.Operations.Returns

    static let operations: [CommerceOperation] = [
        Returns.getReturnsOperation, Returns.postReturnsOperation, Returns.getReturnsByIDOperation,
        Returns.putReturnsByIDOperation, Returns.getReturnsByIDCommentsOperation,
        Returns.postReturnsByIDCommentsOperation, Returns.getReturnsByIDTrackingNumbersOperation,
        Returns.postReturnsByIDTrackingNumbersOperation,
    ]

    /// The RMA statuses Adobe Commerce knows.
    static let statuses: Set<String> = [
        "pending", "authorized", "partially_authorized", "received", "received_on_item", "approved_on_item",
        "rejected_on_item", "rejected", "denied", "closed", "processed_closed",
    ]
    /// The RMA item statuses.
    static let itemStatuses: Set<String> = ["pending", "authorized", "received", "approved", "rejected", "denied"]

    static let handlers: [String: FakeHandler] = [
        Returns.getReturnsOperation.id: FakeSearch.handler { $0.returns },
        Returns.postReturnsOperation.id: { state, request, context throws(FakeError) in
            .object(try create(try request.requiredObject("rmaDataObject"), state: &state, now: context.now))
        },
        Returns.getReturnsByIDOperation.id: { state, request, _ throws(FakeError) in
            .object(try rma(request.intPath("id"), state))
        },
        Returns.putReturnsByIDOperation.id: { state, request, context throws(FakeError) in
            .object(try update(request, state: &state, now: context.now))
        },
        Returns.getReturnsByIDCommentsOperation.id: { state, request, _ throws(FakeError) in
            let comments = try rma(request.intPath("id"), state)["comments"]?.arrayValue ?? []
            return ["items": .array(comments), "total_count": .int(comments.count), "search_criteria": [:]]
        },
        Returns.postReturnsByIDCommentsOperation.id: { state, request, context throws(FakeError) in
            let id = try request.intPath("id")
            var current = try rma(id, state)
            let data = try request.requiredObject("data")
            guard let text = data["comment"]?.stringValue, !text.isEmpty else { throw FakeError.required("comment") }
            current["comments"] = .array(
                (current["comments"]?.arrayValue ?? [])
                    + [.object(comment(data, rmaID: id, status: current["status"], now: context.now, state: &state))])
            state.returns[id] = current
            return true
        },
        Returns.getReturnsByIDTrackingNumbersOperation.id: { state, request, _ throws(FakeError) in
            let tracks = try rma(request.intPath("id"), state)["tracks"]?.arrayValue ?? []
            return ["items": .array(tracks), "total_count": .int(tracks.count), "search_criteria": [:]]
        },
        Returns.postReturnsByIDTrackingNumbersOperation.id: { state, request, _ throws(FakeError) in
            let id = try request.intPath("id")
            var current = try rma(id, state)
            current["tracks"] = .array(
                (current["tracks"]?.arrayValue ?? [])
                    + [.object(try track(try request.requiredObject("track"), rmaID: id, state: &state))])
            state.returns[id] = current
            return true
        },
    ]

    static func rma(_ id: Int, _ state: FakeState) throws(FakeError) -> JSONObject {
        guard let rma = state.returns[id] else { throw FakeError.noSuchEntity("entity_id", String(id)) }
        return rma
    }

    /// What each order line may still return: shipped, less what other live returns request.
    private static func returnable(_ order: JSONObject, state: FakeState, excluding rmaID: Int? = nil) -> [Int: Decimal]
    {
        var available: [Int: Decimal] = [:]
        for item in FakeSalesHandlers.lines(order) {
            guard let id = item["item_id"]?.intValue else { continue }
            available[id] = FakeSalesAmounts.amount(item, "qty_shipped")
        }
        for (id, other) in state.returns
        where id != rmaID && other["order_id"] == order["entity_id"]
            && !["rejected", "denied", "closed"].contains(other["status"]?.stringValue ?? "")
        {
            for line in other["items"]?.arrayValue ?? []
            where !["rejected", "denied"].contains(line["status"]?.stringValue ?? "") {
                if let item = line["order_item_id"]?.intValue {
                    available[item, default: 0] -= line["qty_requested"]?.decimalValue ?? 0
                }
            }
        }
        return available
    }

    private static func create(_ data: JSONObject, state: inout FakeState, now: String) throws(FakeError) -> JSONObject
    {
        guard let orderID = data["order_id"]?.intValue else { throw FakeError.required("order_id") }
        let order = try FakeSalesHandlers.order(orderID, state)
        let requested = data["items"]?.arrayValue ?? []
        guard !requested.isEmpty else { throw FakeError.required("items") }
        var available = returnable(order, state: state)
        let lines = FakeSalesHandlers.lines(order)
        let id = state.nextReturnID
        var items: [JSONValue] = []
        for entry in requested {
            let itemID = entry["order_item_id"]?.intValue ?? 0
            let qty = entry["qty_requested"]?.decimalValue ?? 0
            let line = lines.first { $0["item_id"]?.intValue == itemID }
            let name = line?["name"]?.stringValue ?? line?["sku"]?.stringValue ?? String(itemID)
            guard line != nil, (available[itemID] ?? 0) > 0 else {
                throw FakeError(400, "You cannot return %1.", .array([.string(name)]))
            }
            guard qty >= 1 else { throw FakeError(400, "You cannot return less than 1 product.") }
            guard qty <= available[itemID] ?? 0 else {
                throw FakeError(400, "A quantity of %1 is greater than you can return.", .array([.string(name)]))
            }
            available[itemID, default: 0] -= qty
            var item = entry.objectValue ?? [:]
            item["entity_id"] = .int(state.nextDocumentID)
            state.nextDocumentID += 1
            item["rma_entity_id"] = .int(id)
            item["status"] = item["status"] ?? "pending"
            item["qty_requested"] = .number(qty)
            items.append(.object(item))
        }
        state.nextReturnID += 1
        var rma: JSONObject = [
            "entity_id": .int(id), "increment_id": .string(FakeSalesHandlers.pad(id)), "order_id": .int(orderID),
            "order_increment_id": order["increment_id"] ?? .null, "store_id": order["store_id"] ?? .int(1),
            "customer_id": order["customer_id"] ?? .null, "date_requested": .string(now), "status": "pending",
            "items": .array(items), "comments": .array([]), "tracks": .array([]),
        ]
        if let email = data["customer_custom_email"] { rma["customer_custom_email"] = email }
        var comments: [JSONValue] = []
        for entry in data["comments"]?.arrayValue ?? [] {
            guard let object = entry.objectValue, !(object["comment"]?.stringValue ?? "").isEmpty else { continue }
            comments.append(.object(comment(object, rmaID: id, status: "pending", now: now, state: &state)))
        }
        rma["comments"] = .array(comments)
        var tracks: [JSONValue] = []
        for entry in data["tracks"]?.arrayValue ?? [] {
            tracks.append(.object(try track(entry.objectValue ?? [:], rmaID: id, state: &state)))
        }
        rma["tracks"] = .array(tracks)
        state.returns[id] = rma
        return rma
    }

    private static func update(_ request: FakeRequest, state: inout FakeState, now: String) throws(FakeError)
        -> JSONObject
    {
        let id = try request.intPath("id")
        var current = try rma(id, state)
        let data = try request.requiredObject("rmaDataObject")
        if let status = data["status"]?.stringValue {
            guard statuses.contains(status) else {
                throw FakeError(400, "The return status \"%1\" is not valid.", .array([.string(status)]))
            }
            current["status"] = .string(status)
        }
        if let changes = data["items"]?.arrayValue {
            var items = current["items"]?.arrayValue?.compactMap(\.objectValue) ?? []
            for change in changes {
                guard
                    let index = items.firstIndex(where: {
                        $0["entity_id"] == change["entity_id"] || $0["order_item_id"] == change["order_item_id"]
                    })
                else {
                    throw FakeError(
                        400, "You cannot return %1.", .array([.string(String(change["order_item_id"]?.intValue ?? 0))]))
                }
                var item = items[index]
                for key in [
                    "status", "qty_authorized", "qty_returned", "qty_approved", "condition", "reason", "resolution",
                ]
                where change[key] != nil && change[key] != .null {
                    item[key] = change[key]
                }
                if let status = item["status"]?.stringValue, !itemStatuses.contains(status) {
                    throw FakeError(400, "The return item status \"%1\" is not valid.", .array([.string(status)]))
                }
                let requested = FakeSalesAmounts.amount(item, "qty_requested")
                let authorized = FakeSalesAmounts.amount(item, "qty_authorized")
                let returned = FakeSalesAmounts.amount(item, "qty_returned")
                let approved = FakeSalesAmounts.amount(item, "qty_approved")
                guard authorized <= requested, returned <= max(authorized, 0), approved <= returned || returned == 0
                else {
                    throw FakeError(
                        400, "A quantity of %1 is greater than you can return.",
                        .array([.string(String(item["order_item_id"]?.intValue ?? 0))]))
                }
                items[index] = item
            }
            current["items"] = .array(items.map(JSONValue.object))
        }
        current["updated_at"] = .string(now)
        state.returns[id] = current
        return current
    }

    private static func comment(
        _ data: JSONObject, rmaID: Int, status: JSONValue?, now: String, state: inout FakeState
    ) -> JSONObject {
        var comment = data
        comment["entity_id"] = .int(state.nextDocumentID)
        state.nextDocumentID += 1
        comment["rma_entity_id"] = .int(rmaID)
        comment["created_at"] = .string(now)
        comment["status"] = status ?? "pending"
        comment["admin"] = data["admin"] ?? true
        comment["customer_notified"] = data["customer_notified"] ?? false
        comment["visible_on_front"] = data["visible_on_front"] ?? false
        return comment
    }

    private static func track(_ data: JSONObject, rmaID: Int, state: inout FakeState) throws(FakeError) -> JSONObject {
        for field in ["track_number", "carrier_code"] where (data[field]?.stringValue ?? "").isEmpty {
            throw FakeError.required(field)
        }
        var track = data
        track["entity_id"] = .int(state.nextDocumentID)
        state.nextDocumentID += 1
        track["rma_entity_id"] = .int(rmaID)
        track["carrier_title"] = data["carrier_title"] ?? data["carrier_code"] ?? ""
        return track
    }
}
