import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct FakeERPTests {
    private let clock = ManualClock()

    @Test("Orders are created once per idempotency key, and an empty order is rejected")
    func idempotentOrders() async throws {
        let erp = FakeERP(time: clock.timeSource())
        let order = ERPOrderRequest(
            commerceOrderNumber: "000000001", customerEmail: "a@example.com",
            lines: [.init(sku: "A", quantity: 1, unitPrice: 5)],
            grandTotal: 5, currency: "USD")
        let first = try await erp.createOrder(order, idempotencyKey: "k1")
        #expect(try await erp.createOrder(order, idempotencyKey: "k1") == first)
        #expect(await erp.orders.count == 1)
        #expect(try await erp.orderStatus(erpOrderNumber: first) == "open")
        await erp.ship(erpOrderNumber: first, trackingNumber: "1Z")
        #expect(try await erp.orderStatus(erpOrderNumber: first) == "shipped")
        #expect(try await erp.shipments(after: .beginning, limit: 10).first?.trackingNumber == "1Z")
        var empty = order
        empty.lines = []
        await #expect(
            performing: { try await erp.createOrder(empty, idempotencyKey: "k2") },
            throws: { error in
                (error as? AdapterError)?.code == .rejected && (error as? AdapterError)?.isRetryable == false
            })
    }

    @Test("Reservations hold stock until their deadline, and confirm or release")
    func reservations() async throws {
        let erp = FakeERP(time: clock.timeSource())
        await erp.setOnHand(sku: "A", quantity: 5)
        let deadline = clock.timeSource().now().addingTimeInterval(900)
        #expect(
            try await erp.reserve(key: "cart-1", lines: [.init(sku: "A", quantity: 4, unitPrice: 1)], until: deadline))
        #expect(
            try await erp.reserve(key: "cart-1", lines: [.init(sku: "A", quantity: 4, unitPrice: 1)], until: deadline),
            "same key, same reservation")
        #expect(
            try await !erp.reserve(key: "cart-2", lines: [.init(sku: "A", quantity: 2, unitPrice: 1)], until: deadline))
        clock.advance(by: .seconds(901))
        #expect(
            try await erp.reserve(
                key: "cart-2", lines: [.init(sku: "A", quantity: 2, unitPrice: 1)],
                until: deadline.addingTimeInterval(900)), "an expired hold frees stock")
        try await erp.confirm(key: "cart-2", erpOrderNumber: nil)
        try await erp.release(key: "cart-1")
        let reservations = await erp.reservations
        #expect(reservations["cart-2"]?.state == "confirmed" && reservations["cart-1"]?.state == "released")
    }

    @Test("Faults repeat for a seed: the same calls fail in the same places")
    func seededFaults() async throws {
        func failures(seed: UInt64) async -> [Bool] {
            var faults = FakeERP.Faults(seed: seed)
            faults.errorRate = 0.3
            let erp = FakeERP(faults: faults, time: clock.timeSource())
            await erp.setPrice(sku: "A", price: 1)
            var outcome: [Bool] = []
            for _ in 0..<40 { outcome.append((try? await erp.price(for: PricingContext(sku: "A"))) == nil) }
            return outcome
        }
        let first = await failures(seed: 42)
        #expect(await failures(seed: 42) == first)
        #expect(await failures(seed: 43) != first)
        #expect((4...20).contains(first.filter { $0 }.count), "about 30% fail")
    }

    @Test("Outage windows fail every call; duplicate and out-of-order feeds deliver every record")
    func outagesAndFeeds() async throws {
        let start = clock.timeSource().now()
        var faults = FakeERP.Faults(seed: 9)
        faults.outages = [start.addingTimeInterval(60)...start.addingTimeInterval(120)]
        faults.duplicateRate = 0.5
        faults.outOfOrder = true
        let erp = FakeERP(faults: faults, time: clock.timeSource())
        for index in 0..<20 {
            await erp.setOnHand(sku: "S\(index)", quantity: Decimal(index))
            clock.advance(by: .seconds(1))
        }
        let feed = try await erp.inventoryChanges(after: .beginning, limit: 100)
        #expect(Set(feed.map(\.sku)).count == 20 && feed.count > 20, "duplicates but nothing missing")
        #expect(feed.map(\.updatedAt) != feed.map(\.updatedAt).sorted(), "out of order")
        clock.advance(by: .seconds(50))
        await #expect(
            performing: { try await erp.inventorySnapshot() }, throws: { ($0 as? AdapterError)?.isRetryable == true })
        clock.advance(by: .seconds(60))
        #expect(try await erp.inventorySnapshot().count == 20)
    }

    @Test("Customer upserts are idempotent and bump the version; changes are listed")
    func customers() async throws {
        let erp = FakeERP(time: clock.timeSource())
        let customer = MasterCustomer(
            masterID: nil, email: "ann@example.com", fields: ["phone": "1"], updatedAt: .distantPast)
        let id = try await erp.upsertCustomer(customer, idempotencyKey: "u1")
        #expect(try await erp.upsertCustomer(customer, idempotencyKey: "u1") == id)
        clock.advance(by: .seconds(1))
        await erp.setCustomer(email: "Ann@example.com", fields: ["phone": "2"])
        #expect(await erp.customer(email: "ann@example.com")?.version == 2)
        #expect(try await erp.customerChanges(after: .beginning, limit: 5).map(\.fields) == [["phone": "2"]])
    }

    @Test("allCustomers() pages past 1,000 by keyset, also through 2,001 changes at one instant")
    func allCustomersPages() async throws {
        let erp = FakeERP(time: clock.timeSource())
        for index in 0..<2_500 {
            await erp.setCustomer(email: "c\(index)@example.com", fields: ["lastname": "N\(index)"])
            if index % 7 == 0 { clock.advance(by: .milliseconds(5)) }
        }
        let everyone = try await erp.allCustomers()
        #expect(everyone.count == 2_500 && Set(everyone.map(\.email)).count == 2_500)

        let crowded = FakeERP(time: clock.timeSource())
        for index in 0..<2_001 { await crowded.setCustomer(email: "s\(index)@example.com", fields: [:]) }
        let all = try await crowded.allCustomers()
        #expect(all.count == 2_001 && Set(all.map(\.email)).count == 2_001, "none skipped, none twice")
    }
}
