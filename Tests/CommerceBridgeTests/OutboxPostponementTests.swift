import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Foundation
import Synchronization
import Testing

struct OutboxPostponementTests {
    @Test(
        "A postponed message waits its delay, spends no attempt and no receive, and never reaches the dead-letter queue"
    )
    func postponedMessagesWait() async throws {
        let clock = ManualClock()
        let time = clock.timeSource()
        let store = InMemoryConnectorStore()
        let ready = Mutex(false)
        var configuration = OutboxDispatcher.Configuration()
        configuration.defaultPolicy = .init(
            retry: RetryPolicy(maximumAttempts: 2, initialDelay: .seconds(1), maximumDelay: .seconds(1)),
            circuitBreaker: .init(failureThreshold: 1, openDuration: .seconds(600)))
        let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: time) { _, _ in
            guard ready.withLock({ $0 }) else {
                throw OutboxPostponement(delay: .seconds(30), reason: "its order is not there yet")
            }
        }
        try await store.enqueue(
            [.init(destination: "erp", topic: "t", idempotencyKey: "k", payload: Data("{}".utf8))], now: time.now())
        for _ in 0..<12 {  // more than the attempts and receives allowed
            let report = try await dispatcher.drain()
            #expect(report.postponed == 1 && report.retried == 0 && report.deadLettered == 0)
            #expect(try await dispatcher.drain().postponed == 0, "not due again before its delay")
            clock.advance(by: .seconds(30))
        }
        #expect(await dispatcher.circuitBreaker(for: "erp").reopensAt == nil, "waiting is not a failure")
        ready.withLock { $0 = true }
        #expect(try await dispatcher.drain().delivered == 1)
        #expect(try await store.deadLetters(limit: 10, offset: 0).isEmpty)
    }
}
