public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Stops calling a destination that keeps failing, then probes it before trusting it again.
///
/// *Closed*: calls flow; `failureThreshold` consecutive failures open it. *Open*: calls are refused until
/// `openDuration` has passed. *Half-open*: up to `halfOpenProbes` calls go through; a success closes the
/// breaker, a failure opens it again.
///
/// ```swift
/// let breaker = CircuitBreaker(configuration: .init(failureThreshold: 5, openDuration: .seconds(30)), time: .system)
/// guard await breaker.permit() else { return }   // skip: the ERP is down
/// ```
public actor CircuitBreaker {
    /// When to open and for how long.
    public struct Configuration: Sendable, Hashable {
        /// Consecutive failures that open the breaker.
        public var failureThreshold: Int
        /// How long it stays open.
        public var openDuration: Duration
        /// Calls allowed while half-open.
        public var halfOpenProbes: Int

        /// Creates a configuration.
        public init(failureThreshold: Int = 5, openDuration: Duration = .seconds(30), halfOpenProbes: Int = 1) {
            self.failureThreshold = max(1, failureThreshold)
            self.openDuration = openDuration
            self.halfOpenProbes = max(1, halfOpenProbes)
        }
    }

    /// Where the breaker stands.
    public enum State: Sendable, Hashable {
        /// Calls flow.
        case closed
        /// Calls are refused until the date.
        case open(until: Date)
        /// A few probe calls are allowed.
        case halfOpen
    }

    /// The configuration.
    public let configuration: Configuration
    private let time: TimeSource
    private var current: State = .closed
    private var consecutiveFailures = 0
    private var probesInFlight = 0

    /// Creates a closed breaker.
    public init(configuration: Configuration = Configuration(), time: TimeSource) {
        self.configuration = configuration
        self.time = time
    }

    /// The state now (an open breaker whose time has passed reports half-open).
    public var state: State {
        if case .open(let until) = current, time.now() >= until { return .halfOpen }
        return current
    }

    /// When an open breaker will let a probe through, or `nil` when it is not open.
    public var reopensAt: Date? {
        if case .open(let until) = current, time.now() < until { return until }
        return nil
    }

    /// Whether a call may go ahead now; call ``recordSuccess()`` or ``recordFailure()`` after it.
    public func permit() -> Bool {
        switch state {
        case .closed:
            return true
        case .open:
            return false
        case .halfOpen:
            current = .halfOpen
            guard probesInFlight < configuration.halfOpenProbes else { return false }
            probesInFlight += 1
            return true
        }
    }

    /// A call succeeded: a half-open breaker closes.
    public func recordSuccess() {
        consecutiveFailures = 0
        probesInFlight = 0
        current = .closed
    }

    /// Records an outcome that says nothing about the system's health, such as a record it refused or a call
    /// cancelled: a half-open probe slot is given back without closing or reopening the breaker.
    public func recordUnrelatedOutcome() {
        if current == .halfOpen { probesInFlight = max(0, probesInFlight - 1) }
    }

    /// Opens the breaker now for ``Configuration/openDuration``, whatever the count: the destination refused the
    /// caller itself (credentials, permissions), so every call would fail alike.
    /// - Returns: Whether this call opened it (it was not open already), in one step, so that of several callers
    ///   failing at once exactly one learns it was the first.
    @discardableResult
    public func trip() -> Bool {
        let opened = reopensAt == nil
        consecutiveFailures = configuration.failureThreshold
        current = .open(until: time.now().adding(configuration.openDuration))
        probesInFlight = 0
        return opened
    }

    /// A call failed in a way that says the destination is unwell.
    public func recordFailure() {
        consecutiveFailures += 1
        if current == .halfOpen || consecutiveFailures >= configuration.failureThreshold {
            current = .open(until: time.now().adding(configuration.openDuration))
            probesInFlight = 0
        }
    }
}
