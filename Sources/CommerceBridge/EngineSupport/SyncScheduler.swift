public import AdobeCommerce

/// Runs engines on cadences: each job every `interval` plus a random jitter, one run at a time per job (a
/// slow run delays its next one instead of overlapping it), all jobs side by side in one task group. A
/// failed run is reported and the job carries on; cancelling ``run()`` stops every job promptly.
///
/// ```swift
/// let scheduler = SyncScheduler(time: .system, jobs: [
///     .init(name: "inventory", every: .seconds(600), jitter: .seconds(60)) { _ = try await inventory.sync() },
///     .init(name: "inventory-full", every: .seconds(86_400)) { _ = try await inventory.fullPass() },
///     .init(name: "orders", every: .seconds(60), jitter: .seconds(5)) { _ = try await orders.sync() },
/// ], onEvent: { event in print(event) })
/// try await scheduler.run()
/// ```
public struct SyncScheduler: Sendable {
    /// One engine on a cadence.
    public struct Job: Sendable {
        /// The job's name, for events.
        public var name: String
        /// The time between the end of one run and the start of the next, before jitter.
        public var interval: Duration
        /// A random extra wait in `0 ..< jitter`, so jobs do not run in lockstep.
        public var jitter: Duration
        /// Whether the first run starts at once rather than after the first interval.
        public var runsImmediately: Bool
        /// The work.
        public var work: @Sendable () async throws -> Void

        /// Creates a job.
        public init(
            name: String, every interval: Duration, jitter: Duration = .zero, runsImmediately: Bool = true,
            work: @escaping @Sendable () async throws -> Void
        ) {
            self.name = name
            self.interval = interval
            self.jitter = jitter
            self.runsImmediately = runsImmediately
            self.work = work
        }
    }

    /// What happened.
    public enum Event: Sendable, CustomStringConvertible {
        /// A run finished.
        case finished(job: String, duration: Duration)
        /// A run failed; the job goes on.
        case failed(job: String, error: String)

        /// One line.
        public var description: String {
            switch self {
            case .finished(let job, let duration): "\(job) finished in \(duration)"
            case .failed(let job, let error): "\(job) failed: \(error)"
            }
        }
    }

    private let jobs: [Job]
    private let time: TimeSource
    private let random: @Sendable () -> Double
    private let onEvent: @Sendable (Event) -> Void

    /// Creates a scheduler.
    /// - Parameters:
    ///   - time: The clock.
    ///   - jobs: The jobs.
    ///   - random: The jitter source, a value in `0 ..< 1`.
    ///   - onEvent: Told about every run.
    public init(
        time: TimeSource,
        jobs: [Job],
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        onEvent: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.time = time
        self.jobs = jobs
        self.random = random
        self.onEvent = onEvent
    }

    /// Runs every job on its cadence until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for job in jobs {
                group.addTask { await loop(job) }
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

    private static func elapsed<C: Clock<Duration>>(since start: any InstantProtocol<Duration>, on clock: C) -> Duration
    {
        guard let start = start as? C.Instant else { return .zero }
        return start.duration(to: clock.now)
    }
}
