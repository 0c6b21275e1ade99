public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Runs engines on cadences: each job every `interval` plus a random jitter, one run at a time per job (a
/// slow run delays its next one instead of overlapping it), all jobs side by side in one task group. A
/// failed run is reported and the job carries on; cancelling ``run()`` stops every job promptly.
///
/// ```swift
/// let scheduler = SyncScheduler(time: .system, jobs: [
///     .init(name: "inventory", every: .seconds(600), jitter: .seconds(60)) { _ = try await inventory.sync() },
///     .oncePerPeriod(name: "inventory-full", period: .seconds(86_400)) { _ = try await inventory.fullPass() },
///     .init(name: "orders", every: .seconds(60), jitter: .seconds(5)) { _ = try await orders.sync() },
/// ], coordination: .init(store: store), onEvent: { event in print(event) })
/// try await scheduler.run()
/// ```
///
/// ## Many workers
///
/// A job made with `Job.oncePerPeriod(name:period:…)` runs on exactly one worker per
/// period however many workers run the scheduler: each worker claims the period's run in the store of its
/// ``Coordination`` (``ConnectorStore/claimScheduledRun(job:period:holder:leaseDuration:now:)``), the winner renews
/// its claim while it works and marks the period finished, and the others skip it. A worker that dies mid-run stops
/// renewing; another takes the run over when the claim lapses. A failed run gives the period back, to be tried again
/// after ``Coordination/retryInterval``. Periods are aligned to 1970-01-01 UTC, so a period of a day is a UTC day.
/// Without a coordination store the scheduler keeps the claims in memory: one worker, the same periods.
public struct SyncScheduler: Sendable {
    /// One engine on a cadence.
    public struct Job: Sendable {
        /// The job's name, for events, and the key of its runs in the store.
        public var name: String
        /// The time between the end of one run and the start of the next, before jitter; for a job that runs once
        /// per period, the period.
        public var interval: Duration
        /// A random extra wait in `0 ..< jitter`, so jobs do not run in lockstep.
        public var jitter: Duration
        /// Whether the first run starts at once rather than after the first interval (for a job that runs once per
        /// period: whether the current period's run starts at once, or only the next period's).
        public var runsImmediately: Bool
        /// Whether the job runs on exactly one worker per period of ``interval`` (see ``SyncScheduler``), instead of
        /// on every worker every ``interval``.
        public var runsOncePerPeriod: Bool
        /// The work.
        public var work: @Sendable () async throws -> Void
        /// The work of a job that runs once per period, told which run it is.
        var periodicWork: (@Sendable (ScheduledRun) async throws -> Void)?

        /// Creates a job that runs on every worker, every `interval`.
        public init(
            name: String, every interval: Duration, jitter: Duration = .zero, runsImmediately: Bool = true,
            work: @escaping @Sendable () async throws -> Void
        ) {
            self.name = name
            self.interval = interval
            self.jitter = jitter
            self.runsImmediately = runsImmediately
            self.runsOncePerPeriod = false
            self.work = work
        }

        /// A job that runs on exactly one worker per `period` (a daily full pass, a reconciliation).
        /// - Parameters:
        ///   - name: The job's name; every worker must use the same one.
        ///   - period: The period, aligned to 1970-01-01 UTC (`.seconds(86_400)` is a UTC day).
        ///   - jitter: A random wait after the period starts before workers claim it, in `0 ..< jitter`.
        ///   - runsImmediately: Whether the current period's run starts at once when it has not run yet.
        ///   - work: The work.
        public static func oncePerPeriod(
            name: String, period: Duration, jitter: Duration = .zero, runsImmediately: Bool = true,
            work: @escaping @Sendable () async throws -> Void
        ) -> Job {
            oncePerPeriod(name: name, period: period, jitter: jitter, runsImmediately: runsImmediately) { _ in
                try await work()
            }
        }

        /// A job that runs on exactly one worker per `period`, told which run it is: its period, and the fencing
        /// token to hand to writes that must not come from a worker that lost its claim.
        /// - Parameters:
        ///   - name: The job's name; every worker must use the same one.
        ///   - period: The period, aligned to 1970-01-01 UTC (`.seconds(86_400)` is a UTC day).
        ///   - jitter: A random wait after the period starts before workers claim it, in `0 ..< jitter`.
        ///   - runsImmediately: Whether the current period's run starts at once when it has not run yet.
        ///   - work: The work, given the run it does.
        public static func oncePerPeriod(
            name: String, period: Duration, jitter: Duration = .zero, runsImmediately: Bool = true,
            work: @escaping @Sendable (ScheduledRun) async throws -> Void
        ) -> Job {
            var job = Job(name: name, every: period, jitter: jitter, runsImmediately: runsImmediately) {}
            job.runsOncePerPeriod = true
            job.periodicWork = work
            return job
        }
    }

    /// Where workers agree on who runs a job that runs once per period.
    public struct Coordination: Sendable {
        /// The store every worker shares.
        public var store: any ConnectorStore
        /// This worker's name in the store's claims; unique per scheduler (a host name and process id, say).
        public var holder: String
        /// How long a claim holds; the running worker renews it every third of it, and a worker that dies loses its
        /// claim this long after its last renewal.
        public var leaseDuration: Duration
        /// How often a worker looks again at a run another worker holds (to take it over if that worker died), and
        /// how soon a failed run is tried again.
        public var retryInterval: Duration

        /// Creates a coordination.
        /// - Parameters:
        ///   - store: The store every worker shares.
        ///   - holder: This worker's unique name; a new UUID by default.
        ///   - leaseDuration: How long a claim holds without renewal; 60 s by default.
        ///   - retryInterval: How often to look at another worker's run, and to retry a failed one; 30 s by default.
        public init(
            store: any ConnectorStore, holder: String = UUID().uuidString.lowercased(),
            leaseDuration: Duration = .seconds(60), retryInterval: Duration = .seconds(30)
        ) {
            self.store = store
            self.holder = holder
            self.leaseDuration = leaseDuration
            self.retryInterval = retryInterval
        }
    }

    /// What happened.
    public enum Event: Sendable, CustomStringConvertible {
        /// A run finished.
        case finished(job: String, duration: Duration)
        /// A run failed; the job goes on.
        case failed(job: String, error: String)
        /// A job that runs once per period was not run by this worker: another worker has run it or is running it.
        case skipped(job: String, reason: String)

        /// One line.
        public var description: String {
            switch self {
            case .finished(let job, let duration): "\(job) finished in \(duration)"
            case .failed(let job, let error): "\(job) failed: \(error)"
            case .skipped(let job, let reason): "\(job) skipped: \(reason)"
            }
        }
    }

    private let jobs: [Job]
    private let time: TimeSource
    private let coordination: Coordination
    private let random: @Sendable () -> Double
    private let onEvent: @Sendable (Event) -> Void

    /// Creates a scheduler.
    /// - Parameters:
    ///   - time: The clock.
    ///   - jobs: The jobs.
    ///   - coordination: Where workers agree on jobs that run once per period; `nil` keeps the claims in memory, for
    ///     a single worker.
    ///   - random: The jitter source, a value in `0 ..< 1`.
    ///   - onEvent: Told about every run.
    public init(
        time: TimeSource,
        jobs: [Job],
        coordination: Coordination? = nil,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        onEvent: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.time = time
        self.jobs = jobs
        self.coordination = coordination ?? Coordination(store: InMemoryConnectorStore())
        self.random = random
        self.onEvent = onEvent
    }

    /// Runs every job on its cadence until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for job in jobs {
                group.addTask { await job.runsOncePerPeriod ? periodicLoop(job) : loop(job) }
            }
        }
    }

    private func loop(_ job: Job) async {
        var first = true
        while !Task.isCancelled {
            if !(first && job.runsImmediately) {
                let wait = job.interval + job.jitter * random()
                do { try await time.sleep(for: wait) } catch { return }
            }
            first = false
            let start = time.clock.now
            do {
                try await job.work()
                onEvent(.finished(job: job.name, duration: Self.elapsed(since: start, on: time.clock)))
            } catch is CancellationError {
                return
            } catch {
                onEvent(.failed(job: job.name, error: String(describing: error)))
            }
        }
    }

    /// Claims each period's run, runs it when this worker won it, and waits for the next period.
    private func periodicLoop(_ job: Job) async {
        var wait: Duration? = job.runsImmediately ? nil : untilNextPeriod(of: job, after: time.now())
        while !Task.isCancelled {
            if let wait {
                do { try await time.sleep(for: wait) } catch { return }
            }
            let now = time.now()
            let period = Self.periodStart(of: now, period: job.interval)
            let claim: ScheduledRunClaim
            do {
                claim = try await coordination.store.claimScheduledRun(
                    job: job.name, period: period, holder: coordination.holder,
                    leaseDuration: coordination.leaseDuration, now: now)
            } catch {
                onEvent(.failed(job: job.name, error: "the run could not be claimed: \(error)"))
                wait = coordination.retryInterval
                continue
            }
            switch claim {
            case .finished(let done):
                onEvent(.skipped(job: job.name, reason: "the period from \(done) has run"))
                wait = untilNextPeriod(of: job, after: max(done, period))
            case .running(let holder, let until):
                onEvent(.skipped(job: job.name, reason: "\(holder) is running it (claimed until \(until))"))
                wait = min(coordination.retryInterval, max(.milliseconds(10), Self.duration(from: now, to: until)))
            case .claimed(let run):
                do {
                    try await perform(job, holding: run)
                    wait = untilNextPeriod(of: job, after: period)
                } catch is CancellationError {
                    return
                } catch {
                    wait = coordination.retryInterval
                }
            }
        }
    }

    /// Runs the job while a sibling task renews its claim, then ends the run in the store.
    private func perform(_ job: Job, holding run: ScheduledRun) async throws {
        let (store, time, coordination) = (coordination.store, self.time, self.coordination)
        let start = time.clock.now
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                // The heartbeat: a claim that can no longer be renewed ends the work, so two workers never overlap.
                while !Task.isCancelled {
                    do { try await time.sleep(for: coordination.leaseDuration / 3) } catch { return nil }
                    let renewed = try? await store.claimScheduledRun(
                        job: run.job, period: run.period, holder: run.holder,
                        leaseDuration: coordination.leaseDuration, now: time.now())
                    if case .claimed(let current)? = renewed, current.fencingToken == run.fencingToken { continue }
                    if renewed == nil { continue }  // the store failed: try again on the next beat
                    return .failure(
                        BridgeError(.leaseLost, "The run of \(run.job) was taken over by another worker."))
                }
                return nil
            }
            group.addTask {
                do {
                    if let periodicWork = job.periodicWork { try await periodicWork(run) } else { try await job.work() }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(CancellationError())
        }
        switch outcome {
        case .success:
            try? await store.endScheduledRun(run, finished: true, now: time.now())
            onEvent(.finished(job: job.name, duration: Self.elapsed(since: start, on: time.clock)))
        case .failure(let error):
            if error is CancellationError, Task.isCancelled { throw error }
            try? await store.endScheduledRun(run, finished: false, now: time.now())
            onEvent(.failed(job: job.name, error: String(describing: error)))
            throw error
        }
    }

    /// The wait from `date` until the period after the one holding `date` starts, plus jitter.
    private func untilNextPeriod(of job: Job, after date: Date) -> Duration {
        let next = Self.periodStart(of: date, period: job.interval).adding(job.interval)
        return Self.duration(from: time.now(), to: next) + job.jitter * random()
    }

    /// The start of the period of length `period` (aligned to 1970-01-01 UTC) that holds `date`.
    static func periodStart(of date: Date, period: Duration) -> Date {
        let length = max(1, period.components.seconds * 1_000 + period.components.attoseconds / 1_000_000_000_000_000)
        let milliseconds = date.millisecondsSince1970
        let remainder = ((milliseconds % length) + length) % length
        return Date(millisecondsSince1970: milliseconds - remainder)
    }

    private static func duration(from start: Date, to end: Date) -> Duration {
        .milliseconds(max(0, end.millisecondsSince1970 - start.millisecondsSince1970))
    }

    private static func elapsed<C: Clock<Duration>>(since start: any InstantProtocol<Duration>, on clock: C) -> Duration
    {
        guard let start = start as? C.Instant else { return .zero }
        return start.duration(to: clock.now)
    }
}
