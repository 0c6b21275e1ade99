#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Receives Adobe I/O Events deliveries of Commerce events: answers the registration challenge, verifies the digital
/// signatures over the raw body, checks the recipient, and hands the events to `receive` — which should store them
/// durably (the connector's inbox) and return; only then does I/O get its `200`.
///
/// Mount it on any server through ``HTTPEndpoint`` (or the built-in one in `CommerceBridgeHTTPServer`).
///
/// | request | answer |
/// |---|---|
/// | `GET ?challenge=<value>` | `200` `{"challenge": "<value>"}` |
/// | no signature headers, or neither signature verifies | `401` (I/O does not retry) |
/// | a key path that is not a plain `.pem` path on the key host | `401` |
/// | the key host cannot be reached | `503` (I/O retries) |
/// | not JSON, or not CloudEvents | `400` |
/// | an event for another client id | `401` |
/// | every event older than ``Configuration/maximumEventAge`` | `400` (stale ones in a batch are skipped) |
/// | `receive` throws | `503` (I/O retries the delivery) |
/// | stored | `200` |
/// | `POST {"validationUrl": …}` (asynchronous registration check) | `200`, and `onValidationRequest` is called |
public struct IOEventsWebhook: HTTPEndpoint {
    /// What the receiver accepts.
    public struct Configuration: Sendable {
        /// The client id (API key) of the Developer Console credential the registration belongs to; a delivery for
        /// another recipient is refused.
        public var clientID: String
        /// Events older than this (by their `time`) are refused as replays; `nil` accepts any age. The default, 3 days,
        /// is longer than I/O retries a delivery (24 hours) and shorter than the inbox keeps event ids.
        public var maximumEventAge: Duration?
        /// Whether signatures are checked. Turn off only when mutual TLS authenticates I/O instead (Adobe says: one or
        /// the other).
        public var verifiesSignatures: Bool

        /// Creates a configuration.
        public init(
            clientID: String, maximumEventAge: Duration? = .seconds(3 * 86_400), verifiesSignatures: Bool = true
        ) {
            self.clientID = clientID
            self.maximumEventAge = maximumEventAge
            self.verifiesSignatures = verifiesSignatures
        }
    }

    /// Stores the events of one delivery; throw to have I/O deliver them again later.
    public typealias Receiver = @Sendable ([StoreEvent]) async throws -> Void

    /// The header names Adobe I/O sends.
    public enum Header {
        /// Base64 RSA-SHA256 signature of the raw body, made with key 1.
        public static let signature1 = "x-adobe-digital-signature-1"
        /// Base64 RSA-SHA256 signature of the raw body, made with key 2.
        public static let signature2 = "x-adobe-digital-signature-2"
        /// The path of key 1 on the key host.
        public static let publicKey1Path = "x-adobe-public-key1-path"
        /// The path of key 2 on the key host.
        public static let publicKey2Path = "x-adobe-public-key2-path"
        /// The event id, stable across retries.
        public static let eventID = "x-adobe-event-id"
    }

    private let configuration: Configuration
    private let publicKeys: IOEventsPublicKeys
    private let time: TimeSource
    private let onValidationRequest: (@Sendable (URL) async -> Void)?
    private let receive: Receiver

    /// Creates a receiver.
    /// - Parameters:
    ///   - configuration: The client id and limits.
    ///   - publicKeys: Where signing keys come from.
    ///   - time: The clock, for the event age.
    ///   - onValidationRequest: Called with the `validationUrl` of an asynchronous registration check; someone must
    ///     open that URL within 5 minutes, or the registration is disabled.
    ///   - receive: Stores the events.
    public init(
        configuration: Configuration, publicKeys: IOEventsPublicKeys, time: TimeSource = .system,
        onValidationRequest: (@Sendable (URL) async -> Void)? = nil, receive: @escaping Receiver
    ) {
        self.configuration = configuration
        self.publicKeys = publicKeys
        self.time = time
        self.onValidationRequest = onValidationRequest
        self.receive = receive
    }

