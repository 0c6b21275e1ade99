#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// When and how long to wait before sending a failed request again.
///
/// Full-jitter exponential backoff: attempt *n* waits a random time in `0 ..< min(maximumDelay,
/// initialDelay × 2ⁿ⁻¹)`, and never less than a `Retry-After` the server sent (capped by
/// ``maximumRetryAfter``). Only 429, 5xx, lost connections and timeouts are retried, and a write only when
/// it is idempotent or carries an idempotency key.
///
/// ```swift
/// var configuration = AdobeCommerceConfiguration(baseURL: url, authentication: .bearer(token))
/// configuration.retry = .exponentialJitter(maximumAttempts: 6, initialDelay: .milliseconds(200))
/// ```
public struct RetryPolicy: Sendable {
    /// How many times a request is sent at most, the first attempt included (1 = no retries).
    public var maximumAttempts: Int
    /// The cap on the backoff before jitter for the first retry.
    public var initialDelay: Duration
    /// The cap on any backoff.
    public var maximumDelay: Duration
    /// The longest `Retry-After` honoured; a longer one fails the request rather than stall it.
    public var maximumRetryAfter: Duration
    /// Whether the backoff is randomised (full jitter); turn off only in tests.
    public var jitter: Bool
    /// The HTTP statuses that are retried.
    public var retryableStatuses: Set<Int>

    /// Creates a policy.
    public init(
        maximumAttempts: Int = 4,
        initialDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(20),
        maximumRetryAfter: Duration = .seconds(120),
        jitter: Bool = true,
        retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumRetryAfter = maximumRetryAfter
        self.jitter = jitter
        self.retryableStatuses = retryableStatuses
    }

    /// Four attempts, 250 ms initial backoff, 20 s cap, full jitter.
    public static let `default` = RetryPolicy()

    /// Never retries.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// Full-jitter exponential backoff with the given limits.
    public static func exponentialJitter(
        maximumAttempts: Int = 4,
        initialDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(20)
    ) -> RetryPolicy {
        RetryPolicy(maximumAttempts: maximumAttempts, initialDelay: initialDelay, maximumDelay: maximumDelay)
    }

    /// The backoff before retry number `retry` (1 for the first retry), before `Retry-After` is considered.
    /// - Parameters:
    ///   - retry: The retry number, 1 for the first.
    ///   - random: A value in `0 ..< 1` that scales the jittered delay.
    public func backoff(forRetry retry: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maximumDelay, initialDelay * (1 << exponent))
        return jitter ? ceiling * max(0, min(random, 1)) : ceiling
    }

    /// Whether a response status is worth retrying.
    public func isRetryable(status: Int) -> Bool { retryableStatuses.contains(status) }

    /// Whether an error thrown by a transport is worth retrying.
    public func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? CommerceError else { return false }
        return error.code == .connectionFailed || error.code == .timedOut
    }

    /// The delay a `Retry-After` header asks for: delta-seconds or an HTTP date in any of its three forms
    /// (IMF-fixdate, RFC 850, asctime), relative to `now`.
    public static func retryAfterDelay(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmedWhitespace
        if let seconds = Int(trimmed) { return seconds >= 0 ? .seconds(seconds) : nil }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        let interval = date.timeIntervalSince(now)
        return interval > 0 ? .milliseconds(Int64(interval * 1000)) : .zero
    }
}

/// Parses HTTP dates in the three forms RFC 9110 makes recipients accept: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`).
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ").map(String.init)
        if parts.count == 6, parts[5] == "GMT" {  // IMF-fixdate
            return date(day: parts[1], month: parts[2], year: parts[3], time: parts[4])
        }
        if parts.count == 4, parts[3] == "GMT" {  // RFC 850: a two-digit year, read as RFC 9110 says
            let dayMonthYear = parts[1].split(separator: "-").map(String.init)
            guard dayMonthYear.count == 3, let short = Int(dayMonthYear[2]), dayMonthYear[2].count == 2 else {
                return nil
            }
            let year = short >= 70 ? 1900 + short : 2000 + short
            return date(day: dayMonthYear[0], month: dayMonthYear[1], year: String(year), time: parts[2])
        }
        if parts.count == 5 {  // asctime
            return date(day: parts[2], month: parts[1], year: parts[4], time: parts[3])
        }
        return nil
    }

    private static func date(day: String, month: String, year: String, time: String) -> Date? {
        guard let day = Int(day), let year = Int(year), let monthIndex = months.firstIndex(of: month) else {
            return nil
        }
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return MagentoDate(rawValue: "\(year)-\(pad(monthIndex + 1))-\(pad(day)) \(time)").date
    }
}
