public import AdobeCommerce
public import CommerceBridge

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The state every worker on the file shares: scheduled runs, reservations, rate budgets and echo fingerprints. Each
/// operation is one `BEGIN IMMEDIATE` transaction (or one statement), so workers in other processes see it whole.
extension SQLiteConnectorStore {
    // MARK: Scheduled runs

    /// Claims a scheduled job's run for a period, in one transaction.
    public func claimScheduledRun(job: String, period: Date, holder: String, leaseDuration: Duration, now: Date)
        async throws -> ScheduledRunClaim
    {
        let expiresAt = now.adding(leaseDuration)
        return try connection.transaction { () throws(BridgeError) -> ScheduledRunClaim in
            let read = try connection.statement(
                "SELECT period, holder, fencing_token, expires_at, finished FROM scheduled_runs WHERE job = ?1")
            let row = try read.bind(.text(job)).firstRow { row in
                (
                    ScheduledRun(
                        job: job, period: row.date(0), holder: row.text(1) ?? "", fencingToken: row.int64(2),
                        expiresAt: row.date(3)), row.int64(4) != 0
                )
            }
            let (held, finished) = row ?? (ScheduledRunRules.neverRun(job: job), true)
            switch ScheduledRunRules.decide(
                held: held, finished: finished, period: period, holder: holder, expiresAt: expiresAt, now: now)
            {
            case .answer(let claim):
                return claim
            case .take(let run):
                try connection.statement(
                    "INSERT INTO scheduled_runs (job, period, holder, fencing_token, expires_at, finished) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, 0) ON CONFLICT (job) DO UPDATE SET period = excluded.period, "
                        + "holder = excluded.holder, fencing_token = excluded.fencing_token, "
                        + "expires_at = excluded.expires_at, finished = 0"
                ).bind(
                    .text(job), .date(run.period), .text(run.holder), .integer(run.fencingToken), .date(run.expiresAt)
                ).run()
                return .claimed(run)
            }
        }
    }

    /// Ends a scheduled run.
    public func endScheduledRun(_ run: ScheduledRun, finished: Bool, now: Date) async throws {
        try connection.statement(
            "UPDATE scheduled_runs SET finished = ?3, expires_at = CASE WHEN ?3 = 1 THEN expires_at ELSE ?4 END "
                + "WHERE job = ?1 AND fencing_token = ?2 AND finished = 0"
        ).bind(.text(run.job), .integer(run.fencingToken), .integer(finished ? 1 : 0), .date(now)).run()
        guard connection.changes == 1 else {
            throw BridgeError(
                .leaseLost, "The run of \(run.job) with fencing token \(run.fencingToken) is no longer held.")
        }
    }

    // MARK: Reservations

    /// Claims a reservation's decision, in one transaction.
    public func claimReservation(key: String, token: String, leaseDuration: Duration, now: Date) async throws
        -> ReservationClaim
    {
        try connection.transaction { () throws(BridgeError) -> ReservationClaim in
            let read = try connection.statement(
                "SELECT token, claim_expires_at, answer, holds_stock, expires_at FROM reservations "
                    + "WHERE reservation_key = ?1")
            let row = try read.bind(.text(key)).firstRow { row in
                (
                    token: row.text(0) ?? "", claimExpiresAt: row.isNull(1) ? nil : row.date(1), answer: row.text(2),
                    holdsStock: row.int64(3) != 0, expiresAt: row.date(4)
                )
            }
            if let row, let answer = row.answer {
                return .answered(
                    ReservationRecord(
                        key: key, token: row.token, answer: answer, holdsStock: row.holdsStock,
                        expiresAt: row.expiresAt))
            }
            if let row, let until = row.claimExpiresAt, until > now, row.token != token {
                return .pending(until: until)
            }
            try connection.statement(
                "INSERT INTO reservations (reservation_key, token, claim_expires_at) VALUES (?1, ?2, ?3) "
                    + "ON CONFLICT (reservation_key) DO UPDATE SET token = excluded.token, "
                    + "claim_expires_at = excluded.claim_expires_at"
            ).bind(.text(key), .text(token), .date(now.adding(leaseDuration))).run()
            return .claimed(token: token)
        }
    }

    /// An answered reservation.
    public func reservation(key: String) async throws -> ReservationRecord? {
        let select = try connection.statement(
            "SELECT \(Self.reservationColumns) FROM reservations WHERE reservation_key = ?1 AND answer IS NOT NULL")
        return try select.bind(.text(key)).firstRow(Self.reservation(from:))
    }

