public import AdobeCommerce
public import CommerceBridge
public import Foundation
import Synchronization

/// The state every worker on every host shares: scheduled runs and reservations are claimed under a row lock in one
/// transaction; a rate budget is one `INSERT … ON CONFLICT DO UPDATE` statement; echo fingerprints are rows with an
/// expiry.
extension PostgresConnectorStore {
    // MARK: Scheduled runs

    /// Claims a scheduled job's run for a period, under the job row's lock.
    public func claimScheduledRun(job: String, period: Date, holder: String, leaseDuration: Duration, now: Date)
        async throws -> ScheduledRunClaim
    {
        let expiresAt = now.adding(leaseDuration)
        let never = ScheduledRunRules.neverRun(job: job)
        return try await database.transaction { connection -> ScheduledRunClaim in
            // The row exists before it is locked, so that two first claims queue on one lock.
            _ = try connection.query(
                """
                INSERT INTO scheduled_runs (job, period, holder, fencing_token, expires_at, finished)
                VALUES ($1, $2, '', 0, $3, true) ON CONFLICT (job) DO NOTHING
                """, [.text(job), .date(never.period), .date(never.expiresAt)])
            let row = try connection.query(
                "SELECT period, holder, fencing_token, expires_at, finished FROM scheduled_runs WHERE job = $1 FOR UPDATE",
                [.text(job)])
            let held = ScheduledRun(
                job: job, period: row.date(0, 0), holder: row.text(0, 1) ?? "", fencingToken: row.int64(0, 2),
                expiresAt: row.date(0, 3))
            switch ScheduledRunRules.decide(
                held: held, finished: row.bool(0, 4), period: period, holder: holder, expiresAt: expiresAt, now: now)
            {
            case .answer(let claim):
                return claim
            case .take(let run):
                _ = try connection.query(
                    """
                    UPDATE scheduled_runs SET period = $2, holder = $3, fencing_token = $4, expires_at = $5,
                        finished = false
                    WHERE job = $1
                    """,
                    [.text(job), .date(run.period), .text(run.holder), .int(run.fencingToken), .date(run.expiresAt)])
                return .claimed(run)
            }
        }
    }

    /// Ends a scheduled run.
    public func endScheduledRun(_ run: ScheduledRun, finished: Bool, now: Date) async throws {
        // A transaction, so that one run again after a lost COMMIT answer is recognised rather than repeated.
        try await database.transaction { connection in
            let ended = try connection.query(
                """
                UPDATE scheduled_runs SET finished = $3, expires_at = CASE WHEN $3 THEN expires_at ELSE $4 END
                WHERE job = $1 AND fencing_token = $2 AND NOT finished
                """, [.text(run.job), .int(run.fencingToken), .bool(finished), .date(now)]
            ).affectedRows
            guard ended == 1 else {
                throw BridgeError(
                    .leaseLost, "The run of \(run.job) with fencing token \(run.fencingToken) is no longer held.")
            }
        }
    }

    // MARK: Reservations

    /// Claims a reservation's decision, under the key's row lock.
    public func claimReservation(key: String, token: String, leaseDuration: Duration, now: Date) async throws
        -> ReservationClaim
    {
        let until = now.adding(leaseDuration)
        return try await database.transaction { connection -> ReservationClaim in
            let inserted = try connection.query(
                """
                INSERT INTO reservations (reservation_key, token, claim_expires_at) VALUES ($1, $2, $3)
                ON CONFLICT (reservation_key) DO NOTHING
                """, [.text(key), .text(token), .date(until)])
            if inserted.affectedRows == 1 { return .claimed(token: token) }
            let row = try connection.query(
                """
                SELECT token, claim_expires_at, answer, holds_stock, expires_at FROM reservations
                WHERE reservation_key = $1 FOR UPDATE
                """, [.text(key)])
            guard row.count == 1 else { return .pending(until: now) }  // forgotten meanwhile: ask again
            if let answer = row.text(0, 2) {
                return .answered(
                    ReservationRecord(
                        key: key, token: row.text(0, 0) ?? "", answer: answer, holdsStock: row.bool(0, 3),
                        expiresAt: row.date(0, 4)))
            }
            if row.text(0, 1) != nil, row.date(0, 1) > now, row.text(0, 0) != token {
                return .pending(until: row.date(0, 1))
            }
            _ = try connection.query(
                "UPDATE reservations SET token = $2, claim_expires_at = $3 WHERE reservation_key = $1",
                [.text(key), .text(token), .date(until)])
            return .claimed(token: token)
        }
    }

