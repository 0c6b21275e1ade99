public import AdobeCommerce
import Synchronization

/// An observer that keeps every event, for assertions on what the client did.
public final class RecordingObserver: CommerceObserver {
    private let storage = Mutex<[CommerceEvent]>([])

    /// Creates an empty recorder.
    public init() {}

    /// Keeps the event.
    public func record(_ event: CommerceEvent) { storage.withLock { $0.append(event) } }

    /// Every event so far, in order.
    public var events: [CommerceEvent] { storage.withLock { $0 } }

    /// The completed requests.
    public var requests: [RequestEvent] {
        events.compactMap { if case .request(let event) = $0 { event } else { nil } }
    }

    /// The retries.
    public var retries: [RetryEvent] {
        events.compactMap { if case .retry(let event) = $0 { event } else { nil } }
    }
}
