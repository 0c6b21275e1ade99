import AdobeCommerce
public import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The behaviour every `ConnectorStore` must have, as a suite you run on your own implementation.
///
/// Each check gets a fresh, empty store from your factory. It does not depend on a test framework: a failed
/// check throws ``Failure``, so call it from Swift Testing or XCTest alike.
///
/// ```swift
/// @Test(arguments: ConnectorStoreConformance.checkNames)
/// func conforms(check: String) async throws {
///     try await ConnectorStoreConformance { try MyStore.temporary() }.run(check)
/// }
/// ```
///
/// The checks of state that workers share (scheduled runs, reservations, rate budgets, echo fingerprints) act as two
/// workers at once. Give the suite a factory of several handles on one store (separate connections or instances on
/// the same database) with ``init(makeWorkers:)`` so that they go through your store's locking as two processes would:
///
/// ```swift
/// try await ConnectorStoreConformance { count in
///     let path = temporaryPath()
///     return try (0..<count).map { _ in try MyStore(path: path) }
/// }.run(check)
/// ```
public struct ConnectorStoreConformance: Sendable {
    /// A check that failed, and why.
    public struct Failure: Error, CustomStringConvertible {
        /// The check's name.
        public var check: String
        /// What was expected.
        public var message: String
        /// `check: message`.
        public var description: String { "\(check): \(message)" }
    }

    private let makeWorkers: @Sendable (Int) async throws -> [any ConnectorStore]

    /// Creates the suite; checks that act as several workers share the one store instance.
    /// - Parameter makeStore: Makes a new, empty store for each check.
    public init(makeStore: @escaping @Sendable () async throws -> any ConnectorStore) {
        self.makeWorkers = { count in
            let store = try await makeStore()
            return Array(repeating: store, count: count)
        }
    }

    /// Creates the suite with a factory of several handles on one new, empty store, one per worker.
    /// - Parameter makeWorkers: Makes `count` (at least 1) handles on a new, empty store: separate connections or
    ///   instances on one database, the first of which the single-worker checks use.
    public init(makeWorkers: @escaping @Sendable (_ count: Int) async throws -> [any ConnectorStore]) {
        self.makeWorkers = makeWorkers
    }

    /// The names of every check, for parameterised tests.
    public static var checkNames: [String] { checks.map(\.name) }

    /// Runs every check.
    /// - Throws: The first ``Failure``.
    public func run() async throws {
        for check in Self.checks { try await run(check.name) }
    }

    /// Runs one check by name.
    /// - Throws: ``Failure``, or `BridgeError.Code.notFound` style failure for an unknown name.
    public func run(_ name: String) async throws {
        guard let check = Self.checks.first(where: { $0.name == name }) else {
            throw Failure(check: name, message: "no such check; see ConnectorStoreConformance.checkNames")
        }
        let workers = try await makeWorkers(2)
        guard workers.count == 2 else {
            throw Failure(check: name, message: "the factory made \(workers.count) handles, not the 2 asked for")
        }
        try await check.body(Context(name: name, store: workers[0], workers: workers))
    }

    struct Context {
        let name: String
        let store: any ConnectorStore
        /// Two handles on the store, as two workers (the same instance when the factory made one).
        let workers: [any ConnectorStore]
        let start = Date(timeIntervalSince1970: 1_767_225_600)

        func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            if !condition { throw Failure(check: name, message: message()) }
        }

        func expectError(_ code: BridgeError.Code, _ message: String, _ body: () async throws -> Void) async throws {
            do {
                try await body()
            } catch let error as BridgeError where error.code == code {
                return
            } catch {
                throw Failure(check: name, message: "\(message): expected \(code), got \(error)")
            }
            throw Failure(check: name, message: "\(message): expected \(code), got success")
        }

        func draft(
            _ key: String, destination: String = "erp", topic: String = "order.export", at offset: TimeInterval? = nil
        ) -> OutboxMessage.Draft {
            OutboxMessage.Draft(
                destination: destination, topic: topic, idempotencyKey: key, correlationID: "corr-\(key)",
                payload: Data("{\"key\":\"\(key)\"}".utf8), availableAt: offset.map { start.addingTimeInterval($0) })
        }

