#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Wall-clock time and sleeping, injected into every engine so tests can drive time.
///
/// ```swift
/// let time = TimeSource.system
/// // in tests: ManualClock().timeSource(startingAt: Date(timeIntervalSince1970: 0))
/// ```
public struct TimeSource: Sendable {
    /// The current wall-clock time.
    public let now: @Sendable () -> Date
    /// The clock sleeps happen on.
    public let clock: any Clock<Duration>

    /// Creates a time source.
    public init(clock: any Clock<Duration>, now: @escaping @Sendable () -> Date) {
        self.clock = clock
        self.now = now
    }

    /// The system's clocks.
    public static var system: TimeSource { TimeSource(clock: ContinuousClock(), now: { Date() }) }

    /// Sleeps for `duration` on ``clock``.
    public func sleep(for duration: Duration) async throws {
        try await Self.sleep(on: clock, for: duration)
    }

    private static func sleep<C: Clock<Duration>>(on clock: C, for duration: Duration) async throws {
        try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil)
    }
}

extension Date {
    /// The date `duration` later.
    package func adding(_ duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return addingTimeInterval(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
    }

    /// Milliseconds since 1970, as the stores keep times.
    package var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    /// A date from milliseconds since 1970.
    package init(millisecondsSince1970 value: Int64) { self.init(timeIntervalSince1970: TimeInterval(value) / 1000) }
}
