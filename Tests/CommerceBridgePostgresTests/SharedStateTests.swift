import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgePostgres
import CommerceBridgeTesting
import Foundation
import PostgresTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// State several workers share, through separate store connections and separate processes on one schema.
@Suite(
    .serialized, .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.unavailableMessage)))
struct SharedStateTests {
    @Test(
        "A job that runs once per period runs once per period on four worker processes, also when its runner is killed")
    func oncePerPeriodAcrossProcesses() async throws {
        let server = try await PostgresTestServer.sharedServer()
        let schema = TestStores.schemaName()
        let store = try await TestStores.store(schema: schema)
        let startMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        let until = startMilliseconds + 16_000
        let workers = try (0..<4).map { _ in
            let worker = try ChildProcess(
                ChildProcess.builtExecutable("postgres-crash-worker"),
                arguments: ["schedule", server.connectionString(), schema, "2000", "500", "\(until)"])
            try worker.start()
            return worker
        }
        // Once the workers are going, kill the one running a period's job, mid-run: a run that started less than 400 ms
        // ago and has not finished (runs take 500 ms); a narrower window is missed on a loaded machine, where the
        // polling itself can take longer than that.
        var killed: (pid: Int32, period: String)?
        while killed == nil, Int64(Date().timeIntervalSince1970 * 1000) < startMilliseconds + 11_000 {
            let records = try await store.auditRecords(correlationID: "scheduled-once")
            let ran = Set(records.filter { $0.action == "job.ran" }.map(\.entity))
            if let running = records.first(where: {
                $0.action == "job.started" && !ran.contains($0.entity) && Date().timeIntervalSince($0.time) < 0.4
                    && (Int64($0.entity.key) ?? 0) >= startMilliseconds + 3_000
            }), let pid = Int32(running.entity.system.rawValue.dropFirst("pid-".count)) {
                kill(pid, SIGKILL)
                killed = (pid, running.entity.key)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        var exits: [ChildProcess.Exit] = []
        for worker in workers { exits.append(await worker.exit()) }
        let victim = try #require(killed, "a run was caught mid-way")
        #expect(exits.filter(\.signalled).count == 1, "only the victim died: \(exits.map(\.standardError))")
        #expect(exits.filter { !$0.signalled }.allSatisfy { $0.status == 0 }, "\(exits.map(\.standardError))")

        let records = try await store.auditRecords(correlationID: "scheduled-once")
        var ran: [String: [String]] = [:]
        var started: [String: [String]] = [:]
        for record in records {
            if record.action == "job.ran" { ran[record.entity.key, default: []].append(record.entity.system.rawValue) }
            if record.action == "job.started" {
                started[record.entity.key, default: []].append(record.entity.system.rawValue)
            }
        }
        // Every period from the workers' start to well before they stop ran exactly once.
        let first = ((startMilliseconds + 1_500) / 2_000 + 1) * 2_000
        let periods = Array(stride(from: first, through: until - 3_000, by: 2_000)).map(String.init)
        #expect(periods.count >= 5)
        for period in periods {
            #expect(ran[period]?.count == 1, "period \(period): ran on \(ran[period] ?? [])")
        }
        #expect(ran.values.allSatisfy { $0.count == 1 }, "no period ran twice: \(ran)")
        #expect(
            (started[victim.period]?.count ?? 0) >= 2 && ran[victim.period]?.count == 1
                && ran[victim.period]?.contains("pid-\(victim.pid)") == false,
            "the killed run was taken over: started on \(started[victim.period] ?? []), ran on \(ran[victim.period] ?? [])"
        )
        #expect(Set(ran.values.flatMap { $0 }).count >= 2, "runs spread over workers: \(ran)")
        await store.close()
    }

    @Test("Two workers on two store connections asking for one checkout make one hold and give the same answer")
    func oneReservationForTwoWorkers() async throws {
        let schema = TestStores.schemaName()
        let stores = [try await TestStores.store(schema: schema), try await TestStores.store(schema: schema)]
        let erp = FakeERP(time: .system)
        await erp.setOnHand(sku: "A", quantity: 10)
        var slow = FakeERP.Faults()
        slow.latency = .milliseconds(150) ... .milliseconds(150)
        await erp.setFaults(slow)
        var configuration = ReservationEngine.Configuration()
        configuration.timeout = .seconds(2)
        configuration.timeToLive = .seconds(2)
        let engines = stores.map { store in
            ReservationEngine(service: erp, store: store, configuration: configuration, time: .system) { _ in 0 }
        }
        let lines = [ERPOrderRequest.Line(sku: "A", quantity: 3, unitPrice: 1)]
        let answers = try await withThrowingTaskGroup(of: ReservationEngine.Decision.self) { group in
            for index in 0..<20 {
                let engine = engines[index % 2]
                group.addTask { try await engine.reserve(key: "cart-1", lines: lines) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(await erp.calls["reserve"] == 1, "one hold for twenty requests on two workers")
        #expect(Set(answers).count == 1, "one answer: \(Set(answers))")
        guard case .reserved? = answers.first else {
            Issue.record("expected a reservation, got \(answers)")
            return
        }
        #expect(try await engines[1].activeKeys == ["cart-1"], "the other worker sees the hold")
        #expect(
            try await engines[1].reserve(key: "cart-2", lines: [.init(sku: "A", quantity: 8, unitPrice: 1)])
                == .insufficient, "the hold counts against the stock on every worker")
        // The worker that did not make the hold releases it when its TTL has passed.
        try await Task.sleep(for: .milliseconds(2_100))
        #expect(try await engines[1].releaseExpired() == ["cart-1"])
        #expect(await erp.reservations["cart-1"]?.state == "released")
        #expect(try await engines[0].releaseExpired().isEmpty, "released once")
        for store in stores { await store.close() }
    }

    @Test("Two dispatchers on two store connections keep one destination's shared rate budget; unshared, they do not")
    func sharedRateBudget() async throws {
        // 5 at once, then 20 a second: 45 deliveries take at least (45 - 5) / 20 = 2 s when the budget is shared, and
        // about half that when each worker has its own.
        let shared = try await deliveryTimes(shared: true)
        let unshared = try await deliveryTimes(shared: false)
        let sharedSpan = shared.last!.timeIntervalSince(shared.first!)
        let unsharedSpan = unshared.last!.timeIntervalSince(unshared.first!)
        #expect(sharedSpan >= 1.9, "shared: \(sharedSpan) s")
        // Own budgets allow about twice the rate; on a loaded machine both runs slow down, so compare the two.
        #expect(unsharedSpan < sharedSpan - 0.3, "each worker's own budget: \(unsharedSpan) s against \(sharedSpan) s")
        for (index, time) in shared.enumerated() {
            let window = shared[index...].prefix { $0.timeIntervalSince(time) < 1 }.count
            #expect(window <= 5 + 20 + 2, "\(window) deliveries in the second from delivery \(index)")
        }
    }

    private func deliveryTimes(shared: Bool) async throws -> [Date] {
        let schema = TestStores.schemaName()
        let stores = [try await TestStores.store(schema: schema), try await TestStores.store(schema: schema)]
        try await stores[0].enqueue(
            (0..<45).map {
                OutboxMessage.Draft(destination: "commerce", topic: "t", idempotencyKey: "m-\($0)", payload: Data())
            }, now: Date())
        let times = Mutex<[Date]>([])
        var configuration = OutboxDispatcher.Configuration()
        configuration.defaultPolicy = OutboxDispatcher.DestinationPolicy(
            rateLimit: RateLimit(requestsPerSecond: 20, burst: 5), sharesRateLimit: shared, maximumConcurrency: 4)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores {
                let dispatcher = OutboxDispatcher(store: store, configuration: configuration, time: .system) { _, _ in
                    times.withLock { $0.append(Date()) }
                }
                group.addTask { _ = try await dispatcher.drain() }
            }
            try await group.waitForAll()
        }
        for store in stores { await store.close() }
        let sorted = times.withLock { $0.sorted() }
        #expect(sorted.count == 45)
        return sorted
    }
}