        func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

        func commit(at seconds: TimeInterval = 0, _ build: (inout StoreChanges) -> Void) async throws {
            var changes = StoreChanges(time: at(seconds))
            build(&changes)
            try await store.commit(changes)
        }
    }

    /// The only lease of a claim, or a failure.
    static func requireLease(_ leases: [Lease], _ context: Context) throws -> Lease {
        guard leases.count == 1, let lease = leases.first else {
            throw Failure(check: context.name, message: "expected one lease, got \(leases.count)")
        }
        return lease
    }

    struct Check: Sendable {
        let name: String
        let body: @Sendable (Context) async throws -> Void
    }

    // MARK: replay ordering (inboxReplayChecks)
    static let checks: [Check] = coreChecks + sharedStateChecks + inboxChecks + inboxReplayChecks

    static let coreChecks: [Check] = [
        Check(name: "purgesHistoryOlderThanTheRetention") { context in
            let old = EntityReference(.order, .commerce, "old")
            let recent = EntityReference(.order, .commerce, "recent")
            for (entity, day) in [(old, 0.0), (recent, 20.0)] {
                try await context.commit(at: day * 86_400) {
                    $0.audit(
                        AuditRecord(
                            entity: entity, action: "a", rule: "r", explanation: "e", correlationID: "c",
                            time: context.at(day * 86_400)))
                    $0.park(ReviewItem.Draft(entity: entity, reason: "why", rule: "r", correlationID: "c"))
                }
            }
            try await context.store.enqueue([context.draft("dead-old"), context.draft("dead-new")], now: context.at(0))
            for (key, day) in [("dead-old", 0.0), ("dead-new", 20.0)] {
                let lease = try await context.store.claim(
                    destination: nil, limit: 1, leaseDuration: .seconds(1), now: context.at(day * 86_400))
                let held = try ConnectorStoreConformance.requireLease(lease, context)
                try context.expect(held.message.idempotencyKey == key, "claims \(key)")
                try await context.commit(at: day * 86_400) {
                    $0.deadLetter(
                        held,
                        attempt: DeliveryAttempt(
                            number: 1, time: context.at(day * 86_400), error: "x", retryable: false))
                }
            }
            let report = try await context.store.purge(
                RetentionPolicy(auditRecords: .days(10), reviewItems: .days(10), deadLetters: .days(10)),
                now: context.at(25 * 86_400))
            try context.expect(
                report == PurgeReport(auditRecords: 1, reviewItems: 1, deadLetters: 1), "one of each is old: \(report)")
            try context.expect(try await context.store.auditRecords(for: old).isEmpty, "the old audit record went")
            try context.expect(try await context.store.auditRecords(for: recent).count == 1, "the recent one stays")
            let items = try await context.store.reviewItems(limit: 10, offset: 0)
            try context.expect(items.map(\.draft.entity) == [recent], "the old review item went")
            let letters = try await context.store.deadLetters(limit: 10, offset: 0)
            try context.expect(letters.map(\.message.idempotencyKey) == ["dead-new"], "the old dead letter went")
            let none = try await context.store.purge(
                RetentionPolicy(auditRecords: nil, reviewItems: nil, deadLetters: nil), now: context.at(999 * 86_400))
            try context.expect(none == PurgeReport(), "nil keeps everything")
        },
        Check(name: "erasesOneEntitysPersonalData") { context in
            let customer = EntityReference(.customer, .commerce, "jane@example.com")
            let other = EntityReference(.customer, .commerce, "joe@example.com")
            try await context.commit {
                for entity in [customer, other] {
                    $0.audit(
                        AuditRecord(
                            entity: entity, action: "customer.update", currentValue: .string("\(entity.key) old"),
                            incomingValue: .string("\(entity.key) new"), rule: "r", explanation: "about \(entity.key)",
                            correlationID: "customer-\(entity.key)", time: context.at(0)))
                    $0.park(
                        ReviewItem.Draft(
                            entity: entity, reason: "\(entity.key) differs", rule: "r",
                            incomingValue: .string(entity.key), correlationID: "\(entity.key)"))
                }
            }
            // An order's export record carries her e-mail in its request: a mention.
            let order = EntityReference(.order, .commerce, "000000012")
            try await context.commit {
                $0.audit(
                    AuditRecord(
                        entity: order, action: "order.export",
                        incomingValue: ["customer_email": "Jane@Example.com"], rule: "dualWrite",
                        explanation: "created in the ERP as SO-1", correlationID: "order-000000012", time: context.at(0)
                    ))
            }
            let erased = try await context.store.erasePersonalData(
                of: EntityReference(.customer, .commerce, "JANE@example.com"))
            try context.expect(
                erased.records == 2 && erased.mentions == 1,
                "her audit record and review item, and the order that mentions her, got \(erased)")
            try context.expect(try await context.store.auditRecords(for: customer).isEmpty, "nothing under the key")
            try context.expect(
                try await context.store.auditRecords(for: order).first?.incomingValue == nil,
                "the mention in another record is blanked")
            let pseudonym = EntityReference(.customer, .commerce, erased.pseudonym)
            let kept = try await context.store.auditRecords(for: pseudonym)
            try context.expect(kept.count == 1, "the record stays under a pseudonym")
            try context.expect(
                kept.allSatisfy { $0.currentValue == nil && $0.incomingValue == nil && !"\($0)".contains("jane") },
                "no value or text of hers is left")
            let items = try await context.store.reviewItems(limit: 10, offset: 0)
            try context.expect(!items.contains { "\($0)".contains("jane") }, "nor in the review list")
            try context.expect(
                try await context.store.auditRecords(for: other).first?.explanation == "about joe@example.com",
                "another customer is untouched")
            // A short key is erased where it is the key, never looked for inside other records.
            let short = try await context.store.erasePersonalData(of: EntityReference(.customer, .erp, "12"))
            try context.expect(short.mentions == 0, "a key of two digits mentions nothing, got \(short)")
            let joe = try await context.store.auditRecords(for: other).first?.explanation
            try context.expect(joe == "about joe@example.com", "records that merely contain 12 are untouched")
        },
        Check(name: "claimsOnlyTheTopicsAsked") { context in
            try await context.store.enqueue(
                [
                    context.draft("order", topic: "order.export"), context.draft("product", topic: "catalog.update"),
                    context.draft("stock", topic: "inventory.push"),
                ], now: context.at(0))
            let catalog = try await context.store.claim(
                destination: nil, topics: ["catalog.update"], limit: 10, leaseDuration: .seconds(30), now: context.at(1)
            )
            try context.expect(
                catalog.map(\.message.idempotencyKey) == ["product"],
                "a claim for catalog.update takes only that topic, got \(catalog.map(\.message.idempotencyKey))")
            let two = try await context.store.claim(
                destination: "erp", topics: ["order.export", "inventory.push", "unknown"], limit: 10,
                leaseDuration: .seconds(30), now: context.at(1))
            try context.expect(
                two.map(\.message.idempotencyKey) == ["order", "stock"],
                "a claim takes every topic it names, oldest first")
            try await context.store.enqueue([context.draft("late", topic: "other")], now: context.at(2))
            let any = try await context.store.claim(
                destination: nil, topics: nil, limit: 10, leaseDuration: .seconds(30), now: context.at(2))
            try context.expect(any.map(\.message.idempotencyKey) == ["late"], "no topics means every topic")
        },
        Check(name: "countsReceives") { context in
            try await context.store.enqueue([context.draft("r")], now: context.at(0))
            let first = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(0))
            try context.expect(first.first?.message.receives == 1, "the first claim is the first receive")
            // The worker dies: the lease runs out and the next claim is the second receive.
            let second = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(11))
            try context.expect(second.first?.message.receives == 2, "a claim after an expired lease counts again")
            let lease = try ConnectorStoreConformance.requireLease(second, context)
            try await context.commit(at: 12) { $0.release(lease, availableAt: context.at(12)) }
            let third = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(12))
            try context.expect(third.first?.message.receives == 2, "a release gives its receive back")
            let again = try ConnectorStoreConformance.requireLease(third, context)
            try await context.commit(at: 13) {
                $0.deadLetter(
                    again, attempt: DeliveryAttempt(number: 1, time: context.at(13), error: "x", retryable: false))
            }
            try context.expect(
                try await context.store.deadLetter(id: again.message.id)?.message.receives == 2,
                "a dead letter keeps its receives")
            try await context.store.replayDeadLetters(ids: [again.message.id], now: context.at(14))
            let replayed = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(14))
            try context.expect(replayed.first?.message.receives == 1, "a replayed message starts counting afresh")
        },
        Check(name: "extendsLeasesStillHeld") { context in
            try await context.store.enqueue([context.draft("slow")], now: context.at(0))
            let claimed = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(0))
            let lease = try ConnectorStoreConformance.requireLease(claimed, context)
            let extended = try await context.store.extendLease(lease, by: .seconds(10), now: context.at(8))
            try context.expect(extended.expiresAt == context.at(18), "the new expiry is now plus the duration")
            try context.expect(extended.token == lease.token, "the token stays")
            let meanwhile = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(15))
            try context.expect(meanwhile.isEmpty, "an extended lease keeps its message past the first expiry")
            // The heartbeat and the delivery race: the acknowledgement may carry the lease as it was claimed.
            try await context.commit(at: 16) { $0.acknowledge(lease) }
            try context.expect(
                try await context.store.outboxStatus(now: context.at(16)).totalPending == 0,
                "a lease acknowledges by its token, extended or not")
            try await context.store.enqueue([context.draft("lost")], now: context.at(20))
            let old = try ConnectorStoreConformance.requireLease(
                try await context.store.claim(
                    destination: nil, limit: 1, leaseDuration: .seconds(5), now: context.at(20)),
                context)
            _ = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(5), now: context.at(26))
            try await context.expectError(.leaseLost, "extending a lease another worker has taken over") {
                _ = try await context.store.extendLease(old, by: .seconds(5), now: context.at(27))
            }
        },
        Check(name: "claimsOldestFirstAndLeasesOnce") { context in
            try await context.store.enqueue((1...3).map { context.draft("m\($0)") }, now: context.at(0))
            let first = try await context.store.claim(
                destination: nil, limit: 2, leaseDuration: .seconds(30), now: context.at(1))
            try context.expect(
                first.map(\.message.idempotencyKey) == ["m1", "m2"],
                "first claim returns m1, m2, got \(first.map(\.message.idempotencyKey))")
            try context.expect(
                first.allSatisfy { $0.expiresAt == context.at(31) }, "leases expire after the lease duration")
            let second = try await context.store.claim(
                destination: nil, limit: 5, leaseDuration: .seconds(30), now: context.at(2))
            try context.expect(second.map(\.message.idempotencyKey) == ["m3"], "a leased message is not claimed again")
            let third = try await context.store.claim(
                destination: nil, limit: 5, leaseDuration: .seconds(30), now: context.at(3))
            try context.expect(third.isEmpty, "nothing is left to claim")
            try await context.expectError(.invalidArgument, "a limit of 0") {
                _ = try await context.store.claim(
                    destination: nil, limit: 0, leaseDuration: .seconds(1), now: context.at(3))
            }
        },
        Check(name: "keepsMessagesWhole") { context in
            try await context.store.enqueue([context.draft("whole")], now: context.at(5))
            let lease = try await context.store.claim(
                destination: "erp", limit: 1, leaseDuration: .seconds(1), now: context.at(5))
            let message = lease.first?.message
            try context.expect(message?.topic == "order.export", "topic kept")
            try context.expect(message?.correlationID == "corr-whole", "correlation id kept")
            try context.expect(message?.payload == Data("{\"key\":\"whole\"}".utf8), "payload kept byte for byte")
            try context.expect(
                message?.createdAt == context.at(5) && message?.attempts == 0, "created at the commit time, no attempts"
            )
        },
        Check(name: "ignoresDuplicateIdempotencyKeys") { context in
            try await context.store.enqueue([context.draft("dup"), context.draft("dup")], now: context.at(0))
            try await context.store.enqueue([context.draft("dup")], now: context.at(1))
            let status = try await context.store.outboxStatus(now: context.at(1))
            try context.expect(status.totalPending == 1, "one message per idempotency key, got \(status.totalPending)")
        },
        Check(name: "honoursAvailabilityAndDestination") { context in
            try await context.store.enqueue(
                [context.draft("later", at: 60), context.draft("crm", destination: "crm"), context.draft("erp")],
                now: context.at(0))
            let erp = try await context.store.claim(
                destination: "erp", limit: 10, leaseDuration: .seconds(120), now: context.at(1))
            try context.expect(
                erp.map(\.message.idempotencyKey) == ["erp"],
                "only due messages of the destination, got \(erp.map(\.message.idempotencyKey))")
            let later = try await context.store.claim(
                destination: nil, limit: 10, leaseDuration: .seconds(5), now: context.at(61))
            try context.expect(
                Set(later.map(\.message.idempotencyKey)) == ["later", "crm"], "the delayed message is due at its time")
        },
        Check(name: "expiredLeasesComeBackAndOldLeasesCannotAcknowledge") { context in
            try await context.store.enqueue([context.draft("crash")], now: context.at(0))
            let lost = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(0))
            let early = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(9))
            try context.expect(early.isEmpty, "a live lease keeps the message")
            let again = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(10), now: context.at(10))
            try context.expect(
                again.map(\.message.id) == lost.map(\.message.id), "an expired lease's message is claimed again")
            try context.expect(again.first?.token != lost.first?.token, "a new claim gets a new token")
            try await context.expectError(.leaseLost, "acknowledging with the expired lease") {
                try await context.commit(at: 11) { $0.acknowledge(lost[0]) }
            }
            try await context.commit(at: 11) { $0.acknowledge(again[0]) }
            try context.expect(
                try await context.store.outboxStatus(now: context.at(12)).totalPending == 0,
                "acknowledged messages leave")
        },
        Check(name: "reschedulesWithHistory") { context in
            try await context.store.enqueue([context.draft("retry")], now: context.at(0))
            let lease = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(30), now: context.at(0))[0]
            let attempt = DeliveryAttempt(number: 1, time: context.at(1), error: "HTTP 503", retryable: true)
            try await context.commit(at: 1) { $0.reschedule(lease, attempt: attempt, availableAt: context.at(20)) }
            let early = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(30), now: context.at(19))
            try context.expect(
                early.isEmpty, "a rescheduled message waits for its time, even though the lease was released")
            let next = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(30), now: context.at(20))
            try context.expect(next.first?.message.attempts == 1, "the attempt is counted")
            try context.expect(next.first?.message.history == [attempt], "the attempt's error is kept")
            try await context.commit(at: 21) { $0.release(next[0], availableAt: context.at(21)) }
            let released = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(30), now: context.at(21))
            try context.expect(released.first?.message.attempts == 1, "a release does not count an attempt")
        },
        Check(name: "deadLettersReplaysAndDiscards") { context in
            try await context.store.enqueue([context.draft("bad"), context.draft("worse")], now: context.at(0))
            let leases = try await context.store.claim(
                destination: nil, limit: 2, leaseDuration: .seconds(30), now: context.at(0))
            let first = DeliveryAttempt(
                number: 1, time: context.at(1), error: "HTTP 400: invalid SKU", retryable: false)
            try await context.commit(at: 1) {
                $0.deadLetter(leases[0], attempt: first)
                $0.deadLetter(leases[1], attempt: first)
            }
            let letters = try await context.store.deadLetters(limit: 10, offset: 0)
            try context.expect(
                letters.map(\.message.idempotencyKey) == ["bad", "worse"], "dead letters are listed oldest first")
            try context.expect(
                letters.first?.message.history == [first] && letters.first?.reason == "HTTP 400: invalid SKU",
                "history and reason kept")
            try context.expect(
                letters.first?.message.payload == leases[0].message.payload, "the original message is kept")
            try context.expect(
                try await context.store.deadLetters(limit: 1, offset: 1).map(\.message.idempotencyKey) == ["worse"],
                "paging")
            try context.expect(
                try await context.store.outboxStatus(now: context.at(1)).deadLettered == 2, "status counts dead letters"
            )
            try await context.store.enqueue([context.draft("bad")], now: context.at(2))
            try context.expect(
                try await context.store.outboxStatus(now: context.at(2)).totalPending == 0,
                "a dead-lettered key is not enqueued again")
            try await context.expectError(.notFound, "replaying an unknown id") {
                try await context.store.replayDeadLetters(ids: [leases[0].message.id, 9_999], now: context.at(3))
            }
            try context.expect(
                try await context.store.deadLetter(id: leases[0].message.id) != nil, "a failed replay changes nothing")
            try await context.store.replayDeadLetters(ids: [leases[0].message.id], now: context.at(3))
            let replayed = try await context.store.claim(
                destination: nil, limit: 5, leaseDuration: .seconds(30), now: context.at(3))
            try context.expect(
                replayed.map(\.message.id) == [leases[0].message.id], "a replayed message is claimable with the same id"
            )
            try context.expect(
                replayed.first?.message.attempts == 0 && replayed.first?.message.history == [first],
                "replay resets attempts, keeps history")
            try await context.store.discardDeadLetters(ids: [leases[1].message.id])
            try context.expect(try await context.store.deadLetters(limit: 10, offset: 0).isEmpty, "discarded")
            try await context.expectError(.notFound, "discarding twice") {
                try await context.store.discardDeadLetters(ids: [leases[1].message.id])
            }
        },
        Check(name: "commitsAllOrNothing") { context in
            try await context.store.enqueue([context.draft("held")], now: context.at(0))
            let lease = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(5), now: context.at(0))[0]
            let stolen = try await context.store.claim(
                destination: nil, limit: 1, leaseDuration: .seconds(5), now: context.at(6))[0]
            try await context.expectError(.leaseLost, "a commit with a lost lease") {
                try await context.commit(at: 7) {
                    $0.enqueue(context.draft("side-effect"))
                    $0.saveCheckpoint(Checkpoint(name: "feed", position: context.at(7), updatedAt: context.at(7)))
                    $0.acknowledge(lease)
                }
            }
            try context.expect(
                try await context.store.checkpoint(named: "feed") == nil, "no checkpoint from a failed commit")
            try context.expect(
                try await context.store.outboxStatus(now: context.at(7)).totalPending == 1,
                "no message from a failed commit")
            let key = MappingKey(.order, from: .commerce, "12", to: .erp)
            guard case .claimed(let token) = try await context.store.claimMapping(key, token: "t1", now: context.at(7))
            else {
                throw Failure(check: context.name, message: "the first claim is granted")
            }
            try await context.commit(at: 8) {
                $0.acknowledge(stolen)
                $0.completeMapping(key, token: token, targetID: "SO-1")
                $0.saveCheckpoint(Checkpoint(name: "feed", position: context.at(8), updatedAt: context.at(8)))
                $0.audit(
                    AuditRecord(
                        entity: EntityReference(.order, .commerce, "12"), action: "export", rule: "test",
                        explanation: "x", correlationID: "c", time: context.at(8)))
            }
            try context.expect(
                try await context.store.mapping(key) == .mapped(targetID: "SO-1"), "mapping landed with the ack")
            try context.expect(
                try await context.store.checkpoint(named: "feed")?.position == context.at(8),
                "checkpoint landed with the ack")
            try context.expect(try await context.store.outboxStatus(now: context.at(8)).totalPending == 0, "ack landed")
        },
        Check(name: "claimsMappingsOnceAndMapsBothWays") { context in
            let key = MappingKey(.customer, from: .commerce, "ann@example.com|1", to: .erp)
            try context.expect(try await context.store.mapping(key) == nil, "unknown keys have no mapping")
            let first = try await context.store.claimMapping(key, token: "a", now: context.at(0))
            try context.expect(first == .claimed(token: "a"), "the first claim wins")
            let second = try await context.store.claimMapping(key, token: "b", now: context.at(1))
            try context.expect(
                second == .pending(token: "a", claimedAt: context.at(0)),
                "a second claim sees the pending first, got \(second)")
            try await context.expectError(.mappingConflict, "completing with a token that does not hold the claim") {
                try await context.store.completeMapping(key, token: "b", targetID: "C-9", now: context.at(2))
            }
            try await context.store.completeMapping(key, token: "a", targetID: "C-1", now: context.at(2))
            try await context.store.completeMapping(key, token: "a", targetID: "C-1", now: context.at(3))
            try context.expect(
                try await context.store.claimMapping(key, token: "c", now: context.at(4)) == .mapped(targetID: "C-1"),
                "mapped")
            try await context.expectError(.mappingConflict, "remapping to another id") {
                try await context.store.completeMapping(key, token: "a", targetID: "C-2", now: context.at(5))
            }
            let source = try await context.store.sourceID(
                kind: .customer, sourceSystem: .commerce, targetSystem: .erp, targetID: "C-1")
            try context.expect(source == "ann@example.com|1", "reverse lookup")
            try await context.expectError(.mappingConflict, "completing an unclaimed key") {
                try await context.store.completeMapping(
                    MappingKey(.order, from: .commerce, "x", to: .erp), token: "a", targetID: "1", now: context.at(6))
            }
        },
        Check(name: "concurrentWorkersNeverShareAMessage") { context in
            try await context.store.enqueue((1...60).map { context.draft("c\($0)") }, now: context.at(0))
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let leases = try await context.store.claim(
                                destination: nil, limit: 4, leaseDuration: .seconds(60),
                                now: context.at(Double(worker) / 100))
                            if leases.isEmpty { return mine }
                            mine += leases.map(\.message.id)
                        }
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            try context.expect(
                claimed.count == 60 && Set(claimed).count == 60,
                "60 messages leased exactly once, got \(claimed.count) (\(Set(claimed).count) distinct)")
        },
        Check(name: "concurrentClaimsOfOneMappingGrantOne") { context in
            let key = MappingKey(.order, from: .commerce, "race", to: .erp)
            let states = try await withThrowingTaskGroup(of: MappingState.self) { group in
                for worker in 0..<12 {
                    group.addTask { try await context.store.claimMapping(key, token: "w\(worker)", now: context.at(0)) }
                }
                return try await group.reduce(into: [MappingState]()) { $0.append($1) }
            }
            let granted = states.filter { if case .claimed = $0 { true } else { false } }
            try context.expect(granted.count == 1, "exactly one claim is granted, got \(granted.count)")
        },
        Check(name: "savesCheckpointsAndAudit") { context in
            try await context.store.save(
                Checkpoint(name: "erp.inventory", position: context.at(100), cursor: "p2", updatedAt: context.at(101)))
            try await context.store.save(
                Checkpoint(name: "erp.inventory", position: context.at(200), updatedAt: context.at(201)))
            let saved = try await context.store.checkpoint(named: "erp.inventory")
            try context.expect(
                saved == Checkpoint(name: "erp.inventory", position: context.at(200), updatedAt: context.at(201)),
                "the latest checkpoint, got \(String(describing: saved))")
            try await context.store.save(
                Checkpoint(name: "commerce.orders", position: context.at(50), updatedAt: context.at(51)))
            let all = try await context.store.checkpoints()
            try context.expect(
                all.map(\.name) == ["commerce.orders", "erp.inventory"] && all.last == saved,
                "every checkpoint, by name, got \(all.map(\.name))")
            let order = EntityReference(.order, .commerce, "000000012")
            let record = AuditRecord(
                entity: order, action: "conflict", currentValue: ["status": "pending"],
                incomingValue: ["status": "shipped"],
                winner: .erp, rule: "ownerWins", explanation: "erp owns order.status", correlationID: "corr-7",
                time: context.at(300))
            try await context.commit(at: 300) {
                $0.audit(record)
                $0.audit(
                    AuditRecord(
                        entity: EntityReference(.product, .pim, "SKU-1"), action: "ownership.reject", rule: "ownership",
                        explanation: "no", correlationID: "corr-7", time: context.at(301)))
            }
            try context.expect(
                try await context.store.auditRecords(for: order) == [record],
                "audit by entity keeps both values and the winner")
            try context.expect(
                try await context.store.auditRecords(correlationID: "corr-7").count == 2, "audit by correlation id")
            try context.expect(
                try await context.store.auditRecords(correlationID: "none").isEmpty, "unknown correlation id")
        },
        Check(name: "parksItemsForReview") { context in
            let order = EntityReference(.order, .commerce, "7")
            let item = ReviewItem.Draft(
                entity: order, reason: "pim does not own order.status", rule: "ownership",
                currentValue: ["status": "pending"],
                incomingValue: ["status": "shipped"], correlationID: "corr-r")
            try await context.commit(at: 50) {
                $0.park(item)
                $0.park(
                    ReviewItem.Draft(entity: order, reason: "second", rule: "manualReview", correlationID: "corr-r"))
            }
            let items = try await context.store.reviewItems(limit: 10, offset: 0)
            try context.expect(
                items.map(\.draft) == [
                    item,
                    ReviewItem.Draft(entity: order, reason: "second", rule: "manualReview", correlationID: "corr-r"),
                ], "parked items kept whole, oldest first")
            try context.expect(items.first?.createdAt == context.at(50), "parked at the commit time")
            try await context.expectError(.notFound, "resolving an unknown item") {
                try await context.store.resolveReviewItems(ids: [items[0].id, 9_999])
            }
            try context.expect(
                try await context.store.reviewItems(limit: 10, offset: 0).count == 2, "a failed resolve removes nothing"
            )
            try await context.store.resolveReviewItems(ids: [items[0].id])
            try context.expect(
                try await context.store.reviewItems(limit: 10, offset: 0).map(\.id) == [items[1].id],
                "resolved items leave")
        },
        Check(name: "remembersContentHashes") { context in
            try await context.commit(at: 1) {
                $0.recordContentHash("h1", for: EntityReference(.product, .pim, "SKU-1"))
                $0.recordContentHash("h2", for: EntityReference(.product, .pim, "SKU-2"))
                $0.recordContentHash("other", for: EntityReference(.product, .erp, "SKU-1"))
            }
            try await context.commit(at: 2) {
                $0.recordContentHash("h1b", for: EntityReference(.product, .pim, "SKU-1"))
            }
            let hashes = try await context.store.contentHashes(
                kind: .product, system: .pim, keys: ["SKU-1", "SKU-2", "SKU-3"])
            try context.expect(
                hashes == ["SKU-1": "h1b", "SKU-2": "h2"], "latest hash per record, unknown keys absent, got \(hashes)")
        },
        Check(name: "reportsStatus") { context in
            try await context.store.enqueue(
                [context.draft("a"), context.draft("b", destination: "crm"), context.draft("c")], now: context.at(0))
            _ = try await context.store.claim(
                destination: "erp", limit: 1, leaseDuration: .seconds(30), now: context.at(1))
            let status = try await context.store.outboxStatus(now: context.at(2))
            try context.expect(
                status.pending == ["erp": 2, "crm": 1], "pending per destination, got \(status.pending)")
            try context.expect(status.leased == 1 && status.deadLettered == 0, "one leased")
            try context.expect(status.oldestPending == context.at(0), "oldest pending time")
            try context.expect(
                try await context.store.outboxStatus(now: context.at(40)).leased == 0, "expired leases are not counted")
        },
    ]
}
