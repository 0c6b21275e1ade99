import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

struct RateLimitTests {
    @Test("The bucket allows the burst, then spaces requests at the rate, per host")
    func tokenBucket() async {
        let clock = ManualClock()
        let buckets = TokenBuckets(limit: RateLimit(requestsPerSecond: 2, burst: 3), time: clock.timeSource())
        var waits: [Duration] = []
        for _ in 0..<5 { waits.append(await buckets.reserve(host: "a")) }
        #expect(waits == [.zero, .zero, .zero, .milliseconds(500), .seconds(1)])
        #expect(await buckets.reserve(host: "b") == .zero, "another host has its own bucket")
        clock.advance(by: .seconds(10))
        #expect(await buckets.reserve(host: "a") == .zero, "the bucket refills, up to the burst")
    }

    @Test("Requests over the budget wait on the clock and none is dropped")
    func middlewareWaits() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([])
        let observer = RecordingObserver()
        let chain = MiddlewareTransport(
            base: transport,
            middleware: [
                RateLimitMiddleware(
                    limit: RateLimit(requestsPerSecond: 1, burst: 1), time: clock.timeSource(), observer: observer)
            ])
        _ = try await chain.send(.test())
        let second = Task { try await chain.send(.test()) }
        await clock.waitForSleepers(1)
        #expect(transport.sent.count == 1)
        clock.advance(by: .seconds(1))
        #expect(try await second.value.status == 200)
        #expect(transport.sent.count == 2)
        #expect(observer.events.contains { if case .rateLimited = $0 { true } else { false } })
    }
}

struct TimeoutMiddlewareTests {
    /// A transport that answers only after a long sleep on the clock.
    struct SlowTransport: HTTPTransport {
        let clock: ManualClock
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            try await clock.sleep(for: .seconds(60))
            return HTTPResponse(status: 200)
        }
    }

    @Test("A response slower than the timeout fails with timedOut, and the request's own timeout wins")
    func timesOut() async throws {
        let clock = ManualClock()
        let chain = MiddlewareTransport(
            base: SlowTransport(clock: clock),
            middleware: [TimeoutMiddleware(defaultTimeout: .seconds(30), time: clock.timeSource())])
        var request = HTTPRequest.test()
        request.context.timeout = .seconds(2)
        let task = Task { try await chain.send(request) }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(2))
        await #expect(
            performing: { try await task.value },
            throws: { error in
                (error as? CommerceError)?.code == .timedOut && (error as? CommerceError)?.operationID == "test.op"
            })
    }

    @Test("A response within the timeout passes through")
    func passesThrough() async throws {
        let chain = MiddlewareTransport(
            base: ScriptedTransport([.respond(201)]),
            middleware: [TimeoutMiddleware(defaultTimeout: .seconds(1), time: ManualClock().timeSource())])
        #expect(try await chain.send(.test()).status == 201)
    }
}

struct ObservabilityTests {
    @Test("The observer sees every request with credentials and secret query values redacted")
    func redactsCredentials() async throws {
        let observer = RecordingObserver()
        let chain = MiddlewareTransport(
            base: ScriptedTransport([.respond(200, body: "{}")]),
            middleware: [CorrelationIDMiddleware(makeID: { "corr-1" }), ObservabilityMiddleware(observer: observer)])
        var request = HTTPRequest.test(headers: ["Authorization": "Bearer top-secret", "X-Trace": "t"])
        request.url = URL(string: "https://shop.example/rest/V1/x?access_token=abc123&sku=A")!
        _ = try await chain.send(request)
        let event = try #require(observer.requests.first)
        #expect(event.status == 200)
        #expect(event.correlationID == "corr-1")
        #expect(event.requestHeaders.first { $0.name == "Authorization" }?.value == Redactor.placeholder)
        #expect(event.requestHeaders.first { $0.name == "X-Trace" }?.value == "t")
        #expect(!event.url.contains("abc123") && event.url.contains("sku=A"))
        #expect(!"\(CommerceEvent.request(event))".contains("top-secret"))
    }
}
