import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeSQLite
import CommerceBridgeTesting
import Foundation
import Synchronization

/// Checkout-to-ERP latency of orders driven by signed Commerce events (verified, filed in a SQLite inbox, exported by
/// `EventDrivenConnector`), against the same orders found by polling once a second, in the same run.
struct EventLatencyBenchmark: Benchmark {
    let name = "event_order_latency_sqlite"
    let summary =
        "orders reach FakeERP through signed events (300 at 50/s, then 500 at 250/s), p50/p99, against polling every 1 s"

    /// The ERP's order book, noting when each order arrived.
    final class TimedSink: OrderSink {
        let arrivals = Mutex<[String: (at: ContinuousClock.Instant, calls: Int)]>([:])

        func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
            arrivals.withLock { arrivals in
                let previous = arrivals[order.commerceOrderNumber]
                arrivals[order.commerceOrderNumber] = (previous?.at ?? .now, (previous?.calls ?? 0) + 1)
            }
            return "SO-\(order.commerceOrderNumber)"
        }

        func orderStatus(erpOrderNumber: String) async throws -> String { "open" }
    }

    func run(_ fixtures: Fixtures) async throws -> [String: Double] {
        let steady = try await latencies(fixtures, eventDriven: true, orders: 300, gap: .milliseconds(20))
        let polling = try await latencies(fixtures, eventDriven: false, orders: 300, gap: .milliseconds(20))
        let burst = try await latencies(fixtures, eventDriven: true, orders: 500, gap: .milliseconds(4))
        return [
            "steady_50_per_s_event_p50_ms": rounded(steady.p50 * 1000),
            "steady_50_per_s_event_p99_ms": rounded(steady.p99 * 1000),
            "steady_50_per_s_polling_1s_p50_ms": rounded(polling.p50 * 1000),
            "steady_50_per_s_polling_1s_p99_ms": rounded(polling.p99 * 1000),
            "steady_p50_ratio_polling_over_events": rounded(polling.p50 / steady.p50),
            "burst_250_per_s_event_p50_ms": rounded(burst.p50 * 1000),
            "burst_250_per_s_event_p99_ms": rounded(burst.p99 * 1000),
        ]
    }

    private func latencies(_ fixtures: Fixtures, eventDriven: Bool, orders count: Int, gap: Duration) async throws
        -> (p50: Double, p99: Double)
    {
        let directory = try fixtures.scratchDirectory()
        let store = try SQLiteConnectorStore(
            path: directory.appendingPathComponent("events-\(eventDriven)-\(count).sqlite").path)
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 20)
        let client = fake.makeClient()
        let sink = TimedSink()
        let orders = DualWriteOrderEngine(commerce: client, sink: sink, fulfillment: nil, store: store, time: .system)
        var inbox = InboxProcessor.Configuration()
        inbox.pollInterval = .milliseconds(5)
        let connector = EventDrivenConnector(store: store, orders: orders, configuration: inbox, time: .system)
        var tasks: [Task<Void, Never>] = []
        var delivery: FakeEventDelivery?
        if eventDriven {
            try await connector.subscribe(using: client)
            let intake = StoreEventIntake(store: store)
            let webhook = IOEventsWebhook(
                configuration: .init(clientID: "bench"),
                publicKeys: IOEventsPublicKeys(transport: fake, host: fake.baseURL)
            ) { events in try await intake.receive(events) }
            let pushing = FakeEventDelivery(fake: fake, to: .endpoint(webhook), clientID: "bench")
            pushing.start(every: .milliseconds(2))
            delivery = pushing
            tasks.append(Task { await connector.run() })
        } else {
            tasks.append(Task { await orders.run(every: .seconds(1)) })
        }
        var placed: [String: ContinuousClock.Instant] = [:]
        for index in 0..<count {
            let order = try fake.placeOrder(
                customerEmail: "shopper\(index % 50)@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
            placed[order.incrementID ?? ""] = .now
            try await Task.sleep(for: gap)
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while sink.arrivals.withLock({ $0.count }) < placed.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        for task in tasks { task.cancel() }
        delivery?.stop()
        fixtures.keepUntilEnd(store, fake)
        let arrivals = sink.arrivals.withLock { $0 }
        precondition(arrivals.count == placed.count, "every order reaches the ERP")
        precondition(arrivals.values.allSatisfy { $0.calls == 1 }, "no order reaches the ERP twice")
        let sorted = placed.compactMap { number, at in arrivals[number].map { at.duration(to: $0.at).inSeconds } }
            .sorted()
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }
}
