import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reservation-and-confirm: the holds a checkout made (``CheckoutWebhookResponder``) are confirmed once the order
/// reaches the ERP, through the outbox, so that ``ReservationEngine/releaseExpired()`` never releases a placed order's
/// stock.
///
/// The order's held answers are kept for `Configuration.confirmationHold` instead of their TTL from the commit that
/// queues its export (discovery or `queueExport`), and again with the export's acknowledgement. That acknowledgement
/// commits, in one transaction, the order's ERP number (the ID map) and a confirmation message (topic
/// `order.confirmReservations`, one per order by its idempotency key). A worker killed before that
/// commit exports the order again (found by its ERP number, not created twice) and commits the three again; one
/// killed after it leaves the message to any worker's ``DualWriteOrderEngine/deliver()``. The confirmation is retried
/// with the outbox's schedule and dead-lettered (with its history, replayable) when the ERP keeps refusing; meanwhile
/// the kept holds are not released, so a failed confirmation never turns into an oversell.
extension DualWriteOrderEngine {
    static let confirmationTopic = "order.confirmReservations"

    /// What the confirmation step needs: the order, its ERP number and its reservation keys.
    struct Confirmation: Codable {
        var entityID: Int
        var incrementID: String?
        var erpOrderNumber: String
        /// Every key to confirm: the order's lines, then its child rows' SKUs (an add-to-cart hook may have held them).
        var keys: [String]
        /// The keys of the order's lines, as the order-placement hook reserved them; only these are reported missing.
        var lineKeys: [String]

        enum CodingKeys: String, CodingKey {
            case entityID = "entity_id"
            case incrementID = "increment_id"
            case erpOrderNumber = "erp_order_number"
            case keys
            case lineKeys = "line_keys"
        }
    }

    /// The reservation keys of `order`, as ``CheckoutWebhookResponder`` made them: `<quote id>/<sku>` (or
    /// `order-<increment id>/<sku>` for an order without a quote id), first for the order's lines (child rows of
    /// configurable and bundle items left out, one key per SKU), then for the child rows' other SKUs.
    static func reservationKeys(of order: Order) -> (all: [String], lines: [String]) {
        let owner =
            order.quoteID.map(String.init) ?? "order-\(order.incrementID ?? String(order.entityID ?? 0))"
        var lines: [String] = []
        var children: [String] = []
        for item in order.items ?? [] {
            guard let sku = item.sku, !sku.isEmpty else { continue }
            let key = CheckoutWebhookResponder.reservationKey(quoteID: owner, sku: sku)
            if item.parentItemID != nil || item.parentItem != nil {
                if !children.contains(key) { children.append(key) }
            } else if !lines.contains(key) {
                lines.append(key)
            }
        }
        return (lines + children.filter { !lines.contains($0) }, lines)
    }

    /// Keeps the holds of a placed order past their TTL, in the commit that queues its export: an ERP down for longer
    /// than the TTL delays the export, and the holds must still be there to confirm when it comes back.
    static func keepHolds(
        of order: Order, reservations: (engine: ReservationEngine, hold: Duration), changes: inout StoreChanges
    ) async throws {
        let keys = reservationKeys(of: order).all
        guard !keys.isEmpty else { return }
        for record in try await reservations.engine.placedHolds(keys, until: changes.time.adding(reservations.hold)) {
            changes.saveReservation(record)
        }
    }

    /// Adds to the export's acknowledgement the confirmation of `order`'s holds and keeps those holds past their TTL.
    static func queueConfirmation(
        of order: Order, erpOrderNumber: String, reservations: ReservationEngine, hold: Duration,
        correlationID: String, changes: inout StoreChanges
    ) async throws {
        let (keys, lineKeys) = reservationKeys(of: order)
        guard !keys.isEmpty else { return }
        for record in try await reservations.placedHolds(keys, until: changes.time.adding(hold)) {
            changes.saveReservation(record)
        }
        let id = order.entityID ?? 0
        changes.enqueue(
            OutboxMessage.Draft(
                destination: SystemID.erp.rawValue, topic: confirmationTopic,
                idempotencyKey: "\(confirmationTopic):\(order.incrementID ?? String(id))",
                correlationID: correlationID,
                payload: try CommerceJSONEncoder().encode(
                    Confirmation(
                        entityID: id, incrementID: order.incrementID, erpOrderNumber: erpOrderNumber, keys: keys,
                        lineKeys: lineKeys))))
    }

    /// The confirmation handler: confirms every held key with the ERP number (a key confirmed by an earlier attempt is
    /// not asked again) and audits what it found. A failing ERP fails the message, which the outbox retries.
    static func confirmReservations(
        _ message: OutboxMessage, reservations: ReservationEngine, changes: inout StoreChanges
    ) async throws {
        let payload = try CommerceJSONDecoder().decode(Confirmation.self, from: message.payload)
        var confirmed: [String] = []
        var missing: [String] = []
        for key in payload.keys {
            switch try await reservations.confirmHold(key: key, erpOrderNumber: payload.erpOrderNumber) {
            case .confirmed: confirmed.append(key)
            case .notHeld: break
            case .unknown: if payload.lineKeys.contains(key) { missing.append(key) }
            }
        }
        guard !confirmed.isEmpty || !missing.isEmpty else { return }
        var explanation = "confirmed \(confirmed.count) hold(s) for ERP order \(payload.erpOrderNumber)"
        if !confirmed.isEmpty { explanation += ": \(confirmed.joined(separator: ", "))" }
        if !missing.isEmpty {
            explanation +=
                "; no hold found for \(missing.joined(separator: ", ")) (never reserved, released, or expired before "
                + "the order reached the ERP): check the ERP allocated that stock to the order"
        }
        changes.audit(
            AuditRecord(
                entity: EntityReference(.order, .commerce, payload.incrementID ?? String(payload.entityID)),
                action: missing.isEmpty ? "reservation.confirm" : "reservation.confirm.missing",
                incomingValue: try? JSONValue(encoding: payload.keys), winner: .erp, rule: "reservationAndConfirm",
                explanation: explanation, correlationID: message.correlationID, time: changes.time))
    }
}
