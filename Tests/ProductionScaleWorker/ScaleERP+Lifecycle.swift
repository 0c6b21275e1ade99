import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// The scale ERP's after-sales desk: credit memos against its invoices and returns (RMA), read by
/// `OrderLifecycleEngine` as an ``OrderLifecycleSource``. Its feeds fail before answering now and then; it issues no
/// order events.
extension ScaleERP: OrderLifecycleSource {
    static let lifecycleSchema = """
        CREATE TABLE IF NOT EXISTS erp_credit_memos(number TEXT PRIMARY KEY, erp_number TEXT NOT NULL,
            invoice_number TEXT, lines TEXT NOT NULL, adjustment_positive TEXT NOT NULL,
            adjustment_negative TEXT NOT NULL, comment TEXT, issued_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS erp_returns(number TEXT PRIMARY KEY, erp_number TEXT NOT NULL, lines TEXT NOT NULL,
            status TEXT NOT NULL, tracks TEXT NOT NULL, comment TEXT, updated_at INTEGER NOT NULL);
        """

    /// Fails before reading anything 3 times in 100.
    private func feedWeather() throws {
        if Int.random(in: 0..<100) < 3 { throw AdapterError(.unavailable, system: .erp, "the ERP's feed is busy") }
    }

    func orderEvents(after cursor: FeedCursor, limit: Int) async throws -> [ERPOrderEvent] { [] }

    func creditMemos(after cursor: FeedCursor, limit: Int) async throws -> [ERPCreditMemo] {
        try feedWeather()
        try database.execute(Self.lifecycleSchema)
        return try database.statement(
            """
            SELECT number, erp_number, invoice_number, lines, adjustment_positive, adjustment_negative, comment,
                issued_at FROM erp_credit_memos
            WHERE (issued_at, number) > (?1, ?2) ORDER BY issued_at, number LIMIT ?3
            """
        )
        .bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        .rows { row in
            ERPCreditMemo(
                number: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "", invoiceNumber: row.text(2),
                lines: try Self.lines(row.text(3)), adjustmentPositive: Decimal(string: row.text(4) ?? "0") ?? 0,
                adjustmentNegative: Decimal(string: row.text(5) ?? "0") ?? 0, comment: row.text(6),
                issuedAt: row.date(7))
        }
    }

    func returns(after cursor: FeedCursor, limit: Int) async throws -> [ERPReturn] {
        try feedWeather()
        try database.execute(Self.lifecycleSchema)
        return try database.statement(
            """
            SELECT number, erp_number, lines, status, tracks, comment, updated_at FROM erp_returns
            WHERE (updated_at, number) > (?1, ?2) ORDER BY updated_at, number LIMIT ?3
            """
        )
        .bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        .rows { row in
            ERPReturn(
                number: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "",
                lines: try JSONDecoder().decode([ERPReturn.Line].self, from: Data((row.text(2) ?? "[]").utf8)),
                status: row.text(3) ?? "pending",
                tracks: try JSONDecoder().decode([ERPReturn.Track].self, from: Data((row.text(4) ?? "[]").utf8)),
                comment: row.text(5), updatedAt: row.date(6))
        }
    }
}
