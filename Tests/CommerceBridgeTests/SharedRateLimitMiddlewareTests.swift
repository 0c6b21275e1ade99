import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Foundation
import Synchronization
import Testing

struct SharedRateLimitMiddlewareTests {
    /// The hosts requests reached, in order.
    final class Sent: Sendable {
        let hosts = Mutex<[String]>([])
    }

    static func send(_ worker: SharedRateLimitMiddleware, _ host: String, into sent: Sent) async throws -> Int {
        let request = HTTPRequest(method: .get, url: URL(string: "https://\(host)/rest/V1/store/storeViews")!)
        return try await worker.intercept(request) { request in
            sent.hosts.withLock { $0.append(request.url.host() ?? "") }
            return HTTPResponse(status: 200)
        }.status
    }

    @Test("Two workers' middleware on one store share one budget per host: the second worker's request waits")
    func sharesOneBudget() async throws {
        let clock = ManualClock()
        let store = InMemoryConnectorStore()
        let observer = RecordingObserver()
        let limit = RateLimit(requestsPerSecond: 1, burst: 1)
        let first = SharedRateLimitMiddleware(limit: limit, store: store, time: clock.timeSource(), observer: observer)
        let second = SharedRateLimitMiddleware(limit: limit, store: store, time: clock.timeSource(), observer: observer)
        let sent = Sent()
        #expect(try await Self.send(first, "shop.example.com", into: sent) == 200)
        let waiting = Task { try await Self.send(second, "shop.example.com", into: sent) }
        await clock.waitForSleepers(1)
        #expect(sent.hosts.withLock { $0 } == ["shop.example.com"], "the other worker waits for the shared budget")
        #expect(
            try await Self.send(second, "other.example.com", into: sent) == 200, "another host has its own budget")
        clock.advance(by: .seconds(1))
        #expect(try await waiting.value == 200)
        #expect(sent.hosts.withLock { $0 }.count == 3)
        #expect(
            observer.events.contains { event in
                if case .rateLimited(let host, _) = event { host == "shop.example.com" } else { false }
            })
    }
}
