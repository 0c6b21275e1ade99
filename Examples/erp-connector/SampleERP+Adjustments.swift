import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// The sample ERP takes what happens to an order in the store after it was exported: a cancellation marks the sales
/// order cancelled (unless the warehouse shipped it), a credit memo becomes a credit note against the sales order.
/// Both are idempotent by key (the `request_keys` table), and the lookups find them by the web references too.
extension SampleERP: OrderAdjustmentSink {
    /// Creates the table of credit notes recorded for credit memos made in the web store on first use (apart from the
    /// after-sales desk's own `credit_notes`, which go the other way).
    private func prepareAdjustments() throws {
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS web_credit_notes(number TEXT PRIMARY KEY, order_number TEXT NOT NULL,
                web_credit_memo TEXT NOT NULL UNIQUE, total TEXT NOT NULL, currency TEXT NOT NULL,
                lines TEXT NOT NULL, created_at INTEGER NOT NULL);
            """)
    }

    private func answer(forKey key: String) throws -> String? {
        try database.statement("SELECT result FROM request_keys WHERE key = ?1").bind(.text(key))
            .firstRow { $0.text(0) } ?? nil
    }

    func cancelOrder(_ cancellation: ERPCancellationRequest, idempotencyKey: String) async throws -> String {
        if let known = try answer(forKey: idempotencyKey) { return known }
        let status = try await orderStatus(erpOrderNumber: cancellation.erpOrderNumber)
        guard status != "shipped" else {
            throw AdapterError(
                .rejected, system: .erp,
                "sales order \(cancellation.erpOrderNumber) has shipped; return the goods instead of cancelling")
        }
        try database.transaction { () throws(BridgeError) in
            try database.statement("UPDATE sales_orders SET status = 'cancelled' WHERE number = ?1").bind(
                .text(cancellation.erpOrderNumber)
            ).run()
            try database.statement("INSERT INTO request_keys VALUES (?1, ?2)").bind(
                .text(idempotencyKey), .text(cancellation.erpOrderNumber)
            ).run()
        }
        return cancellation.erpOrderNumber
    }

    func recordCreditMemo(_ creditMemo: ERPCreditNoteRequest, idempotencyKey: String) async throws -> String {
        try prepareAdjustments()
        if let known = try answer(forKey: idempotencyKey) { return known }
        _ = try await orderStatus(erpOrderNumber: creditMemo.erpOrderNumber)  // notFound for an unknown order
        let number = "CN-\(5_000 + (try next("credit_note")))"
        let lines = String(decoding: try JSONEncoder().encode(creditMemo.lines), as: UTF8.self)
        try database.transaction { () throws(BridgeError) in
            try database.statement("INSERT INTO web_credit_notes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)").bind(
                .text(number), .text(creditMemo.erpOrderNumber), .text(creditMemo.commerceCreditMemoNumber),
                .text("\(creditMemo.grandTotal)"), .text(creditMemo.currency), .text(lines), .date(Date())
            ).run()
            try database.statement("INSERT INTO request_keys VALUES (?1, ?2)").bind(
                .text(idempotencyKey), .text(number)
            ).run()
        }
        return number
    }

    func cancellationReference(forERPOrder erpOrderNumber: String) async throws -> String? {
        let status = try await orderStatus(erpOrderNumber: erpOrderNumber)
        return status == "cancelled" ? erpOrderNumber : nil
    }

    func creditMemoNumber(forCommerceCreditMemo commerceCreditMemoNumber: String) async throws -> String? {
        try prepareAdjustments()
        return try database.statement("SELECT number FROM web_credit_notes WHERE web_credit_memo = ?1")
            .bind(.text(commerceCreditMemoNumber)).firstRow { $0.text(0) } ?? nil
    }

    /// The credit notes recorded, for the run report.
    func creditNoteCount() throws -> Int {
        try prepareAdjustments()
        return Int(try database.integer("SELECT COUNT(*) FROM web_credit_notes"))
    }
}
