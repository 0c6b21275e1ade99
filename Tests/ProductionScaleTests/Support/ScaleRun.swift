import AdobeCommerceTesting
import CommerceBridgeSQLite
import Foundation
import Testing

/// One production-scale run: `production-scale-worker` processes on one SQLite connector store and one ERP database
/// in a private directory, talking to a FakeCommerceServer; SIGKILLed at moments drawn from a seed and restarted, with
/// a 503 from Commerce after each restart, until the data converges. The suite keeps its data, its workers' roles,
/// what happens between kills and its assertions:
/// ```swift
/// let run = try await ScaleRun("scale-adj")
/// defer { run.tearDown() }
/// try run.launch(["adjustments", "adjustments-deliver"], serving: fake)
/// try await run.chaos(for: .seconds(20), pauses: 300...900) { elapsed in /* the store's admins at work */ }
/// let converged = try await run.converge(within: .seconds(200), every: .seconds(1)) { /* all arrived? */ }
/// let stderr = await run.stop()
/// ```
final class ScaleRun {
    /// What the run did, for the suite's summary line and its failure messages.
    struct Figures: CustomStringConvertible {
        var seed: UInt64
        var kills = 0
        /// Kills of the worker `chaos(aimingAt:)` named.
        var aimedKills = 0
        var restarts = 0
        /// From the launch to convergence, or to the deadline.
        var elapsed = Duration.zero

        var description: String {
            "seed \(String(seed, radix: 16)): \(kills) kills (\(aimedKills) aimed), \(restarts) restarts, \(elapsed)"
        }
    }

    private let directory: URL
    private let erpPath: String
    /// The connector store's path; the store is migrated before any worker opens it.
    let storePath: String
    /// The ERP's database, with `production-scale-worker prepare`'s tables.
    let erp: SQLiteConnection
    let store: SQLiteConnectorStore
    private(set) var figures: Figures
    private let executable: URL
    private var random: SeededRandomNumberGenerator
    private var fake: FakeCommerce?
    private var server: FakeCommerceServer?
    private var arguments: [String] = []
    private var roles: [String] = []
    private var workers: [ChildProcess] = []
    private var began = ContinuousClock.now

    /// Makes a private directory `<prefix>-<uuid>` with the ERP's tables and the migrated connector store.
    /// - Parameter seed: the kill schedule's seed; a fresh one by default. ``figures`` prints it.
    init(_ prefix: String, seed: UInt64 = .random(in: .min ... .max)) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        executable = try ChildProcess.builtExecutable("production-scale-worker")
        erpPath = directory.appendingPathComponent("erp.sqlite").path
        storePath = directory.appendingPathComponent("connector.sqlite").path
        let prepared = try await ChildProcess.run(executable, arguments: ["prepare", erpPath])
        try #require(prepared.status == 0, "\(prepared.standardError)")
        erp = try SQLiteConnection(path: erpPath, busyTimeout: .seconds(10))
        store = try SQLiteConnectorStore(path: storePath)
        figures = Figures(seed: seed)
        random = SeededRandomNumberGenerator(seed: seed)
    }

    /// Serves `fake` over HTTP, starts one worker per role (`<role> <commerce> <erp.sqlite> <store.sqlite>`) and
    /// starts the clock.
    func launch(_ roles: [String], serving fake: FakeCommerce) throws {
        let server = try FakeCommerceServer(fake: fake)
        (self.fake, self.server, self.roles) = (fake, server, roles)
        arguments = [server.baseURL.absoluteString, erpPath, storePath]
        workers = try roles.map(start)
        began = .now
    }

    private func start(_ role: String) throws -> ChildProcess {
        let process = try ChildProcess(executable, arguments: [role] + arguments)
        try process.start()
        return process
    }

    /// Until `duration` after the launch: waits a random `pauses` milliseconds, SIGKILLs a random worker (or, on a
    /// coin toss, the one whose process id `target` names), restarts it, makes Commerce answer the next request with
    /// a 503, and calls `tick` with the time since the launch.
    func chaos(
        for duration: Duration, pauses: ClosedRange<Int>, aimingAt target: () -> Int32? = { nil },
        then tick: (Duration) async throws -> Void
    ) async throws {
        while ContinuousClock.now - began < duration {
            try await Task.sleep(for: .milliseconds(Int.random(in: pauses, using: &random)))
            let aimed = target().flatMap { id in workers.firstIndex { $0.processIdentifier == id } }
            var victim = Int.random(in: 0..<workers.count, using: &random)
            if let aimed, Bool.random(using: &random) { victim = aimed }
            if workers[victim].isRunning {
                workers[victim].kill()
                figures.kills += 1
                if victim == aimed { figures.aimedKills += 1 }
            }
            _ = await workers[victim].exit()
            workers[victim] = try start(roles[victim])
            figures.restarts += 1
            fake?.inject(.status(503))
            try await tick(ContinuousClock.now - began)
        }
    }

    /// Calls `check` every `interval` until it passes or `deadline` after the launch has gone by.
    /// - Returns: whether it passed; ``Figures/elapsed`` says when.
    func converge(within deadline: Duration, every interval: Duration, until check: () async throws -> Bool)
        async throws -> Bool
    {
        defer { figures.elapsed = ContinuousClock.now - began }
        while ContinuousClock.now - began < deadline {
            if try await check() { return true }
            try await Task.sleep(for: interval)
        }
        return false
    }

    /// Asks the workers to stop (a `stop` file next to the store), waits up to a minute for each, and returns the end
    /// of what each wrote to standard error. A worker that does not stop in time is killed and recorded as an issue
    /// (a pass that never ends is a defect, not something to wait out).
    func stop() async -> String {
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("stop").path, contents: nil)
        var stderr = ""
        for (role, worker) in zip(roles, workers) {
            let (exit, killed) = await worker.exit(within: .seconds(60))
            stderr += exit.standardError.suffix(600)
            if killed {
                Issue.record(
                    "the \(role) worker did not stop within 60 s of the stop file; it said: \(exit.standardError.suffix(600))"
                )
            }
        }
        return stderr
    }

    /// SIGKILLs any worker still running (the test threw before ``stop()``), stops the server, removes the directory.
    func tearDown() {
        for worker in workers { worker.kill() }
        server?.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}
