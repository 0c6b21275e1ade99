/// Why an event delivery could not be read or was refused.
public struct StoreEventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// The body is not JSON.
        case malformedJSON
        /// A JSON element is not a CloudEvents event Commerce sends.
        case notAnEvent
        /// The delivery carries no signature, or no signature verifies with the published keys.
        case badSignature
        /// A public key could not be fetched or read.
        case publicKeyUnavailable
        /// The delivery is addressed to another client id.
        case wrongRecipient
        /// The event is older than the receiver accepts.
        case stale
        /// The journal refused the request or answered something unexpected.
        case journal
        /// The journal no longer holds the position asked for (HTTP 410: I/O keeps events for 7 days); start again
        /// from the oldest or the latest event and reconcile the gap.
        case journalPositionExpired
    }

    /// What went wrong.
    public var code: Code
    /// Where: a JSON path (`$[3].data`), a header name or a URL path; never a secret.
    public var place: String
    /// What happened and what to do next.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, at place: String, _ message: String) {
        self.code = code
        self.place = place
        self.message = message
    }

    /// `code at place: message`.
    public var description: String { "\(code.rawValue) at \(place): \(message)" }
}
