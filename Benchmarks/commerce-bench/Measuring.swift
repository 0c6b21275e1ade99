// Measuring helpers shared by the benchmarks: timing, rounding, peak memory.
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Peak resident set size of this process in MiB.
func peakRSSMiB() -> Double {
    var usage = rusage()
    #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
    #else
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    #endif
}

/// Runs `body` `iterations` times and returns the seconds taken.
func measure(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    let stopwatch = Stopwatch()
    for _ in 0..<iterations { try body() }
    return stopwatch.elapsedSeconds
}

/// `value` rounded to one decimal place.
func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

/// Seconds since it was started, on the continuous clock.
///
/// ```swift
/// let stopwatch = Stopwatch()
/// try await work()
/// let seconds = stopwatch.elapsedSeconds
/// ```
struct Stopwatch {
    private let start = ContinuousClock.now

    /// The seconds between the start and now.
    var elapsedSeconds: Double { start.duration(to: .now).inSeconds }
}

extension Duration {
    /// The duration as a number of seconds.
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
