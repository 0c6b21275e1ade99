#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// One worker's claim on a scheduled job's run for one period, from ``ConnectorStore/claimScheduledRun(job:period:holder:leaseDuration:now:)``.
///
/// The store keeps one row per job: the period last claimed, who holds it, until when, whether it finished, and a
/// fencing token that rises with every new claim. Work that must not be done by a worker that lost its claim (one
/// paused past its lease) can carry ``fencingToken`` and have the store or the destination refuse older tokens.
public struct ScheduledRun: Sendable, Hashable {
    /// The job's name.
    public var job: String
    /// The start of the period this run is for.
    public var period: Date
    /// The worker holding the run (unique per scheduler instance).
    public var holder: String
    /// Rises with every claim of the job; a later claim always has a larger token.
    public var fencingToken: Int64
    /// When the claim lapses unless renewed (claimed again by the same holder); another worker may then take it.
    public var expiresAt: Date

    /// Creates a run claim.
    public init(job: String, period: Date, holder: String, fencingToken: Int64, expiresAt: Date) {
        self.job = job
        self.period = period
        self.holder = holder
        self.fencingToken = fencingToken
        self.expiresAt = expiresAt
    }
}

/// What ``ConnectorStore/claimScheduledRun(job:period:holder:leaseDuration:now:)`` found.
public enum ScheduledRunClaim: Sendable, Hashable {
    /// The caller holds the run (newly, or renewed when it already held it): do the work, then end the run.
    case claimed(ScheduledRun)
    /// Another worker holds a run of the job until the date (this period's, or an earlier one still going).
    case running(holder: String, until: Date)
    /// The job already finished this period, or a later one has begun: nothing to do until the next period.
    case finished(period: Date)
}
