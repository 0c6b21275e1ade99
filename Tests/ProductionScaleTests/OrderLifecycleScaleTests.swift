import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeSQLite
import Foundation
import Testing

/// The ERP's credit memos and returns reaching Commerce at production pace: three worker processes on one SQLite store
/// running `OrderLifecycleEngine.sync()` as a `SyncScheduler` job that one of them runs at a time, FakeCommerce over
/// HTTP that creates a credit memo for every refund call and an RMA for every return call (it does not deduplicate),
/// answers lost after Commerce processed a refund or a return, 503s, and SIGKILLs at seeded random moments, the
/// running worker's among them so another takes the run over.
@Suite(.serialized)
struct OrderLifecycleScaleTests {
    static let orderCount = 400
    /// Orders 1…300 get an ERP credit memo for one unit of their line, against their invoice.
    static let refunded = 1...300
    /// Orders 251…350 are shipped and get an ERP return of one unit with a tracking number.
    static let returned = 251...350
    static let seed: UInt64 = 0x5CA1_E11F_EC7C_1E00

    @Test(
        "The ERP's credit memos and returns are created in Commerce once each, none lost, through kills and takeovers",
        .tags(.productionScale), .timeLimit(.minutes(5)))
    func lifecycleAtScale() async throws {
        let run = try await ScaleRun("scale-lc", seed: Self.seed)
        defer { run.tearDown() }
        let erp = run.erp
        let store = run.store

        // Commerce: 400 orders of two units, every one invoiced (captured); the ones that get a return shipped.
        let fake = FakeCommerce()
        try ProductionScaleTests.placeOrders(Self.orderCount, in: fake)
        let admin = fake.makeClient()
        var invoiceIDs: [Int: Int] = [:]
        for index in 1...Self.orderCount {
            invoiceIDs[index] = try await admin.orders.invoice(orderID: index, capture: true)
        }
        for index in Self.returned { _ = try await admin.orders.ship(orderID: index) }
        var lines: [Int: (itemID: Int, price: Decimal)] = [:]
        for index in 1...Self.orderCount {
            let item = try #require(fake.order(id: index)?.items?.first)
            lines[index] = (try #require(item.itemID), try #require(item.price))
        }

        // The connector store holds what the order export and the fulfilment feed wrote before: each order exported
        // as SO-n, each invoice the ERP issued as IN-n brought to Commerce.
        for index in 1...Self.orderCount {
            let order = MappingKey(.order, from: .commerce, String(index), to: .erp)
            _ = try await store.mappedID(for: order, now: Date()) { _ in "SO-\(index)" }
            let invoice = MappingKey(.invoice, from: .erp, "IN-\(index)", to: .commerce)
            let invoiceID = String(invoiceIDs[index] ?? 0)
            _ = try await store.mappedID(for: invoice, now: Date()) { _ in invoiceID }
        }

        try erp.execute(
            """
            CREATE TABLE IF NOT EXISTS erp_credit_memos(number TEXT PRIMARY KEY, erp_number TEXT NOT NULL,
                invoice_number TEXT, lines TEXT NOT NULL, adjustment_positive TEXT NOT NULL,
                adjustment_negative TEXT NOT NULL, comment TEXT, issued_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS erp_returns(number TEXT PRIMARY KEY, erp_number TEXT NOT NULL, lines TEXT NOT NULL,
                status TEXT NOT NULL, tracks TEXT NOT NULL, comment TEXT, updated_at INTEGER NOT NULL);
            """)
        let scheduling = try SQLiteConnection(path: run.storePath, busyTimeout: .seconds(10))

        try run.launch(Array(repeating: "lifecycle", count: 3), serving: fake)
        var stage = 0

        // Chaos: 20 seconds of SIGKILLs and restarts; every other kill aims at the worker running the pass.
        func running() -> Int32? {
            let holder =
                try? scheduling.statement(
                    "SELECT holder FROM scheduled_runs WHERE job = 'order-lifecycle' AND finished = 0"
                ).firstRow { $0.text(0) } ?? nil
            return holder.flatMap { Int32($0.replacingOccurrences(of: "lifecycle-", with: "")) }
        }
        try await run.chaos(for: .seconds(20), pauses: 300...900, aimingAt: running) { elapsed in
            if stage == 0, elapsed > .seconds(2) {
                try issueCreditMemos(erp)  // 300 at one instant: six pages of the engine's 50
                stage = 1
            } else if stage == 1, elapsed > .seconds(7) {
                try openReturns(erp)  // 100 at one instant: two pages
                stage = 2
            }
        }

        // Calm: no more kills; wait until every credit memo and return is recorded and every return has its track.
        let converged = try await run.converge(within: .seconds(200), every: .seconds(1)) {
            let memos = Int(
                try scheduling.integer(
                    "SELECT count(*) FROM id_map WHERE kind = 'creditmemo' AND target_id IS NOT NULL"))
            let returns = Int(
                try scheduling.integer(
                    "SELECT count(*) FROM id_map WHERE kind = 'return' AND target_id IS NOT NULL"))
            guard memos == Self.refunded.count, returns == Self.returned.count,
                let rmas = try? await Self.returns(admin)
            else { return false }
            return rmas.reduce(0, { $0 + ($1.tracks ?? []).count }) >= Self.returned.count
        }
        let stderr = await run.stop()

        // FakeCommerce's own documents, by order.
        let creditmemos = try await ProductionScaleTests.retrying {
            try await admin.operations.creditmemos.getCreditmemosPages(searchCriteria: SearchCriteria().page(size: 200))
                .reduce([]) { $0 + $1.items }
        }
        let rmas = try await ProductionScaleTests.retrying { try await Self.returns(admin) }
        let memosByOrder = Dictionary(grouping: creditmemos) { $0.orderID ?? 0 }
        let returnsByOrder = Dictionary(grouping: rmas) { $0.orderID ?? 0 }

        var duplicatedMemos: [Int] = []
        var missingMemos: [Int] = []
        var wrongMemos: [String] = []
        for index in 1...Self.orderCount {
            let found = memosByOrder[index] ?? []
            guard Self.refunded.contains(index) else {
                if !found.isEmpty {
                    wrongMemos.append("order \(index) got \(found.count) credit memos it was not sent")
                }
                continue
            }
            if found.isEmpty { missingMemos.append(index) }
            if found.count > 1 { duplicatedMemos.append(index) }
            guard let memo = found.first, let line = lines[index] else { continue }
            let reference = OrderLifecycleMapping.reference(creditMemo: Self.creditMemoNumber(index))
            let positive = Self.adjustmentPositive(index)
            let negative = Self.adjustmentNegative(index)
            var quantities: [Int: Decimal] = [:]
            for item in memo.items ?? [] where (item.qty ?? 0) != 0 { quantities[item.orderItemID ?? 0] = item.qty }
            let carries = (memo.comments ?? []).contains { $0.comment?.hasPrefix(reference) ?? false }
            if !carries || memo.invoiceID != invoiceIDs[index] || quantities != [line.itemID: 1]
                || (memo.adjustmentPositive ?? 0) != positive || (memo.adjustmentNegative ?? 0) != negative
                || memo.grandTotal != line.price + positive - negative
            {
                wrongMemos.append(
                    "order \(index): comment \(memo.comments?.first?.comment ?? "none"), invoice \(memo.invoiceID ?? 0)"
                        + " (sent \(invoiceIDs[index] ?? 0)), lines \(quantities), adjustments "
                        + "\(memo.adjustmentPositive ?? 0)/\(memo.adjustmentNegative ?? 0), total \(memo.grandTotal ?? 0)"
                )
            }
        }

        var duplicatedReturns: [Int] = []
        var missingReturns: [Int] = []
        var wrongReturns: [String] = []
        for index in 1...Self.orderCount {
            let found = returnsByOrder[index] ?? []
            guard Self.returned.contains(index) else {
                if !found.isEmpty { wrongReturns.append("order \(index) got \(found.count) returns it was not sent") }
                continue
            }
            if found.isEmpty { missingReturns.append(index) }
            if found.count > 1 { duplicatedReturns.append(index) }
            guard let rma = found.first, let line = lines[index] else { continue }
            var comments = (rma.comments ?? []).compactMap(\.comment)
            if comments.isEmpty, let id = rma.entityID {
                comments = try await ProductionScaleTests.retrying {
                    try await admin.operations.returns.getReturnsByIDComments(id: id).items ?? []
                }.compactMap(\.comment)
            }
            let reference = OrderLifecycleMapping.reference(return: Self.returnNumber(index))
            let items = (rma.items ?? []).map { ($0.orderItemID ?? 0, $0.qtyRequested ?? 0) }
            let tracks = (rma.tracks ?? []).compactMap(\.trackNumber)
            if !comments.contains(where: { $0.hasPrefix(reference) }) || items.count != 1
                || items.first?.0 != line.itemID || items.first?.1 != 1 || tracks != ["1ZR\(index)"]
            {
                wrongReturns.append("order \(index): comments \(comments), items \(items), tracks \(tracks)")
            }
        }

        let reviewItems = try await store.reviewItems(limit: 20, offset: 0)
        print(
            "production-scale lifecycle: \(Self.orderCount) orders, "
                + "\(creditmemos.count) credit memos in Commerce for \(Self.refunded.count) sent, \(rmas.count) returns "
                + "for \(Self.returned.count) sent; duplicated: \(duplicatedMemos.count) credit memos, "
                + "\(duplicatedReturns.count) returns; missing: \(missingMemos.count) credit memos, "
                + "\(missingReturns.count) returns; \(run.figures) (aimed: at the running worker)")
        #expect(converged, "did not converge (\(run.figures)); workers said: \(stderr)")
        #expect(run.figures.kills >= 10, "\(run.figures)")
        #expect(run.figures.aimedKills >= 3, "the running worker was killed \(run.figures.aimedKills) times")
        #expect(duplicatedMemos.isEmpty, "orders with more than one credit memo: \(duplicatedMemos.prefix(10))")
        #expect(duplicatedReturns.isEmpty, "orders with more than one return: \(duplicatedReturns.prefix(10))")
        #expect(missingMemos.isEmpty, "orders whose credit memo is missing: \(missingMemos.prefix(10))")
        #expect(missingReturns.isEmpty, "orders whose return is missing: \(missingReturns.prefix(10))")
        #expect(wrongMemos.isEmpty, "credit memos not as sent: \(wrongMemos.prefix(5))")
        #expect(wrongReturns.isEmpty, "returns not as sent: \(wrongReturns.prefix(5))")
        #expect(creditmemos.count == Self.refunded.count && rmas.count == Self.returned.count)
        #expect(reviewItems.isEmpty, "nothing should be parked: \(reviewItems.map(\.draft.reason).prefix(3))")
    }

    static func creditMemoNumber(_ index: Int) -> String { "CM-" + padded(index) }
    static func returnNumber(_ index: Int) -> String { "RT-" + padded(index) }
    static func adjustmentPositive(_ index: Int) -> Decimal { index % 2 == 0 ? Decimal(string: "0.5")! : 0 }
    static func adjustmentNegative(_ index: Int) -> Decimal { index % 3 == 0 ? Decimal(string: "0.25")! : 0 }

    static func padded(_ index: Int) -> String {
        let number = String(index)
        return String(repeating: "0", count: 6 - number.count) + number
    }

    /// The ERP issues a credit memo for one unit of each refunded order, against its invoice, all at one instant.
    func issueCreditMemos(_ erp: SQLiteConnection) throws {
        let stamp = Date()
        try erp.transaction { () throws(BridgeError) in
            for index in Self.refunded {
                let lines = #"[{"sku":"\#(ProductionScaleTests.sku(forOrder: index))","quantity":1}]"#
                try erp.statement("INSERT INTO erp_credit_memos VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                    .bind(
                        .text(Self.creditMemoNumber(index)), .text("SO-\(index)"), .text("IN-\(index)"), .text(lines),
                        .text("\(Self.adjustmentPositive(index))"), .text("\(Self.adjustmentNegative(index))"),
                        .text("damaged in transit"), .date(stamp)
                    ).run()
            }
        }
    }

    /// The ERP opens a return of one unit, with its tracking number, for each returned order, all at one instant.
    func openReturns(_ erp: SQLiteConnection) throws {
        let stamp = Date()
        try erp.transaction { () throws(BridgeError) in
            for index in Self.returned {
                let lines = #"[{"sku":"\#(ProductionScaleTests.sku(forOrder: index))","quantity":1}]"#
                let tracks = #"[{"carrierCode":"ups","carrierTitle":"UPS","trackingNumber":"1ZR\#(index)"}]"#
                try erp.statement("INSERT INTO erp_returns VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6)")
                    .bind(
                        .text(Self.returnNumber(index)), .text("SO-\(index)"), .text(lines), .text(tracks),
                        .text("wrong size"), .date(stamp)
                    ).run()
            }
        }
    }

    /// Every RMA in FakeCommerce.
    static func returns(_ admin: AdobeCommerceClient) async throws -> [CommerceSchema.Rma] {
        try await admin.operations.returns.getReturnsPages(searchCriteria: SearchCriteria().page(size: 200))
            .reduce([]) { $0 + $1.items }
    }
}
