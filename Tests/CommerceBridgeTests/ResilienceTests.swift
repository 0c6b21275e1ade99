import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Testing

struct CircuitBreakerTests {
    @Test("Opens after the threshold, refuses while open, probes when half-open, and closes on success")
    func lifecycle() async {
        let clock = ManualClock()
        let breaker = CircuitBreaker(
            configuration: .init(failureThreshold: 3, openDuration: .seconds(30)), time: clock.timeSource())
        for _ in 0..<2 { await breaker.recordFailure() }
        #expect(await breaker.state == .closed)
        await breaker.recordFailure()
        #expect(await !breaker.permit())
        #expect(await breaker.reopensAt != nil)
        clock.advance(by: .seconds(30))
        #expect(await breaker.state == .halfOpen)
        #expect(await breaker.permit(), "one probe goes through")
        #expect(await !breaker.permit(), "only one probe at a time")
        await breaker.recordFailure()
        #expect(await !breaker.permit(), "a failed probe opens it again")
        clock.advance(by: .seconds(30))
        #expect(await breaker.permit())
        await breaker.recordSuccess()
        #expect(await breaker.state == .closed)
        #expect(await breaker.permit())
        #expect(await breaker.permit(), "a closed breaker lets every call through")
    }

    @Test("A success resets the failure count")
    func successResets() async {
        let breaker = CircuitBreaker(configuration: .init(failureThreshold: 2), time: ManualClock().timeSource())
        await breaker.recordFailure()
        await breaker.recordSuccess()
        await breaker.recordFailure()
        #expect(await breaker.state == .closed)
    }
}

struct ConcurrencyBudgetTests {
    @Test("No more than the limit hold a place; waiters go in order; a cancelled waiter leaves")
    func budget() async throws {
        let budget = ConcurrencyBudget(limit: 2)
        try await budget.acquire()
        try await budget.acquire()
        let third = Task { try await budget.acquire() }
        let cancelled = Task { try await budget.acquire() }
        while await budget.holders < 2 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        await budget.release()
        try await third.value
        #expect(await budget.holders == 2)
        await budget.release()
        await budget.release()
        #expect(await budget.holders == 0)
    }
}
