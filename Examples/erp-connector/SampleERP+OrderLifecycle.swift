import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// The sample ERP's after-sales desk: order notes, cancellations, credit notes and returns, kept in its SQLite file
/// and read by `OrderLifecycleEngine` through `OrderLifecycleSource`. Each feed is read by keyset,
/// `(change time, key) > cursor`, as the other feeds are.
extension SampleERP: OrderLifecycleSource {
    /// Creates the after-sales tables when they are missing.
    func prepareLifecycle() throws {
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS order_events(id TEXT PRIMARY KEY, order_number TEXT NOT NULL,
                action TEXT NOT NULL, occurred_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS credit_notes(number TEXT PRIMARY KEY, order_number TEXT NOT NULL,
                invoice_number TEXT, lines TEXT NOT NULL, shipping TEXT NOT NULL, adjustment_positive TEXT NOT NULL,
                adjustment_negative TEXT NOT NULL, comment TEXT, issued_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS returns(number TEXT PRIMARY KEY, order_number TEXT NOT NULL,
                lines TEXT NOT NULL, status TEXT NOT NULL, tracks TEXT NOT NULL, comment TEXT,
                updated_at INTEGER NOT NULL);
            """)
    }

    /// What the after-sales desk did since the last run: the newest open order is held, released and cancelled at the
    /// customer's request; two shipped orders get a credit note of one unit on their invoice (damaged in transit) and two others
    /// a return of one unit; returns opened on an earlier run are authorized, with the tracking number of the parcel
    /// coming back.
    /// - Returns: How many events, credit notes, new returns and return changes were recorded.
    func simulateAfterSales(run: Int, now: Date) throws -> (events: Int, creditNotes: Int, returns: Int, changes: Int) {
        try prepareLifecycle()
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        func lines(_ text: String?) -> [ERPOrderRequest.Line] {
            (try? decoder.decode([ERPOrderRequest.Line].self, from: Data((text ?? "[]").utf8))) ?? []
        }
        // Returns opened on an earlier run, and shipped orders with an invoice and nothing refunded or returned.
        let pending = try database.statement(
            "SELECT number FROM returns WHERE status = 'pending' ORDER BY number"
        ).rows { $0.text(0) ?? "" }
        let shipped = try database.statement(
            """
            SELECT o.number, o.lines, i.number FROM sales_orders o JOIN invoices i ON i.order_number = o.number
            WHERE o.status = 'shipped'
              AND NOT EXISTS (SELECT 1 FROM credit_notes c WHERE c.order_number = o.number)
              AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_number = o.number)
            ORDER BY o.created_at, o.number LIMIT 4
            """
        ).rows { ($0.text(0) ?? "", lines($0.text(1)), $0.text(2) ?? "") }
        return try database.transaction { () throws(BridgeError) -> (Int, Int, Int, Int) in
            var counts = (events: 0, creditNotes: 0, returns: 0, changes: 0)
            func event(_ order: String, _ action: ERPOrderEvent.Action, at time: Date) throws(BridgeError) {
                let id = String(format: "EV-%06d", try next("order_event"))
                let json = (try? encoder.encode(action)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                try database.statement("INSERT INTO order_events VALUES (?1, ?2, ?3, ?4)").bind(
                    .text(id), .text(order), .text(json), .date(time)
                ).run()
                counts.events += 1
            }
            // A customer calls about the newest open order: it is held while the desk checks, then cancelled.
            let open =
                try database.statement(
                    "SELECT number FROM sales_orders WHERE status = 'open' ORDER BY created_at DESC, number DESC LIMIT 1"
                ).firstRow { $0.text(0) } ?? nil
            if let open {
                try event(open, .hold, at: now)
                try event(open, .comment("Customer asked to cancel (ERP run \(run))", notify: true), at: now)
                // Magento cancels no order on hold: the hold is released first.
                try event(open, .unhold, at: now.addingTimeInterval(1))
                try event(open, .cancel(reason: "Cancelled at the customer's request"), at: now.addingTimeInterval(2))
                try database.statement("UPDATE sales_orders SET status = 'cancelled' WHERE number = ?1").bind(
                    .text(open)
                ).run()
            }
            // Returns opened on an earlier run are authorized; the parcel is on its way back.
            for number in pending {
                let tracks = [
                    ERPReturn.Track(carrierCode: "ups", carrierTitle: "UPS", trackingNumber: "1ZRET\(number)")
                ]
                let json = (try? encoder.encode(tracks)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
                try database.statement(
                    "UPDATE returns SET status = 'authorized', tracks = ?2, updated_at = ?3 WHERE number = ?1"
                ).bind(.text(number), .text(json), .date(now)).run()
                counts.changes += 1
            }
            for (index, (order, ordered, invoice)) in shipped.enumerated() {
                guard let first = ordered.first else { continue }
                let refunded = [ERPShipment.Line(sku: first.sku, quantity: 1)]
                let json = (try? encoder.encode(refunded)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
                if index < 2 {
                    let number = String(format: "CN-%06d", try next("credit_note"))
                    try database.statement(
                        "INSERT INTO credit_notes VALUES (?1, ?2, ?3, ?4, '0', '0', '0', 'Damaged in transit', ?5)"
                    ).bind(.text(number), .text(order), .text(invoice), .text(json), .date(now)).run()
                    counts.creditNotes += 1
                } else {
                    let number = String(format: "RT-%06d", try next("return"))
                    let returned = [ERPReturn.Line(sku: first.sku, quantity: 1, reason: "wrong size")]
                    let lines = (try? encoder.encode(returned)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
                    try database.statement(
                        "INSERT INTO returns VALUES (?1, ?2, ?3, 'pending', '[]', 'Requested by phone', ?4)"
                    ).bind(.text(number), .text(order), .text(lines), .date(now)).run()
                    counts.returns += 1
                }
            }
            return counts
        }
    }

    // MARK: OrderLifecycleSource

    func orderEvents(after cursor: FeedCursor, limit: Int) async throws -> [ERPOrderEvent] {
        try prepareLifecycle()
        let select = try database.statement(
            """
            SELECT id, order_number, action, occurred_at FROM order_events WHERE (occurred_at, id) > (?1, ?2)
            ORDER BY occurred_at, id LIMIT ?3
            """
        ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        return try select.rows { row in
            ERPOrderEvent(
                id: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "",
                action: try JSONDecoder().decode(ERPOrderEvent.Action.self, from: Data((row.text(2) ?? "").utf8)),
                occurredAt: row.date(3))
        }
    }

    func creditMemos(after cursor: FeedCursor, limit: Int) async throws -> [ERPCreditMemo] {
        try prepareLifecycle()
        let select = try database.statement(
            """
            SELECT number, order_number, invoice_number, lines, shipping, adjustment_positive, adjustment_negative,
                comment, issued_at FROM credit_notes WHERE (issued_at, number) > (?1, ?2)
            ORDER BY issued_at, number LIMIT ?3
            """
        ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        return try select.rows { row in
            ERPCreditMemo(
                number: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "", invoiceNumber: row.text(2),
                lines: try JSONDecoder().decode([ERPShipment.Line].self, from: Data((row.text(3) ?? "[]").utf8)),
                shippingAmount: Decimal(string: row.text(4) ?? "0") ?? 0,
                adjustmentPositive: Decimal(string: row.text(5) ?? "0") ?? 0,
                adjustmentNegative: Decimal(string: row.text(6) ?? "0") ?? 0, comment: row.text(7),
                issuedAt: row.date(8))
        }
    }

    func returns(after cursor: FeedCursor, limit: Int) async throws -> [ERPReturn] {
        try prepareLifecycle()
        let select = try database.statement(
            """
            SELECT number, order_number, lines, status, tracks, comment, updated_at FROM returns
            WHERE (updated_at, number) > (?1, ?2) ORDER BY updated_at, number LIMIT ?3
            """
        ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        return try select.rows { row in
            ERPReturn(
                number: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "",
                lines: try JSONDecoder().decode([ERPReturn.Line].self, from: Data((row.text(2) ?? "[]").utf8)),
                status: row.text(3) ?? "pending",
                tracks: try JSONDecoder().decode([ERPReturn.Track].self, from: Data((row.text(4) ?? "[]").utf8)),
                comment: row.text(5), updatedAt: row.date(6))
        }
    }
}
