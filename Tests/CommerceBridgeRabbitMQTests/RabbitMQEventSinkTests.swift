import CommerceBridge
import CommerceBridgeRabbitMQ
import Foundation
import RabbitMQTestSupport
import Testing

@Suite(.enabled(if: RabbitMQTestServer.shouldRun, Comment(rawValue: RabbitMQTestServer.unavailableMessage)))
struct RabbitMQEventSinkTests {
    @Test("Publishing to a missing exchange throws channelClosed 404; the sink recovers once it exists")
    func missingExchange() async throws {
        let configuration = try await Broker.shared()
        let exchange = Broker.name("missing")
        let sink = RabbitMQEventSink(
            configuration: configuration, options: .init(exchange: exchange, declaresExchange: false))
        await #expect(
            performing: { try await sink.publish(Broker.events(3, type: "t")) },
            throws: { error in
                guard let error = error as? RabbitMQError else { return false }
                return error.code == .channelClosed && error.replyCode == 404
                    && error.replyText?.contains("NOT_FOUND") == true && error.isRetryable
                    && error.recovery.contains("declare")
            })
        let source = RabbitMQEventSource(
            configuration: configuration, options: .init(queue: Broker.name("q"), exchange: exchange))
        _ = try await source.receive(limit: 1, timeout: .zero)
        let events = Broker.events(3, type: "t")
        try await sink.publish(events)
        #expect(try await Broker.receive(3, from: source).map(\.id) == events.map(\.id))
        await source.shutdown()
        await sink.shutdown()
    }

    @Test("Bad credentials fail with authenticationFailed, without the password in the message")
    func badCredentials() async throws {
        let server = try await RabbitMQTestServer.sharedServer()
        var configuration = try Broker.configuration(server)
        configuration.password = "WrongSecret99"
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: ""))
        await #expect(
            performing: { try await sink.publish(Broker.events(1, type: "t")) },
            throws: { error in
                guard let error = error as? RabbitMQError else { return false }
                return error.code == .authenticationFailed && !error.description.contains("WrongSecret99")
            })
    }

    @Test("An unreachable broker fails with connectionFailed once the reconnect budget is spent")
    func unreachable() async throws {
        var configuration = try RabbitMQConfiguration(url: "amqp://guest:guest@127.0.0.1:1/%2F")
        configuration.reconnect = .init(
            initialDelay: .milliseconds(20), maximumDelay: .milliseconds(50), giveUpAfter: .milliseconds(300))
        let sink = RabbitMQEventSink(configuration: configuration, options: .init(exchange: ""))
        // Timed on a thread of its own: the sink works on its own queue, and resuming here then needs no thread of
        // the cooperative pool, which the rest of the suite may keep busy for many seconds.
        let (elapsed, failure) = await withTaskExecutorPreference(DedicatedExecutor()) {
            () async -> (Duration, RabbitMQError?) in
            let start = ContinuousClock.now
            do {
                try await sink.publish(Broker.events(1, type: "t"))
                return (ContinuousClock.now - start, RabbitMQError?.none)
            } catch {
                return (ContinuousClock.now - start, error as? RabbitMQError)
            }
        }
        #expect(failure?.code == .connectionFailed && failure?.isRetryable == true)
        // It retried for the budget (giving up when the next delay would pass it), and no longer than a fraction
        // of the 60 s default budget: the configured 300 ms is what ended it.
        #expect(elapsed >= .milliseconds(300) - .milliseconds(50), "gave up after \(elapsed)")
        #expect(elapsed < .seconds(5), "gave up after \(elapsed)")
        let source = RabbitMQEventSource(configuration: configuration, options: .init(queue: "q"))
        // Within the budget a receive answers empty; past it, it throws.
        #expect(try await source.receive(limit: 1, timeout: .milliseconds(100)).isEmpty)
        try await Task.sleep(for: .milliseconds(400))
        await #expect(
            performing: { try await source.receive(limit: 1, timeout: .milliseconds(100)) },
            throws: { ($0 as? RabbitMQError)?.code == .connectionFailed })
        await source.shutdown()
        await #expect(
            performing: { try await source.receive(limit: 1, timeout: .zero) },
            throws: { ($0 as? RabbitMQError)?.code == .shutDown })
    }
}
