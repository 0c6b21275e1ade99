import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension OrderAdjustmentExportEngine.Context {
    typealias Engine = OrderAdjustmentExportEngine

    /// The outbox handler: one cancellation or credit memo through the pattern's steps, sent once.
    ///
    /// It waits (``OutboxPostponement``, no attempt spent) while the order is not in the ERP yet and while an earlier
    /// document of the order is not sent; it sends nothing for the connector's own documents; and after the send it
    /// records the ERP's reference in the ID map, where a retry finds it.
    func deliver(_ message: OutboxMessage, changes: inout StoreChanges) async throws {
        let payload = try CommerceJSONDecoder().decode(Engine.Payload.self, from: message.payload)
        let order = try await commerce.orders.get(id: payload.orderID)
        let adjustment: StoreOrderAdjustment
        let key: MappingKey
        if let id = payload.creditMemoID {
            adjustment = .creditMemo(try await commerce.operations.creditmemo.getCreditmemoByID(id: id), order: order)
            key = Engine.creditMemoKey(id: id)
        } else {
            adjustment = .cancellation(order: order)
            key = Engine.cancellationKey(orderID: payload.orderID)
        }
        if case .mapped? = try await store.mapping(key) { return }  // sent; the acknowledgement was lost
        let entity = EntityReference(key.kind, .commerce, key.sourceID)
        if try await isEcho(adjustment, now: changes.time) {
            counts.add { $0.echoes += 1 }
            changes.audit(
                AuditRecord(
                    entity: entity, action: "\(message.topic).skipped", winner: .erp, rule: "echo",
                    explanation: "\(adjustment.name) was made by the connector from ERP data: not sent back",
                    correlationID: message.correlationID, time: changes.time))
            return
        }
        guard
            let erpOrderNumber = try await erpOrderNumber(
                of: order, for: adjustment, message: message, changes: &changes)
        else { return }
        if let earlier = try await earlierUnsent(before: adjustment, now: changes.time) {
            throw OutboxPostponement(
                delay: wait(for: message), reason: "\(adjustment.name) waits for \(earlier) to reach the ERP first")
        }
        try pattern.validate(adjustment)
        let request = try await pattern.beforeSend(
            try pattern.map(adjustment, erpOrderNumber: erpOrderNumber), from: adjustment)
        let unsure = try await store.isPending(key)
        let reference = try await store.mappedID(for: key, now: changes.time) { idempotencyKey in
            // An earlier attempt may have reached the ERP: one that cannot deduplicate is asked first.
            if unsure, let existing = try await lookUp(request) { return existing }
            return try await pattern.send(request, idempotencyKey: idempotencyKey, sink: sink)
        }
        try await pattern.afterSend(erpReference: reference, adjustment: request, from: adjustment)
        changes.audit(
            AuditRecord(
                entity: entity, action: message.topic, incomingValue: try? JSONValue(encoding: request),
                winner: .commerce, rule: "orderAdjustment",
                explanation: "\(adjustment.name) recorded in the ERP as \(reference) on order \(erpOrderNumber)",
                correlationID: message.correlationID, time: changes.time))
        switch adjustment {
        case .cancellation: counts.add { $0.cancellationsSent += 1 }
        case .creditMemo: counts.add { $0.creditMemosSent += 1 }
        }
    }

    /// The ERP number of the order, or `nil` when the document is settled without sending (parked, or recorded as not
    /// sent); throws ``OutboxPostponement`` while the order's export is on its way.
    private func erpOrderNumber(
        of order: Order, for adjustment: StoreOrderAdjustment, message: OutboxMessage, changes: inout StoreChanges
    ) async throws -> String? {
        let orderID = order.entityID ?? 0
        let orderKey = MappingKey(.order, from: .commerce, String(orderID), to: .erp)
        let state = try await store.mapping(orderKey)
        if case .mapped(let number)? = state { return number }
        let number = order.incrementID ?? String(orderID)
        let age = message.createdAt.distance(to: time.now())
        guard state == nil, age >= Double(configuration.exportPatience.components.seconds) else {
            // Claimed (its export is under way), or not yet: the order export has not had its chance.
            throw OutboxPostponement(delay: wait(for: message), reason: "order \(number) is not in the ERP yet")
        }
        let entity = EntityReference(.order, .commerce, number)
        switch adjustment {
        case .cancellation:
            counts.add { $0.notSent += 1 }
            changes.audit(
                AuditRecord(
                    entity: entity, action: "\(message.topic).notSent", rule: "orderAdjustment",
                    explanation:
                        "order \(number) was cancelled in Commerce and never reached the ERP: nothing to cancel",
                    correlationID: message.correlationID, time: changes.time))
        case .creditMemo:
            let reason =
                "\(adjustment.name) was made for order \(number), which has not reached the ERP in "
                + "\(configuration.exportPatience): export the order (or replay its dead letter), then queue the "
                + "credit memo again with queueCreditMemo(id:into:)"
            if try await store.parkOnce(
                ReviewItem.Draft(
                    entity: EntityReference(Engine.creditMemoKind, .commerce, message.idempotencyKey), reason: reason,
                    rule: "orderAdjustment", correlationID: message.correlationID), into: &changes)
            {
                counts.add { $0.parked += 1 }
            }
        }
        return nil
    }

    /// How long a waiting message waits: ``Configuration/orderWait``, growing with its age up to an hour.
    private func wait(for message: OutboxMessage) -> Duration {
        let age = max(0, message.createdAt.distance(to: time.now()))
        return min(max(configuration.orderWait, .seconds(age / 4)), .seconds(3_600))
    }

    /// The first document of the order that must reach the ERP before this one and has not: for a credit memo, an
    /// earlier credit memo; for a cancellation, any credit memo (Magento refunds nothing of a cancelled order, so
    /// they all came first). Documents the connector made from ERP data, or of kinds not sent, do not count.
    private func earlierUnsent(before adjustment: StoreOrderAdjustment, now: Date) async throws -> String? {
        guard configuration.documents.contains(.creditMemos), let orderID = adjustment.order.entityID else {
            return nil
        }
        let limit: Int
        switch adjustment {
        case .cancellation: limit = .max
        case .creditMemo(let memo, _): limit = memo.entityID ?? 0
        }
        var page = 1
        var seen = 0
        while true {
            let results = try await commerce.operations.creditmemos.getCreditmemos(
                searchCriteria: SearchCriteria().filter("order_id", .eq, String(orderID)).sorted(by: "entity_id")
                    .page(size: 100, current: page))
            let items = results.items ?? []
            for memo in items {
                guard let id = memo.entityID, id < limit else { continue }
                if case .mapped? = try await store.mapping(Engine.creditMemoKey(id: id)) { continue }
                if try await isEcho(.creditMemo(memo, order: adjustment.order), now: now) { continue }
                return "credit memo \(memo.incrementID ?? String(id))"
            }
            seen += items.count
            if items.isEmpty || seen >= results.totalCount ?? 0 { return nil }
            page += 1
        }
    }

    /// Asks an ERP that cannot deduplicate by key whether it already has the document.
    private func lookUp(_ request: ERPAdjustmentRequest) async throws -> String? {
        switch request {
        case .cancellation(let cancellation):
            try await sink.cancellationReference(forERPOrder: cancellation.erpOrderNumber)
        case .creditMemo(let memo):
            try await sink.creditMemoNumber(forCommerceCreditMemo: memo.commerceCreditMemoNumber)
        }
    }

    /// Whether the connector made this document in Commerce from ERP data: its echo fingerprint, its ID-map entry
    /// from the ERP, or a comment carrying one of ``Configuration/echoMarkers``.
    func isEcho(_ adjustment: StoreOrderAdjustment, now: Date) async throws -> Bool {
        let fingerprint: EchoFingerprint
        let kind: EntityKind
        let target: Int
        let comments: [String]
        switch adjustment {
        case .cancellation(let order):
            guard let id = order.entityID else { return false }
            (fingerprint, kind, target) = (.commerceCancellation(orderID: id), Engine.cancellationKind, id)
            comments = (order.statusHistories ?? []).filter { $0.status == "canceled" }.compactMap(\.comment)
        case .creditMemo(let memo, _):
            guard let id = memo.entityID else { return false }
            (fingerprint, kind, target) = (.commerceCreditMemo(id: id), Engine.creditMemoKind, id)
            comments = (memo.comments ?? []).compactMap(\.comment)
        }
        if comments.contains(where: { comment in configuration.echoMarkers.contains { comment.hasPrefix($0) } }) {
            return true
        }
        if try await store.sourceID(kind: kind, sourceSystem: .erp, targetSystem: .commerce, targetID: String(target))
            != nil
        {
            return true
        }
        return try await !store.echoes(among: [fingerprint], now: now).isEmpty
    }
}
