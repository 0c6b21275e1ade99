import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

struct ReservationEngineTests {
    private let clock = ManualClock()
    private let lines = [ERPOrderRequest.Line(sku: "A", quantity: 3, unitPrice: 1)]

    private func setUp(onHand: Decimal = 5) async -> (FakeERP, InMemoryConnectorStore, ReservationEngine) {
        let erp = FakeERP(time: clock.timeSource())
        await erp.setOnHand(sku: "A", quantity: onHand)
        let store = InMemoryConnectorStore()
        let coordinator = ReservationEngine(service: erp, store: store, time: clock.timeSource()) { sku in
            sku == "A" ? 4 : 0
        }
        return (erp, store, coordinator)
    }

    @Test("Checkout reserves with a deadline, repeats the same answer for the same key, and confirms on the order")
    func reserveAndConfirm() async throws {
        let (erp, _, coordinator) = await setUp()
        let decision = try await coordinator.reserve(key: "cart-1", lines: lines)
        guard case .reserved(let until) = decision else {
            Issue.record("expected a reservation, got \(decision)")
            return
        }
        #expect(until == clock.timeSource().now().addingTimeInterval(900))
        #expect(try await coordinator.reserve(key: "cart-1", lines: lines) == decision)
        #expect(await erp.calls["reserve"] == 1, "the same key is answered once")
        #expect(
            try await coordinator.reserve(key: "cart-2", lines: lines) == .insufficient, "the first hold leaves 2 of 5")
        try await coordinator.confirm(key: "cart-1", erpOrderNumber: "SO-1")
        #expect(await erp.reservations["cart-1"]?.state == "confirmed")
        #expect(try await coordinator.activeKeys.isEmpty)
    }

    @Test("A cancelled checkout releases its hold, and expired holds are released by the sweep")
    func releaseAndExpiry() async throws {
        let (erp, _, coordinator) = await setUp(onHand: 10)
        _ = try await coordinator.reserve(key: "cancelled", lines: lines)
        _ = try await coordinator.reserve(key: "abandoned", lines: lines)
        try await coordinator.release(key: "cancelled")
        try await coordinator.release(key: "cancelled")
        #expect(await erp.reservations["cancelled"]?.state == "released")
        clock.advance(by: .seconds(899))
        #expect(try await coordinator.releaseExpired().isEmpty)
        clock.advance(by: .seconds(1))
        #expect(try await coordinator.releaseExpired() == ["abandoned"])
        #expect(await erp.reservations["abandoned"]?.state == "released")
    }

    @Test("A slow ERP falls back to cached stock at the timeout, and the decision is audited")
    func slowERPFallsBack() async throws {
        let (erp, store, coordinator) = await setUp()
        var slow = FakeERP.Faults()
        slow.latency = .seconds(5) ... .seconds(5)
        await erp.setFaults(slow)
        let task = Task { try await coordinator.reserve(key: "cart-9", lines: lines) }
        await clock.waitForSleepers(2)
        clock.advance(by: .milliseconds(500))
        guard case .fallback(let available, let reason) = try await task.value else {
            Issue.record("expected a fallback")
            return
        }
        #expect(available, "cached stock 4 covers 3")
        #expect(reason.contains("cached stock says available"))
        #expect(try await store.auditRecords(correlationID: "cart-9").map(\.action) == ["reservation.fallback"])
        let short = try await {
            let task = Task {
                try await coordinator.reserve(key: "cart-10", lines: [.init(sku: "A", quantity: 9, unitPrice: 1)])
            }
            await clock.waitForSleepers(2)
            clock.advance(by: .milliseconds(500))
            return try await task.value
        }()
        #expect(short == .fallback(available: false, reason: short.reason))
        try await coordinator.confirm(key: "cart-9", erpOrderNumber: nil)
        #expect(await erp.calls["confirm"] == nil, "a fallback holds nothing in the ERP to confirm")
    }

    @Test("An answer whose TTL passed before the sweep is released and asked afresh; the store keeps one answer")
    func lapsedAnswerIsAskedAgain() async throws {
        let (erp, store, coordinator) = await setUp()
        guard case .reserved(let first) = try await coordinator.reserve(key: "cart-1", lines: lines) else {
            Issue.record("expected a reservation")
            return
        }
        #expect(try await store.reservation(key: "cart-1")?.holdsStock == true, "the hold is in the store")
        clock.advance(by: .seconds(901))
        guard case .reserved(let second) = try await coordinator.reserve(key: "cart-1", lines: lines) else {
            Issue.record("expected a new reservation")
            return
        }
        #expect(second > first)
        #expect(await erp.calls["release"] == 1, "the lapsed hold was released before asking again")
        #expect(await erp.calls["reserve"] == 2)
        #expect(try await coordinator.activeKeys == ["cart-1"])
        try await coordinator.confirm(key: "cart-1", erpOrderNumber: "SO-9")
        #expect(try await store.reservation(key: "cart-1")?.holdsStock == false, "a confirmed order holds nothing")
        clock.advance(by: .seconds(901))
        #expect(try await coordinator.releaseExpired().isEmpty, "a confirmed reservation is not released")
        #expect(await erp.reservations["cart-1"]?.state == "confirmed")
        #expect(try await store.reservation(key: "cart-1") == nil, "its answer is forgotten after the TTL")
    }

    @Test("A pattern hook that throws leaves no claim behind: the next request asks at once", .timeLimit(.minutes(1)))
    func refusedHookLeavesNothingPending() async throws {
        struct Refuses: ReservationPattern {
            let refuse: Bool
            func beforeSend(_ lines: [ERPOrderRequest.Line], key: String) async throws -> [ERPOrderRequest.Line] {
                if refuse { throw MappingError(record: "reservation \(key)", field: "lines", message: "refused") }
                return lines
            }
        }
        let erp = FakeERP(time: clock.timeSource())
        await erp.setOnHand(sku: "A", quantity: 5)
        let store = InMemoryConnectorStore()
        let refusing = ReservationEngine(
            service: erp, store: store, pattern: Refuses(refuse: true), time: clock.timeSource()
        ) { _ in nil }
        await #expect(throws: MappingError.self) { try await refusing.reserve(key: "cart-1", lines: lines) }
        let accepting = ReservationEngine(
            service: erp, store: store, pattern: Refuses(refuse: false), time: clock.timeSource()
        ) { _ in nil }
        guard case .reserved = try await accepting.reserve(key: "cart-1", lines: lines) else {
            Issue.record("the second worker decides without waiting for a claim to lapse")
            return
        }
    }

    @Test("A refused reservation is an error, not a fallback")
    func rejected() async {
        struct Refusing: ReservationService {
            func reserve(key: String, lines: [ERPOrderRequest.Line], until deadline: Date) async throws -> Bool {
                throw AdapterError(.rejected, system: .erp, "SKU blocked")
            }
            func confirm(key: String, erpOrderNumber: String?) async throws {}
            func release(key: String) async throws {}
        }
        let coordinator = ReservationEngine(
            service: Refusing(), store: InMemoryConnectorStore(), time: clock.timeSource()
        ) { _ in 100 }
        await #expect(
            performing: { try await coordinator.reserve(key: "x", lines: lines) },
            throws: { ($0 as? AdapterError)?.code == .rejected })
    }

    @Test("A kit pattern reserves the kit's parts and hears the decision; an empty cart is refused by name")
    func kitPattern() async throws {
        let erp = FakeERP(time: clock.timeSource())
        await erp.setOnHand(sku: "PART-A", quantity: 5)
        await erp.setOnHand(sku: "PART-B", quantity: 1)
        let heard = Decisions()
        let coordinator = ReservationEngine(
            service: erp, store: InMemoryConnectorStore(), pattern: Kits(heard: heard), time: clock.timeSource()
        ) { _ in nil }
        let kit = [ERPOrderRequest.Line(sku: "KIT-1", quantity: 1, unitPrice: 30)]
        guard case .reserved = try await coordinator.reserve(key: "cart-1", lines: kit) else {
            Issue.record("one kit fits: 5 of A, 1 of B")
            return
        }
        #expect(await erp.reservations["cart-1"]?.lines.map(\.sku) == ["PART-A", "PART-B"])
        #expect(try await coordinator.reserve(key: "cart-2", lines: kit) == .insufficient, "B is held by cart-1")
        #expect(await heard.keys == ["cart-1", "cart-2"])
        await #expect(
            throws: MappingError(record: "reservation cart-3", field: "lines", message: "is empty; nothing to reserve")
        ) { try await coordinator.reserve(key: "cart-3", lines: []) }
        await #expect(throws: MappingError.self) {
            try await coordinator.reserve(key: "cart-4", lines: [.init(sku: "PART-A", quantity: -1, unitPrice: 0)])
        }
        #expect(await erp.calls["reserve"] == 2)
    }
}

extension ReservationEngine.Decision {
    var reason: String {
        if case .fallback(_, let reason) = self { reason } else { "" }
    }
}

/// Reserves a kit's parts instead of the kit.
private struct Kits: ReservationPattern {
    let heard: Decisions

    func map(_ lines: [ERPOrderRequest.Line], key: String) throws -> [ERPOrderRequest.Line] {
        lines.flatMap { line in
            line.sku == "KIT-1"
                ? [
                    .init(sku: "PART-A", quantity: line.quantity, unitPrice: 0),
                    .init(sku: "PART-B", quantity: line.quantity, unitPrice: 0),
                ] : [line]
        }
    }

    func afterSend(_ decision: ReservationEngine.Decision, key: String) async throws { await heard.append(key) }
}

private actor Decisions {
    private(set) var keys: [String] = []
    func append(_ key: String) { keys.append(key) }
}
