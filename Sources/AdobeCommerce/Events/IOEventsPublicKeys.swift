#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The public keys Adobe I/O Events signs deliveries with, fetched from Adobe's key host and cached.
///
/// A delivery names its keys by path (`x-adobe-public-key1-path: /prod/keys/pub-key-<uuid>.pem`); the key is fetched
/// from ``defaultHost`` plus that path, never from a URL a request supplies, and kept for at most 24 hours (I/O
/// rotates keys and sends no cache headers). Concurrent deliveries naming one key fetch it once; a failed fetch
/// is retried twice before the delivery is answered `503` (I/O then retries it).
public actor IOEventsPublicKeys {
    /// `https://static.adobeioevents.com`, where Adobe publishes the keys.
    public static let defaultHost = URL(string: "https://static.adobeioevents.com")!

    private let transport: any HTTPTransport
    private let host: URL
    private let lifetime: Duration
    private let time: TimeSource
    private var cache: [String: (key: RSAPublicKey, fetchedAt: Date)] = [:]
    private var inFlight: [String: Task<RSAPublicKey, any Error>] = [:]

    /// Creates a key cache.
    /// - Parameters:
    ///   - transport: How to fetch (the URLSession transport in production; a fake in tests).
    ///   - host: The key host; tests point it at a fake. Only its scheme, host and port are used.
    ///   - lifetime: How long a fetched key is used, at most 24 hours.
    ///   - time: The clock.
    public init(
        transport: any HTTPTransport, host: URL = IOEventsPublicKeys.defaultHost, lifetime: Duration = .seconds(86_400),
        time: TimeSource = .system
    ) {
        self.transport = transport
        self.host = host
        self.lifetime = min(lifetime, .seconds(86_400))
        self.time = time
    }

    /// The key at `path` on the key host.
    /// - Parameter path: The header's path, such as `/prod/keys/pub-key-<uuid>.pem`.
    /// - Throws: ``StoreEventError`` with ``StoreEventError/Code/badSignature`` for a path that is not a plain
    ///   relative `.pem` path, ``StoreEventError/Code/publicKeyUnavailable`` when the key cannot be fetched or read.
    public func key(atPath path: String) async throws(StoreEventError) -> RSAPublicKey {
        guard Self.isPlainKeyPath(path) else {
            throw StoreEventError(
                .badSignature, at: "x-adobe-public-key-path",
                "the key path must be a plain path ending in .pem on the key host; the delivery is refused")
        }
        let now = time.now()
        if let cached = cache[path], now.timeIntervalSince(cached.fetchedAt) < lifetime.seconds {
            return cached.key
        }
        let task =
            inFlight[path]
            ?? Task { [transport, host, time] in
                try await Self.fetch(path: path, host: host, transport: transport, time: time)
            }
        inFlight[path] = task
        defer { inFlight[path] = nil }
        do {
            let key = try await task.value
            cache[path] = (key, now)
            return key
        } catch let error as StoreEventError {
            throw error
        } catch {
            throw StoreEventError(.publicKeyUnavailable, at: path, "\(error)")
        }
    }

    /// Forgets every cached key (after Adobe announced a rotation, say).
    public func removeAll() { cache.removeAll() }

    static func isPlainKeyPath(_ path: String) -> Bool {
        guard path.hasPrefix("/"), path.hasSuffix(".pem"), path.utf8.count <= 256, !path.contains("//"),
            !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
        else { return false }
        return path.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "/"):
                true
            default: false
            }
        }
    }

    private static func fetch(path: String, host: URL, transport: any HTTPTransport, time: TimeSource) async throws
        -> RSAPublicKey
    {
        var components = URLComponents()
        components.scheme = host.scheme
        components.host = host.host()
        components.port = host.port
        components.path = path
        guard let url = components.url else {
            throw StoreEventError(.publicKeyUnavailable, at: path, "the key URL could not be formed")
        }
        var lastError: any Error = StoreEventError(.publicKeyUnavailable, at: path, "no attempt made")
        for attempt in 0..<3 {
            if attempt > 0 { try await time.sleep(for: .milliseconds(200 * attempt)) }
            do {
                let response = try await transport.send(
                    HTTPRequest(
                        method: .get, url: url, headers: ["Accept": "application/x-pem-file, text/plain"],
                        context: RequestContext(timeout: .seconds(5))))
                guard response.isSuccess else {
                    lastError = StoreEventError(
                        .publicKeyUnavailable, at: path, "the key host answered HTTP \(response.status)")
                    if (400..<500).contains(response.status) && response.status != 429 { break }
                    continue
                }
                do {
                    return try RSAPublicKey(pem: String(decoding: response.body, as: UTF8.self))
                } catch {
                    throw StoreEventError(.publicKeyUnavailable, at: path, "the key is not an RSA PEM key: \(error)")
                }
            } catch let error as StoreEventError {
                throw error
            } catch {
                lastError = error
            }
        }
        throw lastError
    }
}
