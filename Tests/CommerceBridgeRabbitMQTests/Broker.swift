import CommerceBridge
import CommerceBridgeRabbitMQ
import Foundation
import RabbitMQTestSupport

/// Names and configurations on the test process's shared node.
enum Broker {
    static func name(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    static func configuration(
        _ server: RabbitMQTestServer, _ configure: (inout RabbitMQConfiguration) -> Void = { _ in }
    ) throws -> RabbitMQConfiguration {
        var configuration = try RabbitMQConfiguration(url: server.url)
        configuration.reconnect = .init(
            initialDelay: .milliseconds(50), maximumDelay: .milliseconds(500), giveUpAfter: .seconds(60))
        configuration.operationTimeout = .seconds(20)
        configure(&configuration)
        return configuration
    }

    static func shared(_ configure: (inout RabbitMQConfiguration) -> Void = { _ in }) async throws
        -> RabbitMQConfiguration
    {
        try configuration(try await RabbitMQTestServer.sharedServer(), configure)
    }

    static func events(_ count: Int, type: String, prefix: String = name("e")) -> [OutgoingEvent] {
        (0..<count).map { index in
            OutgoingEvent(
                id: "\(prefix)-\(index)", type: type, payload: Data("{\"index\":\(index)}".utf8),
                headers: ["index": "\(index)"])
        }
    }

    /// Receives until `count` events came or `timeout` passed, acknowledging when asked. The timeout only guards
    /// against a hang: under the full suite on two cores, a few seconds' stall is ordinary.
    static func receive(
        _ count: Int, from source: RabbitMQEventSource, acknowledging: Bool = true, limit: Int = 500,
        timeout: Duration = .seconds(90)
    ) async throws -> [ReceivedEvent] {
        var received: [ReceivedEvent] = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while received.count < count, clock.now < deadline {
            let batch = try await source.receive(limit: min(limit, count - received.count), timeout: .milliseconds(500))
            if acknowledging { try await source.acknowledge(batch) }
            received += batch
        }
        return received
    }
}
