#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Wall-clock time and sleeping: the one time abstraction of the SDK.
///
/// The client's backoff, rate limit, timeouts, token expiry and OAuth timestamps, and every engine's
/// checkpoints, deadlines and schedules read time through a `TimeSource`, so a test drives all of them with a
/// manual clock:
///
/// ```swift
/// var configuration = AdobeCommerceConfiguration(baseURL: url, authentication: .integration(credentials))
/// configuration.time = .system                                  // the default
/// // in tests: configuration.time = ManualClock().timeSource()  (AdobeCommerceTesting)
/// ```
public struct TimeSource: Sendable {
    /// The current wall-clock time.
    public let now: @Sendable () -> Date
    /// The clock sleeps and elapsed times are measured on.
    public let clock: any Clock<Duration>

    /// Creates a time source.
    /// - Parameters:
    ///   - clock: The clock sleeps and elapsed times are measured on.
    ///   - now: The current wall-clock time.
    public init(clock: any Clock<Duration>, now: @escaping @Sendable () -> Date) {
        self.clock = clock
        self.now = now
    }

    /// The system's clocks: a `ContinuousClock` and the system's wall clock.
    public static var system: TimeSource { TimeSource(clock: ContinuousClock(), now: { Date() }) }

    /// Sleeps for `duration` on ``clock``.
    /// - Throws: `CancellationError` when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        try await Self.sleep(on: clock, for: duration)
    }

    /// A stopwatch started now: each call returns the time elapsed on ``clock`` since.
    package func stopwatch() -> @Sendable () -> Duration { Self.stopwatch(on: clock) }

    /// Runs `operation` against a deadline `limit` from now on ``clock``.
    ///
    /// - Returns: The operation's value, or `nil` when the deadline passed first; the operation is then
    ///   cancelled.
    /// - Throws: What the operation throws, or `CancellationError` when the calling task is cancelled.
    package func race<Value: Sendable>(
        _ limit: Duration, _ operation: @Sendable () async throws -> Value
    ) async throws -> Value? {
        try await withoutActuallyEscaping(operation) { operation in
            try await withThrowingTaskGroup(of: Value?.self) { group in
                group.addTask { try await operation() }
                group.addTask {
                    try await sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                return first
            }
        }
    }

    private static func sleep<C: Clock<Duration>>(on clock: C, for duration: Duration) async throws {
        try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil)
    }

    private static func stopwatch<C: Clock<Duration>>(on clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }
}

extension Date {
    /// The date `duration` later.
    package func adding(_ duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return addingTimeInterval(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
    }

    /// Milliseconds since 1970, as the stores keep times: rounded down (a checkpoint never moves past a record
    /// within its millisecond), except that a date made from whole milliseconds gives exactly those again; a date
    /// beyond what 64 bits hold is clamped to the nearest end (a source's absurd timestamp must not trap).
    package var millisecondsSince1970: Int64 {
        let exact = timeIntervalSince1970 * 1000
        let nearest = exact.rounded()
        let milliseconds = abs(exact - nearest) < 1e-3 ? nearest : exact.rounded(.down)
        guard milliseconds.isFinite else { return milliseconds > 0 ? .max : .min }
        if milliseconds >= Double(Int64.max) { return .max }
        if milliseconds <= Double(Int64.min) { return .min }
        return Int64(milliseconds)
    }

    /// A date from milliseconds since 1970.
    package init(millisecondsSince1970 value: Int64) { self.init(timeIntervalSince1970: TimeInterval(value) / 1000) }
}

extension Duration {
    /// The duration in seconds as a `Double`, for rates and reports.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
