import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import Foundation
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

struct SyncSchedulerSharedRunTests {
    @Test("A job that runs once per period runs on one of four workers sharing a store, once in each period")
    func oncePerPeriodOnFourWorkers() async throws {
        let clock = ManualClock()
        let time = clock.timeSource()
        let start = time.now()  // midnight UTC: a period boundary
        let store = InMemoryConnectorStore()
        let runs = Mutex<[(period: Int, worker: String, token: Int64)]>([])
        let schedulers = (0..<4).map { index in
            SyncScheduler(
                time: time,
                jobs: [
                    .oncePerPeriod(name: "full", period: .seconds(60)) { run in
                        let period = Int(run.period.timeIntervalSince(start) / 60)
                        runs.withLock { $0.append((period, "worker-\(index)", run.fencingToken)) }
                    }
                ],
                coordination: SyncScheduler.Coordination(
                    store: store, holder: "worker-\(index)", leaseDuration: .seconds(30), retryInterval: .seconds(10)))
        }
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for scheduler in schedulers { group.addTask { await scheduler.run() } }
            }
        }
        for _ in 0..<(5 * 12) {
            await clock.waitForSleepers(4)
            clock.advance(by: .seconds(5))
        }
        await clock.waitForSleepers(4)
        task.cancel()
        await task.value
        let done = runs.withLock { $0 }
        #expect(done.map(\.period) == [0, 1, 2, 3, 4, 5], "one run per period: \(done)")
        #expect(done.map(\.token) == [1, 2, 3, 4, 5, 6], "each with a larger fencing token")
    }

    @Test("A failed run gives its period back and is run again in the same period; without a store, one worker")
    func failedRunIsRetried() async throws {
        let clock = ManualClock()
        let time = clock.timeSource()
        let attempts = Mutex(0)
        let events = Mutex<[String]>([])
        let scheduler = SyncScheduler(
            time: time,
            jobs: [
                .oncePerPeriod(name: "reconcile", period: .seconds(3_600)) {
                    let attempt = attempts.withLock {
                        $0 += 1
                        return $0
                    }
                    if attempt == 1 { throw AdapterError(.unavailable, system: .erp, "down") }
                }
            ],
            coordination: nil, onEvent: { event in events.withLock { $0.append("\(event)") } })
        // The run's lease renewal sleeps on the clock too, so neither a sleeper nor an attempt says the loop is
        // waiting again: wait (in real time, bounded) for the run to have ended, failed or finished, which is after
        // its renewal stopped sleeping, then for the loop's own sleep.
        func attemptsReach(_ expected: Int) async -> Int {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline,
                events.withLock({ log in
                    log.filter { $0.hasPrefix("reconcile failed") || $0.hasPrefix("reconcile finished") }.count
                }) < expected
            {
                try? await Task.sleep(for: .milliseconds(2))
            }
            await clock.waitForSleepers(1)
            return attempts.withLock { $0 }
        }
        let task = Task { await scheduler.run() }
        #expect(await attemptsReach(1) == 1)
        clock.advance(by: .seconds(30))
        #expect(await attemptsReach(2) == 2, "retried after the retry interval, in the same hour")
        clock.advance(by: .seconds(1_800))
        await clock.waitForSleepers(1)
        try await Task.sleep(for: .milliseconds(50))
        #expect(attempts.withLock { $0 } == 2, "not again in the same hour")
        clock.advance(by: .seconds(1_800))
        #expect(await attemptsReach(3) == 3, "once in the next hour")
        task.cancel()
        await task.value
        let log = events.withLock { $0 }
        #expect(log.first?.hasPrefix("reconcile failed") == true, "\(log)")
        #expect(log.filter { $0.hasPrefix("reconcile finished") }.count == 2, "\(log)")
    }
}