    /// Answers one request from Adobe I/O.
    public func respond(to request: InboundHTTPRequest) async -> HTTPResponse {
        if request.method == .get || request.method == .head {
            guard let challenge = request.queryValue("challenge"), !challenge.isEmpty, challenge.utf8.count <= 256
            else {
                return Self.answer(400, "expected ?challenge=<value> (the I/O Events registration check)")
            }
            return HTTPResponse(
                status: 200, headers: ["Content-Type": "application/json"],
                body: JSONValue.object(["challenge": .string(challenge)]).jsonData)
        }
        guard request.method == .post else { return Self.answer(405, "I/O Events delivers with POST") }
        do throws(StoreEventError) {
            if configuration.verifiesSignatures { try await verifySignature(of: request) }
            if let url = validationURL(in: request.body) {
                await onValidationRequest?(url)
                return Self.answer(200, "validation request noted")
            }
            let events = try StoreEvent.events(in: request.body)
            guard !events.isEmpty else { return Self.answer(400, "the delivery holds no event") }
            for (index, event) in events.enumerated()
            where (event.recipientClientID ?? configuration.clientID) != configuration.clientID {
                throw StoreEventError(
                    .wrongRecipient, at: "$[\(index)].recipientclientid",
                    "the event is for another client id than this receiver's")
            }
            let fresh = events.filter { !isStale($0) }
            guard !fresh.isEmpty else {
                throw StoreEventError(
                    .stale, at: "$.time", "every event is older than the receiver accepts (a replayed delivery?)")
            }
            if (try? await receive(fresh)) == nil {
                return Self.answer(503, "the events could not be stored; deliver again later")
            }
            return HTTPResponse(
                status: 200, headers: ["Content-Type": "application/json"],
                body: JSONValue.object(["received": .number(Decimal(fresh.count))]).jsonData)
        } catch {
            switch error.code {
            case .badSignature, .wrongRecipient: return Self.answer(401, error.description)
            case .publicKeyUnavailable: return Self.answer(503, error.description)
            case .malformedJSON, .notAnEvent, .stale, .journal, .journalPositionExpired:
                return Self.answer(400, error.description)
            }
        }
    }

    private func verifySignature(of request: InboundHTTPRequest) async throws(StoreEventError) {
        let pairs = [(Header.signature1, Header.publicKey1Path), (Header.signature2, Header.publicKey2Path)]
        var sawSignature = false
        var keyError: StoreEventError?
        for (signatureHeader, keyHeader) in pairs {
            guard let encoded = request.headers[signatureHeader], let path = request.headers[keyHeader] else {
                continue
            }
            sawSignature = true
            guard let signature = Data(base64Encoded: encoded.trimmedWhitespace) else { continue }
            do {
                let key = try await publicKeys.key(atPath: path)
                if key.isValidSHA256Signature(signature, for: request.body) { return }
            } catch {
                if error.code == .publicKeyUnavailable { keyError = error } else { throw error }
            }
        }
        if let keyError { throw keyError }
        throw StoreEventError(
            .badSignature, at: Header.signature1,
            sawSignature
                ? "no signature verifies with Adobe's published keys; the body was changed or is not from Adobe I/O"
                : "the delivery is not signed (x-adobe-digital-signature-1/2 and the key paths are required)")
    }

    private func validationURL(in body: Data) -> URL? {
        guard body.count < 4096, let json = try? JSONValue(parsing: body), json["type"] == nil,
            let text = json["validationUrl"]?.stringValue, let url = URL(string: text), url.scheme == "https"
        else { return nil }
        return url
    }

    private func isStale(_ event: StoreEvent) -> Bool {
        guard let limit = configuration.maximumEventAge, let created = event.time else { return false }
        return time.now().timeIntervalSince(created) > limit.seconds
    }

    private static func answer(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "application/json"],
            body: JSONValue.object(["message": .string(message)]).jsonData)
    }
}
