public import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Recognises the bridge's own writes coming back as events from the other side, so they are not synced
/// again (and again).
///
/// Record each write with ``recordWrite(_:to:)``; when an event arrives, ``isEcho(_:)`` is `true` if the
/// same system reports the same record with the same content hash within the time to live.
public actor EchoSuppressor {
    private let timeToLive: Duration
    private let time: TimeSource
    private var fingerprints: [String: Date] = [:]

    /// Creates a suppressor.
    /// - Parameters:
    ///   - timeToLive: How long a write is remembered.
    ///   - time: The clock.
    public init(timeToLive: Duration = .seconds(3600), time: TimeSource) {
        self.timeToLive = timeToLive
        self.time = time
    }

    /// Remembers that the bridge wrote `envelope`'s payload to `system` under the key it has there.
    public func recordWrite(_ envelope: Envelope, to system: SystemID) {
        guard let key = envelope.keys[system] else { return }
        prune()
        fingerprints[Self.fingerprint(envelope.kind, system, key, envelope.contentHash)] =
            time.now().adding(timeToLive)
    }

    /// Whether `envelope` is the bridge's own write reported back by its origin.
    public func isEcho(_ envelope: Envelope) -> Bool {
        guard let key = envelope.keys[envelope.origin] else { return false }
        let fingerprint = Self.fingerprint(envelope.kind, envelope.origin, key, envelope.contentHash)
        guard let expiry = fingerprints[fingerprint] else { return false }
        return expiry > time.now()
    }

    /// How many writes are remembered.
    public var count: Int { fingerprints.count }

    private func prune() {
        let now = time.now()
        fingerprints = fingerprints.filter { $0.value > now }
    }

    private static func fingerprint(_ kind: EntityKind, _ system: SystemID, _ key: String, _ hash: String) -> String {
        "\(kind)\u{0}\(system)\u{0}\(key)\u{0}\(hash)"
    }
}
