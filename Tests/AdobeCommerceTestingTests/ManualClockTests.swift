import AdobeCommerce
import AdobeCommerceTesting
import Testing

struct ManualClockTests {
    @Test("Sleepers wake only when the clock passes their deadline, earliest first")
    func wakesInOrder() async throws {
        let clock = ManualClock()
        let order = Recorder()
        let late = Task {
            try await clock.sleep(for: .seconds(5))
            await order.append("late")
        }
        let early = Task {
            try await clock.sleep(for: .seconds(2))
            await order.append("early")
        }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(1))
        #expect(clock.sleeperCount == 2)
        clock.advance(by: .seconds(1))
        try await early.value
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(3))
        try await late.value
        #expect(await order.values == ["early", "late"])
        #expect(clock.now.offset == .seconds(5))
    }

    @Test("A deadline already passed returns at once, and cancellation ends a sleep")
    func pastDeadlineAndCancellation() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(10))
        try await clock.sleep(until: clock.now.advanced(by: .seconds(-1)))
        let sleeper = Task { try await clock.sleep(for: .seconds(1)) }
        await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    actor Recorder {
        var values: [String] = []
        func append(_ value: String) { values.append(value) }
    }
}
