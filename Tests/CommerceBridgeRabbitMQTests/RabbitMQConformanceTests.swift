import CommerceBridge
import CommerceBridgeRabbitMQ
import CommerceBridgeTesting
import RabbitMQTestSupport
import Testing

@Suite(.enabled(if: RabbitMQTestServer.shouldRun, Comment(rawValue: RabbitMQTestServer.unavailableMessage)))
struct RabbitMQConformanceTests {
    @Test("RabbitMQ passes the event source conformance suite", arguments: EventSourceConformance.checkNames)
    func sourceConforms(check: String) async throws {
        let configuration = try await Broker.shared()
        let queue = Broker.name("conf")
        let options = RabbitMQEventSource.Options(queue: queue)
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: ""))
        let setUp = RabbitMQEventSource(configuration: configuration, options: options)
        _ = try await setUp.receive(limit: 1, timeout: .zero)
        await setUp.shutdown()
        let deadLetters = RabbitMQEventSource(
            configuration: configuration,
            options: .init(queue: "\(queue).dead-letter", deadLetter: nil, declaresTopology: false))
        try await EventSourceConformance(
            sink: sink, eventType: queue,
            openSource: { RabbitMQEventSource(configuration: configuration, options: options) },
            closeSource: { source in await (source as? RabbitMQEventSource)?.shutdown() },
            deadLetteredIDs: {
                let events = try await deadLetters.receive(limit: 100, timeout: .milliseconds(200))
                try await deadLetters.acknowledge(events)
                return events.map(\.id)
            }
        ).run(check)
        await deadLetters.shutdown()
        await sink.shutdown()
    }

    @Test("RabbitMQ passes the event sink conformance suite", arguments: EventSinkConformance.checkNames)
    func sinkConforms(check: String) async throws {
        let configuration = try await Broker.shared()
        let exchange = Broker.name("x")
        let source = RabbitMQEventSource(
            configuration: configuration,
            options: .init(queue: Broker.name("conf"), exchange: exchange, routingKeys: ["conformance.#"]))
        _ = try await source.receive(limit: 1, timeout: .zero)
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: exchange))
        try await EventSinkConformance(sink: sink, source: source, eventType: "conformance.event").run(check)
        await source.shutdown()
        await sink.shutdown()
    }
}
