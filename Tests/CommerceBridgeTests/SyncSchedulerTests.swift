import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Synchronization
import Testing

/// Counts runs, and how many ran at once.
final class RunLog: Sendable {
    private let state = Mutex<(runs: [String: Int], running: [String: Int], maximumOverlap: Int, events: [String])>(
        ([:], [:], 0, []))

    func start(_ job: String) {
        state.withLock { state in
            state.running[job, default: 0] += 1
            state.maximumOverlap = max(state.maximumOverlap, state.running[job]!)
        }
    }

    func end(_ job: String) {
        state.withLock { state in
            state.running[job, default: 0] -= 1
            state.runs[job, default: 0] += 1
        }
    }

    func event(_ text: String) { state.withLock { $0.events.append(text) } }
    var runs: [String: Int] { state.withLock { $0.runs } }
    var maximumOverlap: Int { state.withLock { $0.maximumOverlap } }
    var events: [String] { state.withLock { $0.events } }
}

struct SyncSchedulerTests {
    @Test(
        "Jobs run on their own cadences, one run at a time each; a failing run does not stop its job; cancel stops all")
    func cadences() async throws {
        let clock = ManualClock()
        let log = RunLog()
        let time = clock.timeSource()
        let scheduler = SyncScheduler(
            time: time,
            jobs: [
                .init(name: "fast", every: .seconds(10)) {
                    log.start("fast")
                    try await time.sleep(for: .seconds(30))
                    log.end("fast")
                },
                .init(name: "flaky", every: .seconds(15), runsImmediately: false) {
                    log.start("flaky")
                    log.end("flaky")
                    throw AdapterError(.unavailable, system: .erp, "down")
                },
            ], onEvent: { event in log.event("\(event)") })
        let task = Task { await scheduler.run() }
        for _ in 0..<12 {
            await clock.waitForSleepers(2)
            clock.advance(by: .seconds(5))
        }
        await clock.waitForSleepers(2)
        task.cancel()
        await task.value
        #expect(log.maximumOverlap == 1, "a slow run delays the next instead of overlapping it")
        #expect(log.runs["fast"] == 1, "60 s: one 30 s run, then a 10 s wait, then the second run is still going")
        #expect(log.runs["flaky"] == 4, "every 15 s for 60 s, despite failing each time")
        #expect(log.events.filter { $0.hasPrefix("flaky failed") }.count == 4)
    }

    @Test("Jitter adds to the interval")
    func jitter() async throws {
        let clock = ManualClock()
        let log = RunLog()
        let scheduler = SyncScheduler(
            time: clock.timeSource(),
            jobs: [.init(name: "j", every: .seconds(10), jitter: .seconds(4), runsImmediately: false) { log.end("j") }],
            random: { 0.5 })
        let task = Task { await scheduler.run() }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(11))
        await clock.waitForSleepers(1)
        #expect(log.runs["j"] == nil, "10 s plus half of 4 s is 12 s")
        clock.advance(by: .seconds(1))
        await clock.waitForSleepers(1)
        #expect(log.runs["j"] == 1)
        task.cancel()
        await task.value
    }
}
