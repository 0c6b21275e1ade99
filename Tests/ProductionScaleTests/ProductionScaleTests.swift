import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeSQLite
import Foundation
import Testing

extension Tag {
    /// The production-scale run: `swift test --filter ProductionScaleTests`.
    @Tag static var productionScale: Self
}

/// The engines at production volume: four worker processes on one SQLite store (one reading the feeds, three only
/// delivering), FakeCommerceServer over HTTP, an ERP that does not deduplicate and fails now and then, SIGKILLs at
/// random moments, bursts of changes larger than a page at one instant, and held orders released late.
@Suite(.serialized)
struct ProductionScaleTests {
    static let orderCount = 2_000
    static let heldCount = 200
    static let productCount = 20_000
    static let burst = 5_000
    static let customerCount = 300

    @Test(
        "Orders, shipments, invoices and products arrive once each, none lost or reverted, through kills and bursts",
        .tags(.productionScale), .timeLimit(.minutes(8)))
    func productionScale() async throws {
        let run = try await ScaleRun("scale")
        defer { run.tearDown() }
        let erp = run.erp

        // Commerce: 50 stocked products and 2,000 orders of two units, 200 of them held at checkout.
        let fake = FakeCommerce()
        let unitPrices = try Self.placeOrders(Self.orderCount, in: fake)
        let admin = fake.makeClient()
        for index in stride(from: 7, through: Self.orderCount, by: Self.orderCount / Self.heldCount) {
            #expect(try await admin.orders.hold(orderID: index))
        }
        // Customers on both sides: 300 in Commerce, 300 in the ERP.
        var commerceCustomers: [Customer] = []
        for index in 0..<Self.customerCount {
            commerceCustomers.append(
                try fake.add(Customer(email: "cc\(index)@example.com", firstname: "Com", lastname: "L\(index)")))
        }

        // The ERP: 20,000 items, the first 5,000 stamped at one instant.
        let start = Date().addingTimeInterval(-60)
        try erp.transaction { () throws(BridgeError) in
            for index in 1...Self.productCount {
                let stamp = index <= Self.burst ? start : start.addingTimeInterval(Double(index) / 1000)
                try erp.statement("INSERT INTO items VALUES (?1, ?2, ?3)")
                    .bind(.text(Self.product(index)), .text("Product \(index) v1"), .date(stamp)).run()
            }
        }
        try erp.transaction { () throws(BridgeError) in
            for index in 0..<Self.customerCount {
                try erp.statement("INSERT INTO accounts VALUES (?1, 'Erp', ?2, 1, ?3)")
                    .bind(.text("ec\(index)@example.com"), .text("E\(index)"), .date(start)).run()
            }
        }
        try run.launch(["feeds", "deliver", "deliver", "deliver"], serving: fake)
        var delivered: Set<String> = []
        var releasedHeld = false
        var bursts = 1
        var customerEdits = 0

        /// The warehouse: ships and invoices every exported order not shipped yet, in one batch at one instant.
        func warehouse() throws {
            let exported = try erp.statement(
                "SELECT commerce_number, min(rowid) FROM sales_orders GROUP BY commerce_number"
            ).rows { ($0.text(0) ?? "", "SO-\($0.int64(1))") }
            let stamp = Date()
            try erp.transaction { () throws(BridgeError) in
                for (commerceNumber, erpNumber) in exported where !delivered.contains(commerceNumber) {
                    guard let index = Int(commerceNumber) else { continue }
                    let sku = Self.sku(forOrder: index)
                    let halves = index % 2 == 0
                    let parts = halves ? [("a", 1), ("b", 1)] : [("a", 2)]
                    for (suffix, quantity) in parts {
                        let lines = #"[{"sku":"\#(sku)","quantity":\#(quantity)}]"#
                        try erp.statement("INSERT INTO deliveries VALUES (?1, ?2, ?3, ?4, ?5)")
                            .bind(
                                .text("D-\(index)-\(suffix)"), .text(erpNumber), .text("1Z\(index)\(suffix)"),
                                .text(lines), .date(stamp)
                            ).run()
                        let amount = (unitPrices[index] ?? 0) * Decimal(quantity)
                        try erp.statement("INSERT INTO invoices VALUES (?1, ?2, ?3, ?4, ?5)")
                            .bind(
                                .text("I-\(index)-\(suffix)"), .text(erpNumber), .text("\(amount)"), .text(lines),
                                .date(stamp)
                            )
                            .run()
                    }
                    delivered.insert(commerceNumber)
                }
            }
        }

        /// A burst: 5,000 items renamed at one instant.
        func burst(_ version: Int) throws {
            let stamp = Date()
            let first = Self.firstOfBurst(version)
            try erp.transaction { () throws(BridgeError) in
                for index in first..<(first + Self.burst) {
                    try erp.statement("UPDATE items SET name = ?2, updated_at = ?3 WHERE sku = ?1")
                        .bind(.text(Self.product(index)), .text("Product \(index) v\(version)"), .date(stamp)).run()
                }
            }
        }

        // Chaos: 25 seconds of random SIGKILLs and restarts, while held orders are released and bursts land.
        try await run.chaos(for: .seconds(25), pauses: 300...1_000) { elapsed in
            try warehouse()
            if !releasedHeld, elapsed > .seconds(4) {
                for index in stride(from: 7, through: Self.orderCount, by: Self.orderCount / Self.heldCount) {
                    _ = try await Self.retrying { try await admin.orders.unhold(orderID: index) }
                }
                releasedHeld = true
            }
            // Customers written on both sides: Commerce first, the ERP two seconds later for an overlapping range.
            if customerEdits == 0, elapsed > .seconds(6) {
                for index in 0..<100 {
                    var customer = commerceCustomers[index]
                    customer.lastname = "COM-v2"
                    _ = try await Self.retrying { try await admin.customers.update(customer) }
                }
                customerEdits = 1
            } else if customerEdits == 1, elapsed > .seconds(9) {
                try erp.transaction { () throws(BridgeError) in
                    for index in 50..<150 {
                        try erp.statement(
                            """
                            INSERT INTO accounts VALUES (?1, 'Com', 'ERP-v2', 1, ?2) ON CONFLICT(email) DO UPDATE SET
                            lastname = 'ERP-v2', version = version + 1, updated_at = excluded.updated_at
                            """
                        ).bind(.text("cc\(index)@example.com"), .date(Date())).run()
                    }
                }
                customerEdits = 2
            }
            let nextBurstAt = Duration.seconds(Double(bursts) * 8)
            if bursts < 3 && elapsed > nextBurstAt {
                bursts += 1
                try burst(bursts)
            }
        }

        // Calm: no more kills; wait until everything has arrived, or report what has not.
        let converged = try await run.converge(within: .seconds(300), every: .seconds(2)) {
            try warehouse()
            let exported = try erp.integer("SELECT count(DISTINCT commerce_number) FROM sales_orders")
            let shipments = try await Self.retrying {
                try await admin.salesDocuments.searchShipments(SearchCriteria().page(size: 1)).totalCount
            }
            let invoices = try await Self.retrying {
                try await admin.salesDocuments.searchInvoices(SearchCriteria().page(size: 1)).totalCount
            }
            guard exported == Self.orderCount, shipments == 3 * Self.orderCount / 2,
                invoices == 3 * Self.orderCount / 2, Self.staleProducts(fake, bursts: bursts).isEmpty
            else { return false }
            return try await Self.retrying { try await Self.unconvergedCustomers(admin, erp) }.isEmpty
        }
        let stderr = await run.stop()

        // Orders: each exported once to an ERP that would show a duplicate, with its number written back once.
        let rows = Int(try erp.integer("SELECT count(*) FROM sales_orders"))
        let distinctOrders = Int(try erp.integer("SELECT count(DISTINCT commerce_number) FROM sales_orders"))
        var writeBacks = 0
        for index in 1...Self.orderCount {
            let comments = try await Self.retrying { try await admin.orders.comments(orderID: index) }.items.compactMap(
                \.comment)
            writeBacks += comments.filter { $0.hasPrefix("Exported to ERP as") }.count == 1 ? 1 : 0
        }
        // Shipments and invoices: once each by their ERP reference, every unit shipped and invoiced.
        let shipments = try await Self.retrying {
            try await Self.all { try await admin.salesDocuments.searchShipments($0) }
        }
        let invoices = try await Self.retrying {
            try await Self.all { try await admin.salesDocuments.searchInvoices($0) }
        }
        let shipmentRefs = shipments.flatMap { ($0.comments ?? []).compactMap(\.comment) }
        let invoiceRefs = invoices.flatMap { ($0.comments ?? []).compactMap(\.comment) }
        var unitsShipped = 0
        for shipment in shipments { unitsShipped += NSDecimalNumber(decimal: shipment.totalQty ?? 0).intValue }
        // Products: every one there, at the PIM's newest version.
        let stale = Self.staleProducts(fake, bursts: bursts)
        let unconverged = try await Self.retrying { try await Self.unconvergedCustomers(admin, erp) }
        let deadLetters = try await run.store.deadLetters(limit: 20, offset: 0)
        let parked = try await run.store.reviewItems(limit: 20, offset: 0)

        let documents = 3 * Self.orderCount / 2
        let missingProducts: Int = stale.filter(\.missing).count
        let lostOrders: Int = Self.orderCount - distinctOrders
        let lostShipments: Int = documents - Set(shipmentRefs).count
        let lostInvoices: Int = documents - Set(invoiceRefs).count
        let lost = lostOrders + lostShipments + lostInvoices + missingProducts
        let duplicateShipments: Int = shipmentRefs.count - Set(shipmentRefs).count
        let duplicateInvoices: Int = invoiceRefs.count - Set(invoiceRefs).count
        let duplicated = (rows - distinctOrders) + duplicateShipments + duplicateInvoices
        let reverted = stale.filter { !$0.missing }.count + unconverged.count
        print(
            "production-scale: \(distinctOrders) orders, \(Set(shipmentRefs).count) shipments, "
                + "\(Set(invoiceRefs).count) invoices, \(Self.productCount - stale.filter(\.missing).count) products, "
                + "\(2 * Self.customerCount - unconverged.count) customers, "
                + "\(lost) lost, \(duplicated) duplicated, \(reverted) reverted; \(run.figures)")
        #expect(converged, "did not converge within 5 minutes (\(run.figures)); workers said: \(stderr)")
        #expect(run.figures.kills >= 10, "\(run.figures)")
        #expect(
            rows == Self.orderCount && distinctOrders == Self.orderCount,
            "ERP orders: \(rows) rows, \(distinctOrders) orders")
        #expect(writeBacks == Self.orderCount, "\(writeBacks) orders carry their ERP number exactly once")
        #expect(shipmentRefs.count == 3_000 && Set(shipmentRefs).count == 3_000 && unitsShipped == 2 * Self.orderCount)
        #expect(invoiceRefs.count == 3_000 && Set(invoiceRefs).count == 3_000)
        #expect(stale.isEmpty, "products missing or behind the PIM: \(stale.prefix(5))")
        #expect(unconverged.isEmpty, "customers not converged: \(unconverged.prefix(5))")
        #expect(deadLetters.isEmpty, "dead letters: \(deadLetters.map(\.reason).prefix(3))")
        #expect(parked.isEmpty, "nothing should be parked: \(parked.map(\.draft.reason).prefix(3))")
        #expect(lost == 0 && duplicated == 0 && reverted == 0)
    }

    /// Seeds 50 stocked products and places `count` orders of two units, order n of `sku(forOrder: n)` by
    /// `c<n>@example.com`.
    /// - Returns: each order's unit price, by order number.
    @discardableResult
    static func placeOrders(_ count: Int, in fake: FakeCommerce) throws -> [Int: Decimal] {
        try fake.seedCatalog(productCount: 50)
        var unitPrices: [Int: Decimal] = [:]
        for index in 1...count {
            let order = try fake.placeOrder(
                customerEmail: "c\(index)@example.com", lines: [.init(sku: sku(forOrder: index), quantity: 2)])
            unitPrices[index] = order.items?.first?.price ?? 0
        }
        return unitPrices
    }

    /// The first product a burst renames: bursts 2 and 3 overlap by half, so the later must win where both touched.
    static func firstOfBurst(_ version: Int) -> Int { Self.burst + (version - 2) * Self.burst / 2 }

    /// Runs a call the test makes through Commerce again when an injected fault answers it.
    static func retrying<T>(_ write: () async throws -> T) async throws -> T {
        for _ in 1..<10 {
            if let value = try? await write() { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await write()
    }

    static func sku(forOrder index: Int) -> String {
        let number = String((index - 1) % 50 + 1)
        return "SKU-" + String(repeating: "0", count: 6 - number.count) + number
    }

    static func product(_ index: Int) -> String {
        let number = String(index)
        return "P-" + String(repeating: "0", count: 5 - number.count) + number
    }

    /// The name the PIM holds now for a product, after `bursts` versions.
    static func expectedName(_ index: Int, bursts: Int) -> String {
        var version = 1
        for burst in 2...max(2, bursts) where burst <= bursts {
            let first = firstOfBurst(burst)
            if (first..<(first + Self.burst)).contains(index) { version = burst }
        }
        return "Product \(index) v\(version)"
    }

    struct Stale: CustomStringConvertible {
        var sku: String
        var missing: Bool
        var description: String { "\(sku)\(missing ? " missing" : " behind")" }
    }

    static func staleProducts(_ fake: FakeCommerce, bursts: Int) -> [Stale] {
        (1...productCount).compactMap { index in
            let sku = product(index)
            guard let product = fake.product(sku: sku) else { return Stale(sku: sku, missing: true) }
            return product.name == expectedName(index, bursts: bursts) ? nil : Stale(sku: sku, missing: false)
        }
    }

    /// The customers whose last name differs between the sides or from the last write: Commerce's first 100 were
    /// renamed `COM-v2`, then the ERP renamed 50…149 `ERP-v2`; the later write wins.
    static func unconvergedCustomers(_ commerce: AdobeCommerceClient, _ erp: SQLiteConnection) async throws -> [String]
    {
        let erpNames = Dictionary(
            try erp.statement("SELECT email, lastname FROM accounts").rows { ($0.text(0) ?? "", $0.text(1) ?? "") },
            uniquingKeysWith: { first, _ in first })
        let commerceNames = Dictionary(
            try await all { try await commerce.customers.search($0) }.map { ($0.email ?? "", $0.lastname ?? "") },
            uniquingKeysWith: { first, _ in first })
        var wrong: [String] = []
        for index in 0..<customerCount {
            let fromCommerce = "cc\(index)@example.com"
            let expected = index < 50 ? "COM-v2" : index < 150 ? "ERP-v2" : "L\(index)"
            if erpNames[fromCommerce] != expected || commerceNames[fromCommerce] != expected {
                wrong.append(fromCommerce)
            }
            let fromERP = "ec\(index)@example.com"
            if erpNames[fromERP] != "E\(index)" || commerceNames[fromERP] != "E\(index)" { wrong.append(fromERP) }
        }
        return wrong
    }

    /// Every item of a search, 300 a page.
    static func all<Item>(_ search: (SearchCriteria) async throws -> SearchResults<Item>) async throws -> [Item] {
        var items: [Item] = []
        var page = 1
        while true {
            let results = try await search(SearchCriteria().page(size: 300, current: page))
            items += results.items
            if items.count >= results.totalCount || results.items.isEmpty { return items }
            page += 1
        }
    }
}
