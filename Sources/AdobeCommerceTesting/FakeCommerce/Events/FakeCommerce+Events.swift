public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension FakeCommerce {
    /// Where the fake serves the I/O Events journal of its one registration, under ``baseURL``.
    public static let journalPath = "/events/organizations/fake-org/integrations/fake-project/fake-registration"
    /// Where the fake serves the public key its I/O deliveries are signed with, on ``baseURL`` as on Adobe's key host.
    public static let ioEventsKeyPath = "/prod/keys/pub-key-fake-io-events.pem"

    /// The journal URL to give `IOEventsJournal`.
    public var journalURL: URL { baseURL.appending(path: String(Self.journalPath.dropFirst())) }

    /// Every event the store emitted, oldest first. The store emits the events it is subscribed to
    /// (`POST /V1/eventing/eventSubscribe`) when a record changes: orders placed and saved (status, hold, cancel,
    /// comment, invoice, shipment, refund), invoices, shipments and credit memos, customers, products and, for the
    /// default source, stock items.
    public var emittedEvents: [StoreEvent] { state.withLock { $0.eventJournal.map(\.event) } }

    /// The events emitted from now on, as they are emitted; the stream ends when the consumer stops iterating.
    public func eventStream() -> AsyncStream<StoreEvent> {
        let (stream, continuation) = AsyncStream<StoreEvent>.makeStream()
        let id = state.withLock { state in
            let id = state.nextEventListener
            state.nextEventListener += 1
            state.eventListeners[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.eventListeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// Drops the journal's events up to and including `position`, as I/O does after 7 days: reading from an earlier
    /// position then answers `410 Gone`.
    public func expireJournal(through position: Int) {
        state.withLock { state in
            state.eventJournal.removeAll { $0.position <= position }
            state.expiredJournalPosition = max(state.expiredJournalPosition, position)
        }
    }

    /// The journal page or the signing key, when `request` asks for one of them.
    func ioEventsPage(_ request: HTTPRequest, state: inout FakeState) -> HTTPResponse? {
        let basePath = options.baseURL.path(percentEncoded: true)
        var path = request.url.path(percentEncoded: true)
        if !basePath.isEmpty, basePath != "/", path.hasPrefix(basePath) {
            path = String(path.dropFirst(basePath.count))
        }
        if path == Self.ioEventsKeyPath, request.method == .get {
            return HTTPResponse(
                status: 200, headers: ["Content-Type": "application/x-pem-file"],
                body: Data(FakeEventing.signingKey.publicKey.pem.utf8))
        }
        guard path == Self.journalPath else { return nil }
        guard request.method == .get else { return HTTPResponse(status: 405) }
        guard request.headers["Authorization"]?.hasPrefix("Bearer ") == true,
            let clientID = request.headers["x-api-key"], !clientID.isEmpty,
            request.headers["x-ims-org-id"]?.isEmpty == false
        else {
            return HTTPResponse(
                status: 401, headers: ["Content-Type": "application/json"],
                body: Data(#"{"error_code":"401013","message":"Oauth token is not valid"}"#.utf8))
        }
        let query = FakeRequest.parseQuery(request.url.query(percentEncoded: true))
        let limit = query["limit"].flatMap(Int.init).map { max(1, $0) } ?? 100
        var after = state.expiredJournalPosition
        if let since = query["since"] {
            guard let position = Int(since) else { return HTTPResponse(status: 400) }
            guard position >= state.expiredJournalPosition else {
                return HTTPResponse(
                    status: 410, headers: ["Content-Type": "application/json"],
                    body: Data(#"{"message":"the position is older than the journal keeps"}"#.utf8))
            }
            after = position
        } else if query["latest"] == "true" {
            after = state.eventJournal.last?.position ?? state.expiredJournalPosition
        }
        let entries = state.eventJournal.lazy.filter { $0.position > after }.prefix(limit)
        func link(_ since: Int) -> String {
            "<\(Self.journalPath)?since=\(since)\(query["limit"] == nil ? "" : "&limit=\(limit)")>; rel=\"next\""
        }
        guard let last = entries.last else {
            return HTTPResponse(
                status: 204,
                headers: [
                    "retry-after": "1",
                    "Link": link(after) + ", <\(Self.journalPath)?since=\(after)>; rel=\"validate\"",
                ])
        }
        let items: [JSONValue] = entries.map { entry in
            var event = entry.event
            event.recipientClientID = clientID
            return ["position": .string(String(entry.position)), "event": event.json]
        }
        let body: JSONValue = [
            "events": .array(items),
            "_page": ["last": .string(String(last.position)), "count": .number(Decimal(items.count))],
        ]
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "application/json", "Link": link(last.position)],
            body: body.jsonData)
    }

    /// Journal entries after `position`, for deliveries.
    func journalEntries(after position: Int) -> [FakeJournalEntry] {
        state.withLock { state in Array(state.eventJournal.lazy.filter { $0.position > position }) }
    }
}
