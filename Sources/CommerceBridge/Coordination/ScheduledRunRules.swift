package import AdobeCommerce

#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// The decision every store makes on a scheduled run's row, under its lock, so that all stores agree.
package enum ScheduledRunRules {
    /// What to do with the row.
    package enum Outcome: Sendable, Hashable {
        /// Leave the row; answer this.
        case answer(ScheduledRunClaim)
        /// Write this run to the row (a new claim, or the holder's renewal) and answer `.claimed`.
        case take(ScheduledRun)
    }

    /// Decides a claim of `period` by `holder` on a job whose row holds `held`.
    package static func decide(
        held: ScheduledRun, finished: Bool, period: Date, holder: String, expiresAt: Date, now: Date
    ) -> Outcome {
        if held.period > period { return .answer(.finished(period: held.period)) }
        if held.period == period, finished { return .answer(.finished(period: period)) }
        if !finished {
            // The holder renewing its own run keeps its token, even a little late, as long as nobody took it.
            if held.holder == holder, held.period == period {
                var renewed = held
                renewed.expiresAt = expiresAt
                return .take(renewed)
            }
            if held.expiresAt > now { return .answer(.running(holder: held.holder, until: held.expiresAt)) }
        }
        return .take(
            ScheduledRun(
                job: held.job, period: period, holder: holder, fencingToken: held.fencingToken + 1,
                expiresAt: expiresAt))
    }

    /// The row of a job never claimed: a finished run long ago with token 0, which any claim takes.
    package static func neverRun(job: String) -> ScheduledRun {
        ScheduledRun(
            job: job, period: Date(millisecondsSince1970: -62_135_596_800_000), holder: "", fencingToken: 0,
            expiresAt: Date(millisecondsSince1970: 0))
    }
}

/// The wait a shared token bucket's balance implies, the same in every store.
package enum RateBudgetRules {
    /// `.zero` for a balance of zero or more, else the time the missing tokens take to accrue.
    package static func wait(tokens: Double, limit: RateLimit) -> Duration {
        guard tokens < 0 else { return .zero }
        return .nanoseconds(Int64((-tokens / limit.requestsPerSecond * 1e9).rounded(.up)))
    }
}
