import AdobeCommerce
import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// A small ERP kept in one SQLite file (items, stock, group prices, customer accounts, sales orders, deliveries
/// and invoices), and the adapter that connects it: one conformance per capability the connector uses.
///
/// In a real connector the adapter calls the ERP's API (SAP OData, NetSuite SuiteTalk, Business Central, a
/// database view…); here it runs SQL against the file. The semantics the engines rely on are the same:
/// changes since a date oldest first, idempotent writes by key, and `AdapterError` saying whether to retry.
actor SampleERP: ProductInformationSource, ERPInventorySource, ERPPriceSource, OrderSink, OrderLedger,
    FulfillmentSource, CustomerMaster
{
    /// Orders for these customers are refused: their accounts are on credit hold.
    static let creditHold: Set<String> = ["hold@example.com"]
    /// The SKU the ERP prices slowly (a custom price rule calling out to a rating service).
    static let slowPricingSKU = "ERP-0007"

    let database: SQLiteConnection
    private var failedOnce: Set<String> = []

    /// Opens (creating) the ERP's file.
    init(path: String) throws {
        database = try SQLiteConnection(path: path, busyTimeout: .seconds(5))
        try database.execute(
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS items(sku TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL,
                list_price TEXT NOT NULL, weight TEXT NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS stock(sku TEXT NOT NULL, warehouse TEXT NOT NULL, on_hand TEXT NOT NULL,
                updated_at INTEGER NOT NULL, PRIMARY KEY (sku, warehouse));
            CREATE TABLE IF NOT EXISTS group_prices(sku TEXT NOT NULL, customer_group INTEGER NOT NULL,
                min_qty TEXT NOT NULL, price TEXT NOT NULL, PRIMARY KEY (sku, customer_group, min_qty));
            CREATE TABLE IF NOT EXISTS accounts(email TEXT PRIMARY KEY, account TEXT NOT NULL UNIQUE,
                first_name TEXT NOT NULL, last_name TEXT NOT NULL, vat TEXT, version INTEGER NOT NULL,
                updated_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS sales_orders(number TEXT PRIMARY KEY, web_number TEXT NOT NULL,
                email TEXT NOT NULL, total TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
                lines TEXT NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS request_keys(key TEXT PRIMARY KEY, result TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS deliveries(number TEXT PRIMARY KEY, order_number TEXT NOT NULL,
                carrier TEXT NOT NULL, tracking TEXT NOT NULL, lines TEXT NOT NULL, shipped_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS invoices(number TEXT PRIMARY KEY, order_number TEXT NOT NULL,
                amount TEXT NOT NULL, issued_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            """)
    }

    // MARK: The ERP's own business (what its users do between connector runs)

    /// Fills an empty ERP with `items` items, stock, group prices and `accounts` customer accounts.
    /// - Returns: Whether it was empty.
    func seedIfEmpty(items: Int, accounts: Int, now: Date) throws -> Bool {
        guard try database.integer("SELECT COUNT(*) FROM items") == 0 else { return false }
        try database.transaction { () throws(BridgeError) in
            for index in 1...items {
                let sku = Self.sku(index)
                let price = Decimal(10 + index % 90) + Decimal(string: "0.99")!
                try database.statement("INSERT INTO items VALUES (?1, ?2, ?3, ?4, ?5, ?6)").bind(
                    .text(sku), .text("Industrial part \(index)"), .text("Spare part no. \(index) from the ERP."),
                    .text("\(price)"), .text("\(Decimal(index % 7 + 1))"), .date(now)
                ).run()
                try database.statement("INSERT INTO stock VALUES (?1, 'default', ?2, ?3)").bind(
                    .text(sku), .text("\(index % 13 == 0 ? 0 : 20 + index % 50)"), .date(now)
                ).run()
                try database.statement("INSERT INTO group_prices VALUES (?1, 2, '10', ?2)").bind(
                    .text(sku), .text("\(price * Decimal(string: "0.85")!)")
                ).run()
            }
            for index in 1...accounts {
                try database.statement("INSERT INTO accounts VALUES (?1, ?2, ?3, ?4, NULL, 1, ?5)").bind(
                    .text("buyer\(index)@example.com"), .text("A-\(1000 + index)"), .text("Buyer"),
                    .text("Account \(index)"), .date(now)
                ).run()
            }
        }
        return true
    }

    /// What the ERP's users did since the last run: a few price and description changes, stock counts, and a
    /// renamed account. Deterministic per run number, so two runs show the same kind of delta.
    func simulateActivity(run: Int, now: Date) throws -> (items: Int, stock: Int) {
        let count = Int(try database.integer("SELECT COUNT(*) FROM items"))
        guard count > 0 else { return (0, 0) }
        var items = 0
        var stock = 0
        try database.transaction { () throws(BridgeError) in
            for step in 0..<4 {
                let sku = Self.sku((run * 37 + step * 11) % count + 1)
                try database.statement(
                    "UPDATE items SET list_price = ?2, description = ?3, updated_at = ?4 WHERE sku = ?1"
                ).bind(
                    .text(sku), .text("\(Decimal(20 + run * 3 + step))"),
                    .text("Revised in ERP run \(run)."), .date(now)
                ).run()
                items += 1
            }
            for step in 0..<6 {
                let sku = Self.sku((run * 53 + step * 7) % count + 1)
                try database.statement("UPDATE stock SET on_hand = ?2, updated_at = ?3 WHERE sku = ?1").bind(
                    .text(sku), .text("\(10 + (run + step) % 40)"), .date(now)
                ).run()
                stock += 1
            }
            try database.statement(
                "UPDATE accounts SET last_name = ?1, version = version + 1, updated_at = ?2 WHERE email = 'buyer1@example.com'"
            ).bind(.text("Account 1 (renamed in run \(run))"), .date(now)).run()
        }
        return (items, stock)
    }

    /// The warehouse ships every open order in full, with a tracking number, and invoices it.
    /// - Returns: How many orders were shipped.
    func shipOpenOrders(now: Date) throws -> Int {
        let orders = try database.statement("SELECT number, lines, total FROM sales_orders WHERE status = 'open'")
            .rows { ($0.text(0) ?? "", $0.text(1) ?? "[]", $0.text(2) ?? "0") }
        try database.transaction { () throws(BridgeError) in
            for (number, lines, total) in orders {
                let sequence = try next("delivery")
                try database.statement("INSERT INTO deliveries VALUES (?1, ?2, 'ups', ?3, ?4, ?5)").bind(
                    .text("DL-\(sequence)"), .text(number), .text("1Z999AA1\(String(format: "%08d", sequence))"),
                    .text(lines), .date(now)
                ).run()
                try database.statement("INSERT INTO invoices VALUES (?1, ?2, ?3, ?4)").bind(
                    .text("IN-\(sequence)"), .text(number), .text(total), .date(now)
                ).run()
                try database.statement("UPDATE sales_orders SET status = 'shipped' WHERE number = ?1").bind(
                    .text(number)
                ).run()
                // Shipping takes the goods off the shelf, as Commerce's source deduction does on its side.
                for line in (try? JSONDecoder().decode([ERPOrderRequest.Line].self, from: Data(lines.utf8))) ?? [] {
                    try database.statement(
                        "UPDATE stock SET on_hand = CAST(on_hand AS REAL) - ?2, updated_at = ?3 WHERE sku = ?1"
                    ).bind(.text(line.sku), .text("\(line.quantity)"), .date(now)).run()
                }
            }
        }
        return orders.count
    }

    /// Counts connector runs against this ERP; returns this run's number, from 1.
    func beginRun() throws -> Int { try next("connector_run") }

    /// A clerk deletes a sales order (drift the order reconciliation must find).
    func deleteOrder(number: String) throws {
        try database.statement("DELETE FROM sales_orders WHERE number = ?1").bind(.text(number)).run()
    }

    /// The number of the newest sales order, if any.
    func newestOrderNumber() throws -> String? {
        try database.statement("SELECT number FROM sales_orders ORDER BY created_at DESC, number DESC LIMIT 1")
            .firstRow { $0.text(0) } ?? nil
    }

    // MARK: ProductInformationSource

    // Each feed is read by keyset, `(change time, key) > cursor`, in the order the key compares in (SQLite's
    // BINARY collation compares bytes, as FeedCursor does).

    func productChanges(after cursor: FeedCursor, limit: Int) async throws -> [SourceProduct] {
        let select = try database.statement(
            """
            SELECT sku, name, description, list_price, weight, updated_at FROM items
            WHERE (updated_at, sku) > (?1, ?2) ORDER BY updated_at, sku LIMIT ?3
            """
        ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        return try select.rows { row in
            SourceProduct(
                sku: row.text(0) ?? "",
                attributes: [
                    "name": row.text(1) ?? "", "description": row.text(2) ?? "",
                    "price": row.text(3) ?? "0", "weight": row.text(4) ?? "0", "status": "1",
                ],
                updatedAt: row.date(5))
        }
    }

    // MARK: ERPInventorySource

    func onHand(sku: String, sourceCode: String) async throws -> Decimal {
        let quantity =
            try database.statement("SELECT on_hand FROM stock WHERE sku = ?1 AND warehouse = ?2")
            .bind(.text(sku), .text(sourceCode)).firstRow { $0.text(0) } ?? nil
        guard let quantity, let value = Decimal(string: quantity) else {
            throw AdapterError(.notFound, system: .erp, "no stock record for \(sku) at \(sourceCode)")
        }
        return value
    }

    func inventoryChanges(after cursor: FeedCursor, limit: Int) async throws -> [InventoryLevel] {
        try levels(
            try database.statement(
                """
                SELECT sku, warehouse, on_hand, updated_at FROM stock WHERE (updated_at, warehouse || '/' || sku) > (?1, ?2)
                ORDER BY updated_at, warehouse || '/' || sku LIMIT ?3
                """
            ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit))))
    }

    func inventorySnapshot() async throws -> [InventoryLevel] {
        try levels(try database.statement("SELECT sku, warehouse, on_hand, updated_at FROM stock ORDER BY sku"))
    }

    private func levels(_ select: SQLiteStatement) throws -> [InventoryLevel] {
        return try select.rows { row in
            InventoryLevel(
                sku: row.text(0) ?? "", sourceCode: row.text(1) ?? "",
                quantity: Decimal(string: row.text(2) ?? "0") ?? 0,
                updatedAt: row.date(3))
        }
    }

    // MARK: ERPPriceSource

    func price(for context: PricingContext) async throws -> Decimal {
        if context.sku == Self.slowPricingSKU { try await Task.sleep(for: .milliseconds(400)) }
        let group =
            try database.statement(
                """
                SELECT price FROM group_prices WHERE sku = ?1 AND customer_group = ?2 AND CAST(min_qty AS REAL) <= ?3
                ORDER BY CAST(min_qty AS REAL) DESC LIMIT 1
                """
            ).bind(.text(context.sku), .integer(Int64(context.customerGroupID)), .text("\(context.quantity)"))
            .firstRow { $0.text(0) } ?? nil
        let list =
            try database.statement("SELECT list_price FROM items WHERE sku = ?1").bind(.text(context.sku))
            .firstRow { $0.text(0) } ?? nil
        guard let text = group ?? list, let price = Decimal(string: text) else {
            throw AdapterError(.notFound, system: .erp, "the ERP has no price for \(context.sku)")
        }
        return price
    }

    // MARK: OrderSink and OrderLedger

    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        if let known = try database.statement("SELECT result FROM request_keys WHERE key = ?1")
            .bind(.text(idempotencyKey)).firstRow({ $0.text(0) }) ?? nil
        {
            return known
        }
        if Self.creditHold.contains(order.customerEmail.lowercased()) {
            throw AdapterError(
                .rejected, system: .erp, "account \(order.customerEmail) is on credit hold; release it in the ERP")
        }
        // Every third web order meets a busy ERP on its first attempt: the outbox retries it.
        if order.commerceOrderNumber.last.map({ "369".contains($0) }) == true,
            failedOnce.insert(idempotencyKey).inserted
        {
            throw AdapterError(.unavailable, system: .erp, "the ERP answered 503 (busy); try again")
        }
        let number = "SO-\(10_000 + (try next("sales_order")))"
        let lines = String(decoding: try JSONEncoder().encode(order.lines), as: UTF8.self)
        try database.transaction { () throws(BridgeError) in
            try database.statement("INSERT INTO sales_orders VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?7)").bind(
                .text(number), .text(order.commerceOrderNumber), .text(order.customerEmail.lowercased()),
                .text("\(order.grandTotal)"), .text(order.currency), .text(lines), .date(Date())
            ).run()
            try database.statement("INSERT INTO request_keys VALUES (?1, ?2)").bind(
                .text(idempotencyKey), .text(number)
            ).run()
        }
        return number
    }

    func orderStatus(erpOrderNumber: String) async throws -> String {
        guard
            let status = try database.statement("SELECT status FROM sales_orders WHERE number = ?1")
                .bind(.text(erpOrderNumber)).firstRow({ $0.text(0) }) ?? nil
        else { throw AdapterError(.notFound, system: .erp, "no sales order \(erpOrderNumber)") }
        return status
    }

    func orders(createdSince date: Date) async throws -> [ERPOrderSummary] {
        let select = try database.statement(
            "SELECT number, web_number, total, status, created_at FROM sales_orders WHERE created_at >= ?1"
        ).bind(.date(date))
        return try select.rows { row in
            ERPOrderSummary(
                erpOrderNumber: row.text(0) ?? "", commerceOrderNumber: row.text(1) ?? "",
                grandTotal: Decimal(string: row.text(2) ?? "0") ?? 0, status: row.text(3) ?? "",
                createdAt: row.date(4))
        }
    }

    // MARK: FulfillmentSource

    func shipments(after cursor: FeedCursor, limit: Int) async throws -> [ERPShipment] {
        let select = try database.statement(
            """
            SELECT number, order_number, carrier, tracking, lines, shipped_at FROM deliveries
            WHERE (shipped_at, number) > (?1, ?2) ORDER BY shipped_at, number LIMIT ?3
            """
        ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        return try select.rows { row in
            let ordered = try JSONDecoder().decode(
                [ERPOrderRequest.Line].self, from: Data((row.text(4) ?? "[]").utf8))
            return ERPShipment(
                number: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "", carrierCode: row.text(2) ?? "",
                carrierTitle: "United Parcel Service", trackingNumber: row.text(3) ?? "",
                lines: ordered.map { ERPShipment.Line(sku: $0.sku, quantity: $0.quantity) },
                shippedAt: row.date(5))
        }
    }

    func invoices(after cursor: FeedCursor, limit: Int) async throws -> [ERPInvoice] {
        let select = try database.statement(
            """
            SELECT number, order_number, amount, issued_at FROM invoices WHERE (issued_at, number) > (?1, ?2)
            ORDER BY issued_at, number LIMIT ?3
            """
        ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        return try select.rows { row in
            ERPInvoice(
                number: row.text(0) ?? "", erpOrderNumber: row.text(1) ?? "",
                amount: Decimal(string: row.text(2) ?? "0") ?? 0,
                issuedAt: row.date(3))
        }
    }

    // MARK: CustomerMaster

    func customerChanges(after cursor: FeedCursor, limit: Int) async throws -> [MasterCustomer] {
        let select = try database.statement(
            """
            SELECT email, account, first_name, last_name, vat, version, updated_at FROM accounts
            WHERE (updated_at, lower(email)) > (?1, ?2) ORDER BY updated_at, lower(email) LIMIT ?3
            """
        ).bind(.date(cursor.time), .text(cursor.key), .integer(Int64(limit)))
        return try select.rows { row in
            var fields = ["firstname": row.text(2) ?? "", "lastname": row.text(3) ?? ""]
            if let vat = row.text(4) { fields["taxvat"] = vat }
            return
                MasterCustomer(
                    masterID: row.text(1), email: row.text(0) ?? "", fields: fields, version: row.int64(5),
                    updatedAt: row.date(6))
        }
    }

    func upsertCustomer(_ customer: MasterCustomer, idempotencyKey: String) async throws -> String {
        if let known = try database.statement("SELECT result FROM request_keys WHERE key = ?1")
            .bind(.text(idempotencyKey)).firstRow({ $0.text(0) }) ?? nil
        {
            return known
        }
        let email = customer.email.lowercased()
        let existing =
            try database.statement("SELECT account FROM accounts WHERE email = ?1").bind(.text(email))
            .firstRow { $0.text(0) } ?? nil
        let account = try existing ?? "A-\(2000 + (try next("account")))"
        try database.transaction { () throws(BridgeError) in
            try database.statement(
                """
                INSERT INTO accounts VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)
                ON CONFLICT(email) DO UPDATE SET first_name = ?3, last_name = ?4, vat = ?5,
                    version = version + 1, updated_at = ?6
                """
            ).bind(
                .text(email), .text(account), .text(customer.fields["firstname"] ?? ""),
                .text(customer.fields["lastname"] ?? ""), .optionalText(customer.fields["taxvat"]), .date(Date())
            ).run()
            try database.statement("INSERT INTO request_keys VALUES (?1, ?2)").bind(
                .text(idempotencyKey), .text(account)
            ).run()
        }
        return account
    }

    // MARK: Helpers

    static func sku(_ index: Int) -> String { String(format: "ERP-%04d", index) }

    func next(_ counter: String) throws(BridgeError) -> Int {
        try database.statement(
            "INSERT INTO counters VALUES (?1, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1"
        ).bind(.text(counter)).run()
        return Int(
            try database.statement("SELECT value FROM counters WHERE name = ?1").bind(.text(counter))
                .firstRow { $0.int64(0) } ?? 0)
    }
}
