import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeRabbitMQ
import CommerceBridgeTesting
import Foundation
import RabbitMQTestSupport
import Synchronization
import Testing

/// Commerce's events through RabbitMQ into the connector: FakeCommerce emits, a publisher puts each event on an
/// exchange twice, and the connector's pump, inbox and engines export every order once.
@Suite(.enabled(if: RabbitMQTestServer.shouldRun, Comment(rawValue: RabbitMQTestServer.unavailableMessage)))
struct StoreEventsOverRabbitMQTests {
    /// An ERP that creates an order on every call and counts calls per Commerce order.
    final class CountingSink: OrderSink {
        let calls = Mutex<[String: Int]>([:])
        func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
            calls.withLock { $0[order.commerceOrderNumber, default: 0] += 1 }
            return "SO-\(order.commerceOrderNumber)"
        }
        func orderStatus(erpOrderNumber: String) async throws -> String { "open" }
    }

    @Test("Order events published twice to RabbitMQ export each of 300 orders once")
    func ordersThroughTheBroker() async throws {
        let configuration = try await Broker.shared()
        let exchange = Broker.name("commerce-events")
        let source = RabbitMQEventSource(
            configuration: configuration,
            options: .init(queue: Broker.name("connector"), exchange: exchange, routingKeys: ["com.adobe.commerce.#"]))
        _ = try await source.receive(limit: 1, timeout: .zero)  // declares the queue and its binding
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: exchange))

        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 5)
        let store = InMemoryConnectorStore()
        let erp = CountingSink()
        let orders = DualWriteOrderEngine(
            commerce: fake.makeClient(), sink: erp, fulfillment: nil, store: store, time: .system)
        let connector = EventDrivenConnector(store: store, orders: orders, time: .system)
        try await connector.subscribe(using: fake.makeClient())

        // Commerce's side: every emitted event goes to the exchange, twice (a publisher retrying after a lost confirm).
        let stream = fake.eventStream()
        let publisher = Task {
            for await event in stream {
                let message = OutgoingEvent(id: event.deduplicationKey, type: event.type, payload: event.json.jsonData)
                try? await sink.publish([message])
                try? await sink.publish([message])
            }
        }
        for index in 0..<300 {
            try fake.placeOrder(
                customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-00000\(index % 5 + 1)", quantity: 1)])
        }
        let pump = EventSourcePump(
            source: source, intake: StoreEventIntake(store: store, source: "rabbitmq"), batchSize: 100)
        var total = EventSourcePump.Report()
        let deadline = ContinuousClock.now + .seconds(60)
        while total.accepted < 300, ContinuousClock.now < deadline {
            let report = try await pump.pumpOnce(timeout: .milliseconds(500))
            total.accepted += report.accepted
            total.duplicates += report.duplicates
            total.rejected += report.rejected
        }
        _ = try await connector.processAvailable()
        publisher.cancel()
        #expect(total.accepted == 300)
        #expect(total.rejected == 0)
        let calls = erp.calls.withLock { $0 }
        #expect(calls.count == 300)
        #expect(calls.values.allSatisfy { $0 == 1 }, "no order reached the ERP twice")
        await source.shutdown()
        await sink.shutdown()
    }
}