    /// Answered reservations expiring by a date, soonest first.
    public func reservations(expiringBy date: Date, limit: Int) async throws -> [ReservationRecord] {
        let select = try connection.statement(
            "SELECT \(Self.reservationColumns) FROM reservations WHERE answer IS NOT NULL AND expires_at <= ?1 "
                + "ORDER BY expires_at, reservation_key LIMIT ?2")
        return try select.bind(.date(date), .integer(Int64(max(0, limit)))).rows(Self.reservation(from:))
    }

    private static let reservationColumns = "reservation_key, token, answer, holds_stock, expires_at"

    private static func reservation(from row: SQLiteStatement) -> ReservationRecord {
        ReservationRecord(
            key: row.text(0) ?? "", token: row.text(1) ?? "", answer: row.text(2) ?? "", holdsStock: row.int64(3) != 0,
            expiresAt: row.date(4))
    }

    // MARK: Rate budgets

    /// Takes a token from a shared bucket, in one statement.
    public func reserveRateToken(key: String, limit: RateLimit, now: Date) async throws -> Duration {
        let take = try connection.statement(
            "INSERT INTO rate_budgets (bucket, tokens, updated_at) VALUES (?1, ?2 - 1, ?4) ON CONFLICT (bucket) DO "
                + "UPDATE SET tokens = min(?2, tokens + max(?4 - updated_at, 0) / 1000.0 * CAST(?3 AS REAL)) - 1, "
                + "updated_at = max(updated_at, ?4) RETURNING CAST(tokens AS TEXT)")
        let tokens = try take.bind(
            .text(key), .integer(Int64(limit.burst)), .text(String(limit.requestsPerSecond)), .date(now)
        ).firstRow { $0.text(0).flatMap(Double.init) }
        return RateBudgetRules.wait(tokens: (tokens ?? nil) ?? 0, limit: limit)
    }

    // MARK: Echo fingerprints

    /// The bridge's own writes among the fingerprints.
    public func echoes(among fingerprints: [EchoFingerprint], now: Date) async throws -> Set<EchoFingerprint> {
        let select = try connection.statement(
            "SELECT 1 FROM echo_fingerprints WHERE kind = ?1 AND system = ?2 AND entity_key = ?3 AND hash = ?4 "
                + "AND expires_at > ?5")
        var found = Set<EchoFingerprint>()
        for fingerprint in Set(fingerprints) {
            let entity = fingerprint.entity
            let known = try select.bind(
                .text(entity.kind.rawValue), .text(entity.system.rawValue), .text(entity.key),
                .text(fingerprint.contentHash), .date(now)
            ).firstRow { _ in true }
            if known == true { found.insert(fingerprint) }
        }
        return found
    }

    func deleteExpiredEchoes(now: Date) throws(BridgeError) {
        try connection.statement("DELETE FROM echo_fingerprints WHERE expires_at <= ?1").bind(.date(now)).run()
    }

    // MARK: Writes

    /// Applies the shared-state part of a commit, inside its transaction.
    func applySharedState(_ changes: StoreChanges) throws(BridgeError) {
        if !changes.savedReservations.isEmpty {
            let save = try connection.statement(
                "UPDATE reservations SET answer = ?3, holds_stock = ?4, expires_at = ?5, claim_expires_at = NULL "
                    + "WHERE reservation_key = ?1 AND token = ?2")
            for record in changes.savedReservations {
                try save.bind(
                    .text(record.key), .text(record.token), .text(record.answer),
                    .integer(record.holdsStock ? 1 : 0), .date(record.expiresAt)
                ).run()
                guard connection.changes == 1 else {
                    throw BridgeError(.leaseLost, "The claim on reservation \(record.key) is no longer held.")
                }
            }
        }
        if !changes.forgottenReservations.isEmpty {
            let forget = try connection.statement("DELETE FROM reservations WHERE reservation_key = ?1")
            for key in changes.forgottenReservations { try forget.bind(.text(key)).run() }
        }
        if !changes.echoFingerprints.isEmpty {
            let record = try connection.statement(
                "INSERT INTO echo_fingerprints (kind, system, entity_key, hash, expires_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                    + "ON CONFLICT (kind, system, entity_key, hash) DO UPDATE SET "
                    + "expires_at = max(expires_at, excluded.expires_at)")
            for (fingerprint, expiresAt) in changes.echoFingerprints {
                let entity = fingerprint.entity
                try record.bind(
                    .text(entity.kind.rawValue), .text(entity.system.rawValue), .text(entity.key),
                    .text(fingerprint.contentHash), .date(expiresAt)
                ).run()
            }
        }
    }
}