    /// An answered reservation.
    public func reservation(key: String) async throws -> ReservationRecord? {
        try await database.withConnection { connection in
            Self.reservations(
                try connection.query(
                    "SELECT \(Self.reservationColumns) FROM reservations WHERE reservation_key = $1 AND answer IS NOT NULL",
                    [.text(key)])
            ).first
        }
    }

    /// Answered reservations expiring by a date, soonest first.
    public func reservations(expiringBy date: Date, limit: Int) async throws -> [ReservationRecord] {
        try await database.withConnection { connection in
            Self.reservations(
                try connection.query(
                    """
                    SELECT \(Self.reservationColumns) FROM reservations WHERE answer IS NOT NULL AND expires_at <= $1
                    ORDER BY expires_at, reservation_key COLLATE "C" LIMIT $2
                    """, [.date(date), .int(Int64(max(0, limit)))]))
        }
    }

    private static let reservationColumns = "reservation_key, token, answer, holds_stock, expires_at"

    private static func reservations(_ result: PostgresResult) -> [ReservationRecord] {
        (0..<result.count).map { row in
            ReservationRecord(
                key: result.text(row, 0) ?? "", token: result.text(row, 1) ?? "", answer: result.text(row, 2) ?? "",
                holdsStock: result.bool(row, 3), expiresAt: result.date(row, 4))
        }
    }

    // MARK: Rate budgets

    /// Takes a token from a shared bucket, in one statement under the bucket's row lock.
    public func reserveRateToken(key: String, limit: RateLimit, now: Date) async throws -> Duration {
        let tokens = try await database.withConnection { connection in
            try connection.query(
                """
                INSERT INTO rate_budgets AS b (bucket, tokens, updated_at) VALUES ($1, $2::double precision - 1, $4)
                ON CONFLICT (bucket) DO UPDATE SET
                    tokens = least($2::double precision,
                        b.tokens + greatest($4 - b.updated_at, 0) / 1000.0 * $3::double precision) - 1,
                    updated_at = greatest(b.updated_at, $4)
                RETURNING tokens::text
                """,
                [.text(key), .text(String(limit.burst)), .text(String(limit.requestsPerSecond)), .date(now)]
            ).text(0, 0)
        }
        return RateBudgetRules.wait(tokens: tokens.flatMap(Double.init) ?? 0, limit: limit)
    }

    // MARK: Echo fingerprints

    /// The bridge's own writes among the fingerprints, in one statement.
    public func echoes(among fingerprints: [EchoFingerprint], now: Date) async throws -> Set<EchoFingerprint> {
        guard !fingerprints.isEmpty else { return [] }
        let unique = Array(Set(fingerprints))
        let found = try await database.withConnection { connection in
            let result = try connection.query(
                """
                SELECT f.position FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
                    AS f(kind, system, entity_key, hash, position)
                WHERE EXISTS (
                    SELECT 1 FROM echo_fingerprints e
                    WHERE e.kind = f.kind AND e.system = f.system AND e.entity_key = f.entity_key AND e.hash = f.hash
                        AND e.expires_at > $5)
                """,
                [
                    .textArray(unique.map(\.entity.kind.rawValue)), .textArray(unique.map(\.entity.system.rawValue)),
                    .textArray(unique.map(\.entity.key)), .textArray(unique.map(\.contentHash)), .date(now),
                ])
            return (0..<result.count).map { Int(result.int64($0, 0)) - 1 }
        }
        return Set(found.map { unique[$0] })
    }
}
