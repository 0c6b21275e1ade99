import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct RetryMiddlewareTests {
    private let policy = RetryPolicy(maximumAttempts: 3, initialDelay: .milliseconds(200), maximumDelay: .seconds(5))

    private func chain(
        _ transport: ScriptedTransport, clock: ManualClock, observer: RecordingObserver = RecordingObserver()
    )
        -> MiddlewareTransport
    {
        MiddlewareTransport(
            base: transport,
            middleware: [RetryMiddleware(policy: policy, time: clock.timeSource(), observer: observer, random: { 0.5 })]
        )
    }

    @Test("A 503 is retried after the jittered backoff, then the success is returned")
    func retriesServerError() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([.respond(503), .respond(200, body: "{\"ok\":true}")])
        let observer = RecordingObserver()
        let task = Task { try await chain(transport, clock: clock, observer: observer).send(.test()) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(99))
        #expect(clock.sleeperCount == 1, "full jitter with random 0.5 waits half of 200 ms")
        clock.advance(by: .milliseconds(1))
        let response = try await task.value
        #expect(response.status == 200)
        #expect(transport.sent.count == 2)
        #expect(observer.retries.map(\.attempt) == [1])
        #expect(observer.retries.first?.reason == "HTTP 503")
    }

    @Test("Retry-After is honoured when longer than the backoff")
    func honoursRetryAfter() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([.respond(429, headers: ["Retry-After": "3"]), .respond(200)])
        let task = Task { try await chain(transport, clock: clock).send(.test()) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(2_999))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(1))
        #expect(try await task.value.status == 200)
    }

    @Test("A Retry-After HTTP date is read against the configured wall clock, not the system's")
    func retryAfterDateUsesTheTimeSource() async throws {
        let clock = ManualClock()  // its wall clock starts at Thu, 01 Jan 2026 00:00:00 GMT
        let transport = ScriptedTransport([
            .respond(503, headers: ["Retry-After": "Thu, 01 Jan 2026 00:00:04 GMT"]), .respond(200),
        ])
        let task = Task { try await chain(transport, clock: clock).send(.test()) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(3_999))
        #expect(clock.sleeperCount == 1, "four seconds after the clock's own now")
        clock.advance(by: .milliseconds(1))
        #expect(try await task.value.status == 200)
    }

    @Test("A Retry-After beyond the maximum returns the 429 instead of stalling")
    func refusesLongRetryAfter() async throws {
        let transport = ScriptedTransport([.respond(429, headers: ["Retry-After": "3600"])])
        let response = try await chain(transport, clock: ManualClock()).send(.test())
        #expect(response.status == 429)
        #expect(transport.sent.count == 1)
    }

    @Test("A non-idempotent POST is not retried, but one with an idempotency key or an idempotent operation is")
    func writesNeedIdempotency() async throws {
        let plain = ScriptedTransport([.respond(503), .respond(200)])
        #expect(try await chain(plain, clock: ManualClock()).send(.test(.post)).status == 503)
        #expect(plain.sent.count == 1)

        for request in [
            HTTPRequest.test(.post, headers: [HTTPRequest.idempotencyKeyHeader: "k-1"]),
            .test(.post, operationIdempotent: true),
        ] {
            let clock = ManualClock()
            let keyed = ScriptedTransport([.respond(503), .respond(200)])
            let task = Task { try await chain(keyed, clock: clock).send(request) }
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(1))
            #expect(try await task.value.status == 200)
            #expect(keyed.sent.count == 2)
        }
    }

    @Test("A 400 and a 404 are returned at once", arguments: [400, 401, 404])
    func clientErrorsNotRetried(status: Int) async throws {
        let transport = ScriptedTransport([.respond(status), .respond(200)])
        #expect(try await chain(transport, clock: ManualClock()).send(.test()).status == status)
        #expect(transport.sent.count == 1)
    }

    @Test("Lost connections are retried until the attempts run out, then the error is thrown")
    func connectionFailures() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([.fail(.connectionFailed), .fail(.timedOut), .fail(.connectionFailed)])
        let task = Task { try await chain(transport, clock: clock).send(.test()) }
        for _ in 0..<2 {
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(5))
        }
        await #expect(
            performing: { try await task.value }, throws: { ($0 as? CommerceError)?.code == .connectionFailed })
        #expect(transport.sent.count == 3)
    }

    @Test("Cancelling a task that waits to retry ends it promptly with the cancelled code")
    func cancellation() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([.respond(503), .respond(200)])
        let task = Task { try await chain(transport, clock: clock).send(.test()) }
        await clock.waitForSleepers(1)
        task.cancel()
        await #expect(performing: { try await task.value }, throws: { ($0 as? CommerceError)?.code == .cancelled })
        #expect(transport.sent.count == 1)
    }

    @Test("Backoff grows exponentially, is capped, and full jitter stays below the cap")
    func backoffShape() {
        let exact = RetryPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(1), jitter: false)
        #expect(
            (1...6).map { exact.backoff(forRetry: $0) } == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
                .seconds(1),
            ])
        var generator = SeededRandomNumberGenerator(seed: 3)
        let jittered = RetryPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(1))
        for retry in 1...40 {
            let random = Double(generator.next() % 1_000_000) / 1_000_000
            let delay = jittered.backoff(forRetry: retry, random: random)
            #expect(delay >= .zero && delay <= .seconds(1))
        }
    }

    @Test("Retry-After accepts delta-seconds and HTTP dates in all three forms")
    func retryAfterParsing() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryPolicy.retryAfterDelay("120", now: now) == .seconds(120))
        #expect(RetryPolicy.retryAfterDelay("Sun, 06 Nov 1994 08:50:37 GMT", now: now) == .seconds(60))
        #expect(RetryPolicy.retryAfterDelay("Sunday, 06-Nov-94 08:51:37 GMT", now: now) == .seconds(120), "RFC 850")
        #expect(RetryPolicy.retryAfterDelay("Sun Nov  6 08:52:37 1994", now: now) == .seconds(180), "asctime")
        #expect(RetryPolicy.retryAfterDelay("Sun, 06 Nov 1994 08:48:37 GMT", now: now) == .zero, "a past date")
        #expect(RetryPolicy.retryAfterDelay("Sunday, 06-Nov-1994 08:51:37 GMT", now: now) == nil)
        #expect(RetryPolicy.retryAfterDelay("soon", now: now) == nil)
        #expect(RetryPolicy.retryAfterDelay("-1", now: now) == nil)
    }
}
