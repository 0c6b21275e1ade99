/// Reads elapsed time and sleeps on an injected clock, hiding the clock's instant type.
package struct ClockReader: Sendable {
    /// Time since the reader was made.
    package let elapsed: @Sendable () -> Duration
    /// Sleeps for a duration on the clock.
    package let sleep: @Sendable (Duration) async throws -> Void

    /// Wraps `clock`.
    package init(_ clock: any Clock<Duration>) {
        self = Self.make(clock)
    }

    private static func make<C: Clock<Duration>>(_ clock: C) -> ClockReader {
        let start = clock.now
        return ClockReader(
            elapsed: { start.duration(to: clock.now) },
            sleep: { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) })
    }

    private init(
        elapsed: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.elapsed = elapsed
        self.sleep = sleep
    }
}

extension Duration {
    /// The duration in seconds as a `Double`, for rates and reports.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
