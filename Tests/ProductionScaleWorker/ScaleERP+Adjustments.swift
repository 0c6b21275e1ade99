import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// The scale ERP takes cancellations and credit memos as it takes orders: slowly, failing now and then before or
/// after it commits, and without deduplicating (a second call is a second row); its lookups find the first row.
extension ScaleERP: OrderAdjustmentSink {
    static let adjustmentSchema = """
        CREATE TABLE IF NOT EXISTS cancellations(erp_number TEXT NOT NULL, commerce_number TEXT NOT NULL,
            idempotency_key TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS credit_notes(commerce_credit_memo TEXT NOT NULL, commerce_number TEXT NOT NULL,
            erp_number TEXT NOT NULL, idempotency_key TEXT NOT NULL, total TEXT NOT NULL, created_at INTEGER NOT NULL);
        """

    /// Waits a little, and fails before doing anything 4 times in 100.
    private func weather() async throws {
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...12)))
        if Int.random(in: 0..<100) < 4 { throw AdapterError(.unavailable, system: .erp, "the ERP is busy") }
    }

    /// Loses the answer after the commit 3 times in 100.
    private func loseAnswerSometimes(_ reference: String) throws {
        if Int.random(in: 0..<100) < 3 {
            throw AdapterError(
                .unavailable, system: .erp, "the connection dropped after the ERP committed \(reference)")
        }
    }

    func cancelOrder(_ cancellation: ERPCancellationRequest, idempotencyKey: String) async throws -> String {
        try await weather()
        try database.execute(Self.adjustmentSchema)
        let reference =
            try database.statement("INSERT INTO cancellations VALUES (?1, ?2, ?3, ?4) RETURNING 'CX-' || rowid")
            .bind(
                .text(cancellation.erpOrderNumber), .text(cancellation.commerceOrderNumber), .text(idempotencyKey),
                .date(Date())
            )
            .firstRow { $0.text(0) } ?? nil
        guard let reference else { throw AdapterError(.unavailable, system: .erp, "no reference came back") }
        try loseAnswerSometimes(reference)
        return reference
    }

    func recordCreditMemo(_ creditMemo: ERPCreditNoteRequest, idempotencyKey: String) async throws -> String {
        try await weather()
        try database.execute(Self.adjustmentSchema)
        let number =
            try database.statement("INSERT INTO credit_notes VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING 'CN-' || rowid")
            .bind(
                .text(creditMemo.commerceCreditMemoNumber), .text(creditMemo.commerceOrderNumber),
                .text(creditMemo.erpOrderNumber), .text(idempotencyKey), .text("\(creditMemo.grandTotal)"),
                .date(Date())
            )
            .firstRow { $0.text(0) } ?? nil
        guard let number else { throw AdapterError(.unavailable, system: .erp, "no credit note number came back") }
        try loseAnswerSometimes(number)
        return number
    }

    func cancellationReference(forERPOrder erpOrderNumber: String) async throws -> String? {
        try database.execute(Self.adjustmentSchema)
        return try database.statement(
            "SELECT 'CX-' || rowid FROM cancellations WHERE erp_number = ?1 ORDER BY rowid LIMIT 1"
        ).bind(.text(erpOrderNumber)).firstRow { $0.text(0) } ?? nil
    }

    func creditMemoNumber(forCommerceCreditMemo commerceCreditMemoNumber: String) async throws -> String? {
        try database.execute(Self.adjustmentSchema)
        return try database.statement(
            "SELECT 'CN-' || rowid FROM credit_notes WHERE commerce_credit_memo = ?1 ORDER BY rowid LIMIT 1"
        ).bind(.text(commerceCreditMemoNumber)).firstRow { $0.text(0) } ?? nil
    }
}
