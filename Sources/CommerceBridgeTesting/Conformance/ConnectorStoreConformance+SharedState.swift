import AdobeCommerce
import CommerceBridge

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Checks of the state several workers share, each acting as two workers through ``ConnectorStoreConformance``'s two
/// handles on one store.
extension ConnectorStoreConformance {
    static let sharedStateChecks: [Check] = [
        Check(name: "claimsAScheduledRunOncePerPeriod") { context in
            let (a, b) = (context.workers[0], context.workers[1])
            let day = context.at(0)
            let nextDay = context.at(86_400)
            // Eight claims of one period at once, four from each worker: one gets it.
            let claims = try await withThrowingTaskGroup(of: ScheduledRunClaim.self) { group in
                for index in 0..<8 {
                    let store = index.isMultiple(of: 2) ? a : b
                    group.addTask {
                        try await store.claimScheduledRun(
                            job: "full", period: day, holder: "worker-\(index)", leaseDuration: .seconds(60),
                            now: context.at(1))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let won = claims.compactMap { claim -> ScheduledRun? in
                if case .claimed(let run) = claim { run } else { nil }
            }
            try context.expect(won.count == 1, "one of eight simultaneous claims wins, not \(won.count): \(claims)")
            let run = won[0]
            try context.expect(
                claims.filter { $0 == .running(holder: run.holder, until: context.at(61)) }.count == 7,
                "the others see it running until its lease ends: \(claims)")
            let renewed = try await b.claimScheduledRun(
                job: "full", period: day, holder: run.holder, leaseDuration: .seconds(60), now: context.at(30))
            var expected = run
            expected.expiresAt = context.at(90)
            try context.expect(renewed == .claimed(expected), "the holder renews and keeps its token: \(renewed)")
            try await a.endScheduledRun(expected, finished: true, now: context.at(40))
            let again = try await b.claimScheduledRun(
                job: "full", period: day, holder: "late", leaseDuration: .seconds(60), now: context.at(50))
            try context.expect(again == .finished(period: day), "a finished period is not run again: \(again)")
            try await context.expectError(.leaseLost, "a run ends once") {
                try await b.endScheduledRun(expected, finished: true, now: context.at(50))
            }
            // The next period: its holder dies, and another worker takes over when the lease lapses.
            guard
                case .claimed(let dying) = try await a.claimScheduledRun(
                    job: "full", period: nextDay, holder: "dying", leaseDuration: .seconds(60), now: context.at(86_401))
            else { throw Failure(check: context.name, message: "the next period can be claimed") }
            try context.expect(dying.fencingToken > run.fencingToken, "each claim raises the fencing token")
            let early = try await b.claimScheduledRun(
                job: "full", period: nextDay, holder: "heir", leaseDuration: .seconds(60), now: context.at(86_460))
            try context.expect(
                early == .running(holder: "dying", until: context.at(86_461)), "a live claim is not taken: \(early)")
            guard
                case .claimed(let heir) = try await b.claimScheduledRun(
                    job: "full", period: nextDay, holder: "heir", leaseDuration: .seconds(60), now: context.at(86_461))
            else { throw Failure(check: context.name, message: "a lapsed claim is taken over") }
            try context.expect(heir.fencingToken > dying.fencingToken, "the heir's token is larger")
            try await context.expectError(.leaseLost, "the fenced-off holder cannot end the run") {
                try await a.endScheduledRun(dying, finished: true, now: context.at(86_462))
            }
            let lagging = try await a.claimScheduledRun(
                job: "full", period: day, holder: "lagging", leaseDuration: .seconds(60), now: context.at(86_462))
            try context.expect(
                lagging == .finished(period: nextDay), "an earlier period is over once a later began: \(lagging)")
            // A run given back (it failed) may be claimed again at once.
            try await b.endScheduledRun(heir, finished: false, now: context.at(86_470))
            guard
                case .claimed(let retry) = try await a.claimScheduledRun(
                    job: "full", period: nextDay, holder: "retry", leaseDuration: .seconds(60), now: context.at(86_471))
            else { throw Failure(check: context.name, message: "a run given back is claimed again") }
            try context.expect(retry.fencingToken > heir.fencingToken, "and gets a larger token")
            let other = try await b.claimScheduledRun(
                job: "other", period: day, holder: "x", leaseDuration: .seconds(60), now: context.at(86_471))
            guard case .claimed = other else {
                throw Failure(check: context.name, message: "jobs are independent: \(other)")
            }
        },
        Check(name: "decidesAReservationOnceForEveryWorker") { context in
            let (a, b) = (context.workers[0], context.workers[1])
            let claims = try await withThrowingTaskGroup(of: ReservationClaim.self) { group in
                for index in 0..<8 {
                    let store = index.isMultiple(of: 2) ? a : b
                    group.addTask {
                        try await store.claimReservation(
                            key: "cart-1", token: "token-\(index)", leaseDuration: .seconds(10), now: context.at(0))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let tokens = claims.compactMap { claim -> String? in
                if case .claimed(let token) = claim { token } else { nil }
            }
            try context.expect(tokens.count == 1, "one of eight simultaneous claims decides: \(claims)")
            try context.expect(
                claims.filter { $0 == .pending(until: context.at(10)) }.count == 7,
                "the others wait for its answer: \(claims)")
            let record = ReservationRecord(
                key: "cart-1", token: tokens[0], answer: "{\"reserved\":true}", holdsStock: true,
                expiresAt: context.at(900))
            try await context.expectError(.leaseLost, "only the claim's token saves the answer") {
                var forged = record
                forged.token = "someone-else"
                try await context.commit(at: 1) { $0.saveReservation(forged) }
            }
            try await context.commit(at: 1) { $0.saveReservation(record) }
            let answered = try await b.claimReservation(
                key: "cart-1", token: "later", leaseDuration: .seconds(10), now: context.at(2))
            try context.expect(answered == .answered(record), "every worker gets the same answer: \(answered)")
            try context.expect(try await b.reservation(key: "cart-1") == record, "and reads it")
            // A claim whose worker died lapses and is taken over; the dead worker's answer is refused.
            _ = try await a.claimReservation(
                key: "cart-2", token: "dead", leaseDuration: .seconds(10), now: context.at(0))
            try context.expect(try await b.reservation(key: "cart-2") == nil, "a pending claim has no answer yet")
            let takeover = try await b.claimReservation(
                key: "cart-2", token: "heir", leaseDuration: .seconds(10), now: context.at(10))
            try context.expect(takeover == .claimed(token: "heir"), "a lapsed claim is taken over: \(takeover)")
            try await context.expectError(.leaseLost, "the dead worker's late answer is refused") {
                try await context.commit(at: 11) {
                    $0.saveReservation(
                        ReservationRecord(
                            key: "cart-2", token: "dead", answer: "late", holdsStock: true, expiresAt: context.at(50)))
                }
            }
            let second = ReservationRecord(
                key: "cart-2", token: "heir", answer: "{}", holdsStock: false, expiresAt: context.at(60))
            try await context.commit(at: 11) { $0.saveReservation(second) }
            let expiring = try await b.reservations(expiringBy: context.at(900), limit: 10)
            try context.expect(expiring == [second, record], "answers expiring by a date, soonest first: \(expiring)")
            try context.expect(
                try await a.reservations(expiringBy: context.at(100), limit: 10) == [second], "only those by the date")
            var confirmed = record
            confirmed.holdsStock = false
            try await context.commit(at: 20) { $0.saveReservation(confirmed) }
            try context.expect(try await a.reservation(key: "cart-1") == confirmed, "the holder updates its answer")
            try await context.commit(at: 30) {
                $0.forgetReservation(key: "cart-2")
                $0.forgetReservation(key: "never-seen")
            }
            try context.expect(try await b.reservation(key: "cart-2") == nil, "a forgotten reservation is gone")
            let fresh = try await b.claimReservation(
                key: "cart-2", token: "fresh", leaseDuration: .seconds(10), now: context.at(31))
            try context.expect(fresh == .claimed(token: "fresh"), "and may be decided afresh: \(fresh)")
        },
        Check(name: "sharesARateBudgetBetweenWorkers") { context in
            let (a, b) = (context.workers[0], context.workers[1])
            let limit = RateLimit(requestsPerSecond: 4, burst: 2)
            let waits = try await withThrowingTaskGroup(of: Duration.self) { group in
                for index in 0..<6 {
                    let store = index.isMultiple(of: 2) ? a : b
                    group.addTask {
                        try await store.reserveRateToken(key: "commerce", limit: limit, now: context.at(0))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let expected: [Duration] = [
                .zero, .zero, .milliseconds(250), .milliseconds(500), .milliseconds(750), .seconds(1),
            ]
            try context.expect(
                waits.sorted() == expected,
                "six takes from one bucket of burst 2 at 4/s wait in turn: \(waits.sorted())")
            let other = try await b.reserveRateToken(key: "erp", limit: limit, now: context.at(0))
            try context.expect(other == .zero, "another destination has its own budget: \(other)")
            // 4 tokens short; 2 s later 8 have accrued, capped at the burst of 2.
            let later = try await a.reserveRateToken(key: "commerce", limit: limit, now: context.at(2))
            try context.expect(later == .zero, "the bucket refills at the rate: \(later)")
            let capped = try await b.reserveRateToken(key: "commerce", limit: limit, now: context.at(2))
            try context.expect(capped == .zero, "up to the burst: \(capped)")
            let over = try await a.reserveRateToken(key: "commerce", limit: limit, now: context.at(2))
            try context.expect(over == .milliseconds(250), "and no further: \(over)")
            let lagging = try await b.reserveRateToken(key: "commerce", limit: limit, now: context.at(1))
            try context.expect(
                lagging == .milliseconds(500), "a worker whose clock lags adds no tokens: \(lagging)")
        },
        Check(name: "recognisesTheBridgesOwnWritesUntilTheyExpire") { context in
            let (a, b) = (context.workers[0], context.workers[1])
            let written = EchoFingerprint(EntityReference(.customer, .commerce, "ada@example.com"), contentHash: "h1")
            let brief = EchoFingerprint(EntityReference(.product, .commerce, "SKU-1"), contentHash: "h2")
            let unknown = EchoFingerprint(EntityReference(.product, .commerce, "SKU-1"), contentHash: "h3")
            try await context.commit(at: 0) {
                $0.recordEcho(written, until: context.at(60))
                $0.recordEcho(brief, until: context.at(10))
                $0.recordEcho(brief, until: context.at(5))
            }
            let early = try await b.echoes(among: [written, brief, unknown, written], now: context.at(6))
            try context.expect(
                early == [written, brief],
                "another worker recognises both writes; a shorter expiry does not win: \(early)")
            let late = try await b.echoes(among: [written, brief, unknown], now: context.at(30))
            try context.expect(late == [written], "an expired fingerprint is no echo: \(late)")
            try context.expect(try await a.echoes(among: [], now: context.at(0)).isEmpty, "none asked, none found")
            _ = try await a.purge(RetentionPolicy(), now: context.at(30))
            try await context.commit(at: 30) { $0.recordEcho(brief, until: context.at(40)) }
            try context.expect(
                try await b.echoes(among: [brief], now: context.at(35)) == [brief], "recorded again after the purge")
            _ = try await a.erasePersonalData(of: EntityReference(.customer, .commerce, "ada@example.com"))
            try context.expect(
                try await b.echoes(among: [written], now: context.at(31)).isEmpty,
                "erasure removes the fingerprints of the person's records")
        },
    ]
}
