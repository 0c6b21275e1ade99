import AdobeCommerce
import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// The ERP of the production-scale test, one SQLite file shared by every worker process: a PIM's items, a sales
/// order table that does NOT deduplicate (a second create is a second row, so a duplicate is visible), the
/// warehouse's deliveries and invoices, and customer accounts written from both sides. Creating an order is slow and fails now and then, before or after it
/// commits (an answer lost on the way back).
actor ScaleERP: ProductInformationSource, OrderSink, FulfillmentSource, CustomerMaster {
    static let schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS items(sku TEXT PRIMARY KEY, name TEXT NOT NULL, updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS items_feed ON items(updated_at, sku);
        CREATE TABLE IF NOT EXISTS sales_orders(commerce_number TEXT NOT NULL, idempotency_key TEXT NOT NULL,
            lines TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS deliveries(number TEXT PRIMARY KEY, erp_number TEXT NOT NULL,
            tracking TEXT NOT NULL, lines TEXT NOT NULL, shipped_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS invoices(number TEXT PRIMARY KEY, erp_number TEXT NOT NULL, amount TEXT NOT NULL,
            lines TEXT NOT NULL, issued_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS accounts(email TEXT PRIMARY KEY, firstname TEXT NOT NULL, lastname TEXT NOT NULL,
            version INTEGER NOT NULL, updated_at INTEGER NOT NULL);
        """

    let database: SQLiteConnection
    private var random = SystemRandomNumberGenerator()

    init(path: String) throws {
        database = try SQLiteConnection(path: path, busyTimeout: .seconds(10))
        try database.execute(Self.schema)
    }

    // MARK: ProductInformationSource

    func productChanges(after cursor: FeedCursor, limit: Int) async throws -> [SourceProduct] {
        try database.statement(
            "SELECT sku, name, updated_at FROM items WHERE (updated_at, sku) > (?1, ?2) ORDER BY updated_at, sku LIMIT ?3"
        )
        .bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        .rows { row in
            SourceProduct(
                sku: row.text(0) ?? "", attributes: ["name": row.text(1) ?? "", "status": "1"], updatedAt: row.date(2))
        }
    }

    // MARK: OrderSink

    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...12, using: &random)))
        if Int.random(in: 0..<100, using: &random) < 4 {
            throw AdapterError(.unavailable, system: .erp, "the ERP is busy")
        }
        let lines = String(decoding: try JSONEncoder().encode(order.lines), as: UTF8.self)
        let number =
            try database.statement(
                "INSERT INTO sales_orders VALUES (?1, ?2, ?3, ?4) RETURNING 'SO-' || rowid"
            )
            .bind(.text(order.commerceOrderNumber), .text(idempotencyKey), .text(lines), .date(Date()))
            .firstRow { $0.text(0) } ?? nil
        guard let number else { throw AdapterError(.unavailable, system: .erp, "no order number came back") }
        if Int.random(in: 0..<100, using: &random) < 3 {
            throw AdapterError(.unavailable, system: .erp, "the connection dropped after the ERP committed \(number)")
        }
        return number
    }

    func orderStatus(erpOrderNumber: String) async throws -> String { "open" }

    func orderNumber(forCommerceOrder commerceOrderNumber: String) async throws -> String? {
        try database.statement(
            "SELECT 'SO-' || rowid FROM sales_orders WHERE commerce_number = ?1 ORDER BY rowid LIMIT 1"
        )
        .bind(.text(commerceOrderNumber)).firstRow { $0.text(0) } ?? nil
    }

    // MARK: FulfillmentSource

    func shipments(after cursor: FeedCursor, limit: Int) async throws -> [ERPShipment] {
        try database.statement(
            """
            SELECT number, erp_number, tracking, lines, shipped_at FROM deliveries
            WHERE (shipped_at, number) > (?1, ?2) ORDER BY shipped_at, number LIMIT ?3
            """
        )
        .bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        .rows { row in
            ERPShipment(
                number: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "", carrierCode: "ups",
                carrierTitle: "United Parcel Service", trackingNumber: row.text(2) ?? "",
                lines: try Self.lines(row.text(3)), shippedAt: row.date(4))
        }
    }

    func invoices(after cursor: FeedCursor, limit: Int) async throws -> [ERPInvoice] {
        try database.statement(
            """
            SELECT number, erp_number, amount, lines, issued_at FROM invoices
            WHERE (issued_at, number) > (?1, ?2) ORDER BY issued_at, number LIMIT ?3
            """
        )
        .bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        .rows { row in
            ERPInvoice(
                number: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "",
                amount: Decimal(string: row.text(2) ?? "0") ?? 0, lines: try Self.lines(row.text(3)),
                issuedAt: row.date(4))
        }
    }

    // MARK: CustomerMaster

    func customerChanges(after cursor: FeedCursor, limit: Int) async throws -> [MasterCustomer] {
        try database.statement(
            """
            SELECT email, rowid, firstname, lastname, version, updated_at FROM accounts
            WHERE (updated_at, email) > (?1, ?2) ORDER BY updated_at, email LIMIT ?3
            """
        )
        .bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        .rows { row in
            MasterCustomer(
                masterID: "C-\(row.int64(1))", email: row.text(0) ?? "",
                fields: ["firstname": row.text(2) ?? "", "lastname": row.text(3) ?? ""], version: row.int64(4),
                updatedAt: row.date(5))
        }
    }

    func upsertCustomer(_ customer: MasterCustomer, idempotencyKey: String) async throws -> String {
        let id =
            try database.statement(
                """
                INSERT INTO accounts VALUES (lower(?1), ?2, ?3, 1, ?4) ON CONFLICT(email) DO UPDATE SET
                firstname = excluded.firstname, lastname = excluded.lastname, version = version + 1,
                updated_at = excluded.updated_at RETURNING rowid
                """
            )
            .bind(
                .text(customer.email), .text(customer.fields["firstname"] ?? ""),
                .text(customer.fields["lastname"] ?? ""), .date(Date())
            )
            .firstRow { $0.int64(0) }
        guard let id else { throw AdapterError(.unavailable, system: .erp, "no account id came back") }
        return "C-\(id)"
    }

    static func lines(_ text: String?) throws -> [ERPShipment.Line] {
        try JSONDecoder().decode([ERPShipment.Line].self, from: Data((text ?? "[]").utf8))
    }
}
