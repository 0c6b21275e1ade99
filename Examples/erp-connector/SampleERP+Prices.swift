import AdobeCommerce
import CommerceBridge
import CommerceBridgeSQLite
import Foundation

/// The sample ERP's price list, read from its SQLite file: list prices (`items`), group and quantity prices
/// (`group_prices`), promotions with dates (`price_promotions`) and standard costs (`item_costs`).
///
/// It opens the ERP's file itself (SQLite's WAL mode lets it read beside `SampleERP`); in a real connector this is
/// the ERP's price-condition API or a database view. Every read returns the whole list: `PricePushEngine` works out
/// what changed and deletes the promotions and group prices the ERP dropped.
actor SamplePriceList: ERPPriceList {
    /// Magento's customer groups of a fresh install, by the ids the ERP keeps.
    static let groups: [Int64: String] = [0: "NOT LOGGED IN", 1: "General", 2: "Wholesale", 3: "Retailer"]

    private let database: SQLiteConnection

    /// Opens the ERP's file and creates the price tables it lacks.
    init(path: String) throws {
        database = try SQLiteConnection(path: path, busyTimeout: .seconds(5))
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS price_promotions(sku TEXT PRIMARY KEY, price TEXT NOT NULL,
                valid_from INTEGER, valid_to INTEGER);
            CREATE TABLE IF NOT EXISTS item_costs(sku TEXT PRIMARY KEY, cost TEXT NOT NULL);
            """)
    }

    /// Gives every tenth item a month-long promotion and every item a standard cost, once.
    /// - Returns: Whether the tables were empty.
    func seedIfEmpty(now: Date) throws -> Bool {
        guard try database.integer("SELECT COUNT(*) FROM item_costs") == 0 else { return false }
        try database.transaction { () throws(BridgeError) in
            try database.execute(
                """
                INSERT INTO item_costs SELECT sku, printf('%.2f', CAST(list_price AS REAL) * 0.6) FROM items;
                """)
            try database.statement(
                """
                INSERT INTO price_promotions SELECT sku, printf('%.2f', CAST(list_price AS REAL) * 0.9), ?1, ?2
                FROM items WHERE CAST(substr(sku, 5) AS INTEGER) % 10 = 0
                """
            ).bind(.date(now), .date(now.addingTimeInterval(30 * 86_400))).run()
        }
        return true
    }

    /// The ERP's pricing clerk at work between runs: a new list price for a few items, one promotion ended, one
    /// started.
    /// - Returns: How many price records changed.
    func simulatePricing(run: Int, now: Date) throws -> Int {
        let first = (run * 7) % 40 + 1
        try database.transaction { () throws(BridgeError) in
            for index in first..<(first + 3) {
                try database.statement(
                    "UPDATE items SET list_price = printf('%.2f', CAST(list_price AS REAL) + 1) WHERE sku = ?1"
                ).bind(.text(SampleERP.sku(index))).run()
            }
            try database.statement("DELETE FROM price_promotions WHERE sku = ?1").bind(
                .text(SampleERP.sku(first * 10 % 400 + 10))
            ).run()
            try database.statement(
                """
                INSERT OR REPLACE INTO price_promotions SELECT sku, printf('%.2f', CAST(list_price AS REAL) * 0.8),
                ?2, NULL FROM items WHERE sku = ?1
                """
            ).bind(.text(SampleERP.sku(first + 1)), .date(now)).run()
        }
        return 5
    }

    func priceList() async throws -> [PriceListRow] {
        let base = try database.statement("SELECT sku, list_price FROM items").rows { row in
            PriceListRow.base(sku: row.text(0) ?? "", price: Decimal(string: row.text(1) ?? "") ?? -1)
        }
        let tiers = try database.statement("SELECT sku, customer_group, min_qty, price FROM group_prices").rows { row in
            PriceListRow.tier(
                sku: row.text(0) ?? "", quantity: Decimal(string: row.text(2) ?? "") ?? 0,
                price: Decimal(string: row.text(3) ?? "") ?? -1,
                customerGroup: Self.groups[row.int64(1)] ?? "group \(row.int64(1))")
        }
        let promotions = try database.statement("SELECT sku, price, valid_from, valid_to FROM price_promotions").rows {
            row in
            PriceListRow.special(
                sku: row.text(0) ?? "", price: Decimal(string: row.text(1) ?? "") ?? -1,
                from: row.isNull(2) ? nil : row.date(2), to: row.isNull(3) ? nil : row.date(3))
        }
        let costs = try database.statement("SELECT sku, cost FROM item_costs").rows { row in
            PriceListRow.cost(sku: row.text(0) ?? "", cost: Decimal(string: row.text(1) ?? "") ?? -1)
        }
        return base + tiers + promotions + costs
    }
}
