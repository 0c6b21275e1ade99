import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import Foundation
import Synchronization
import Testing

struct URLSessionTransportTests {
    @Test("A refused connection on loopback is a retryable connectionFailed error")
    func connectionRefused() async throws {
        let transport = URLSessionTransport()
        defer { transport.shutdown() }
        let request = HTTPRequest(method: .get, url: URL(string: "http://127.0.0.1:9/rest/default/V1/store/websites")!)
        do {
            _ = try await transport.send(request)
            Issue.record("expected the connection to be refused")
        } catch let error as CommerceError {
            #expect(error.code == .connectionFailed || error.code == .timedOut)
            #expect(error.isRetryable)
            #expect(error.message.contains("127.0.0.1"))
        }
    }

    @Test("A client over URLSession reports a refused connection with the operation and correlation id")
    func clientOverURLSession() async throws {
        let transport = URLSessionTransport()
        defer { transport.shutdown() }
        var configuration = AdobeCommerceConfiguration(
            baseURL: URL(string: "http://127.0.0.1:9")!, authentication: .bearer("t"))
        configuration.retry = .none
        let client = AdobeCommerceClient(configuration: configuration, transport: transport)
        await #expect(
            performing: { try await client.store.websites() },
            throws: { error in
                let error = error as? CommerceError
                return error?.operationID == "store.getStoreWebsites" && error?.correlationID != nil
                    && error?.isRetryable == true
            })
    }

    @Test(
        "Requests cancelled at random moments, while their answers arrive, each end at once: never a deadlock",
        .timeLimit(.minutes(2)))
    func cancellationAtAnyMoment() async throws {
        let server = try FakeCommerceServer(fake: FakeCommerce())
        defer { server.shutdown() }
        let transport = URLSessionTransport(maximumConnectionsPerHost: 4)
        defer { transport.shutdown() }
        let request = HTTPRequest(
            method: .get, url: server.baseURL.appendingPathComponent("rest/default/V1/store/websites"))
        var answered = 0
        var cancelled = 0
        for index in 0..<400 {
            let outcome = Outcome()
            let task = Task {
                do {
                    _ = try await transport.send(request)
                    outcome.set("answered")
                } catch let error as CommerceError where error.code == .cancelled {
                    outcome.set("cancelled")
                } catch {
                    outcome.set("\(error)")
                }
            }
            try await Task.sleep(for: .microseconds(Int.random(in: 0...3_000)))
            task.cancel()
            // Polled with a deadline rather than awaited. With `URLSession.data(for:)` this loop never came back (4 runs
            // of 4): the deadlock held the pool's threads, so only the CI's stall watch would have stopped it.
            let deadline = ContinuousClock.now + .seconds(10)
            while outcome.value == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
            let value = try #require(outcome.value, "request \(index) did not end within 10 s of its cancellation")
            switch value {
            case "answered": answered += 1
            case "cancelled": cancelled += 1
            default: Issue.record("request \(index): \(value)")
            }
        }
        #expect(answered + cancelled == 400)
        #expect(answered > 0 && cancelled > 0, "\(answered) answered, \(cancelled) cancelled: both moments were hit")
    }
}

/// How a request ended, set once by its task.
private final class Outcome: Sendable {
    private let state = Mutex<String?>(nil)
    var value: String? { state.withLock { $0 } }
    func set(_ value: String) { state.withLock { $0 = value } }
}
