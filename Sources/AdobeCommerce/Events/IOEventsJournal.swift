#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Reads Commerce events from an Adobe I/O Events journal: the pull API for connectors that accept no inbound
/// traffic. The journal keeps a registration's events for 7 days; a consumer reads on from the position of the last
/// event it processed.
///
/// ```swift
/// let journal = IOEventsJournal(url: registrationJournalURL, credentials: credentials, transport: transport)
/// var position: String? = savedPosition
/// let page = try await journal.fetch(since: position, limit: 100)
/// for entry in page.entries { try await handle(entry.event); position = entry.position }
/// if page.entries.isEmpty, let wait = page.retryAfter { try await Task.sleep(for: wait) }
/// ```
public struct IOEventsJournal: Sendable {
    /// How the journal is authenticated: an OAuth server-to-server access token for the Developer Console credential,
    /// its client id, and the IMS organization.
    public struct Credentials: Sendable, CustomStringConvertible {
        /// The credential's client id (sent as `x-api-key`).
        public var clientID: String
        /// The IMS organization id, `<id>@AdobeOrg` (sent as `x-ims-org-id`).
        public var organizationID: String
        /// Returns a current access token (fetch and cache it from Adobe IMS); called before every request.
        public var accessToken: @Sendable () async throws -> String

        /// Creates credentials.
        public init(
            clientID: String, organizationID: String, accessToken: @escaping @Sendable () async throws -> String
        ) {
            self.clientID = clientID
            self.organizationID = organizationID
            self.accessToken = accessToken
        }

        /// The client and organization; never the token.
        public var description: String { "IOEventsJournal.Credentials(clientID: \(clientID), org: \(organizationID))" }
    }

    /// One journal entry.
    public struct Entry: Sendable, Hashable {
        /// The opaque position; reading `since` it returns the entries after it.
        public var position: String
        /// The event.
        public var event: StoreEvent
    }

    /// One response.
    public struct Page: Sendable {
        /// The entries, in journal order; empty at the end of the journal.
        public var entries: [Entry]
        /// At the end of the journal, how long I/O asks the reader to wait before asking again.
        public var retryAfter: Duration?
    }

    /// Where reading starts when there is no position yet.
    public enum Start: Sendable, Hashable {
        /// The oldest event the journal still holds.
        case oldest
        /// After the newest event: only what comes from now on.
        case latest
    }

    private let url: URL
    private let credentials: Credentials
    private let transport: any HTTPTransport

    /// Creates a reader.
    /// - Parameters:
    ///   - url: The registration's journal URL, from the Developer Console.
    ///   - credentials: The credential.
    ///   - transport: How to send requests.
    public init(url: URL, credentials: Credentials, transport: any HTTPTransport) {
        self.url = url
        self.credentials = credentials
        self.transport = transport
    }

    /// Reads the entries after `position`, or from `start` when there is none.
    /// - Parameters:
    ///   - position: The position of the last entry processed, or `nil`.
    ///   - start: Where to begin without a position.
    ///   - limit: The most entries to return, or `nil` for I/O's default.
    /// - Throws: ``StoreEventError`` with ``StoreEventError/Code/journalPositionExpired`` when the position
    ///   is older than the journal keeps (HTTP 410), ``StoreEventError/Code/journal`` for any other refusal, and the
    ///   event errors for an entry that is not an event. A transport failure is rethrown as it is.
    public func fetch(since position: String?, start: Start = .oldest, limit: Int? = nil) async throws -> Page {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false) ?? URLComponents()
        var query = (components.queryItems ?? []).filter { !["since", "latest", "limit"].contains($0.name) }
        if let position {
            query.append(URLQueryItem(name: "since", value: position))
        } else if start == .latest {
            query.append(URLQueryItem(name: "latest", value: "true"))
        }
        if let limit { query.append(URLQueryItem(name: "limit", value: String(max(1, limit)))) }
        components.queryItems = query.isEmpty ? nil : query
        guard let requestURL = components.url else {
            throw StoreEventError(.journal, at: url.path(), "the journal URL could not be formed")
        }
        let token = try await credentials.accessToken()
        let response = try await transport.send(
            HTTPRequest(
                method: .get, url: requestURL,
                headers: [
                    "Authorization": "Bearer \(token)", "x-api-key": credentials.clientID,
                    "x-ims-org-id": credentials.organizationID, "Accept": "application/json",
                ],
                context: RequestContext(timeout: .seconds(30))))
        switch response.status {
        case 200:
            return Page(entries: try Self.entries(in: response.body), retryAfter: nil)
        case 204:
            let seconds = response.headers["retry-after"].flatMap { Int($0.trimmedWhitespace) } ?? 5
            return Page(entries: [], retryAfter: .seconds(max(1, min(seconds, 300))))
        case 410:
            throw StoreEventError(
                .journalPositionExpired, at: "since",
                "the journal no longer holds this position (it keeps 7 days); read from the oldest or latest event and "
                    + "reconcile what was missed")
        default:
            throw StoreEventError(
                .journal, at: url.path(),
                "the journal answered HTTP \(response.status)"
                    + (response.status == 401 || response.status == 403
                        ? "; check the access token, the client id and the organization id" : ""))
        }
    }

    private static func entries(in body: Data) throws(StoreEventError) -> [Entry] {
        let json: JSONValue
        do { json = try JSONValue(parsing: body) } catch {
            throw StoreEventError(.malformedJSON, at: "$", "the journal page is not JSON")
        }
        guard let items = json["events"]?.arrayValue else {
            throw StoreEventError(.journal, at: "$.events", "the journal page has no `events` array")
        }
        return try items.enumerated().map { index, item throws(StoreEventError) in
            guard let position = item["position"]?.stringValue, let event = item["event"] else {
                throw StoreEventError(.notAnEvent, at: "$.events[\(index)]", "expected {position, event}")
            }
            return Entry(position: position, event: try StoreEvent(json: event, at: "$.events[\(index)].event"))
        }
    }
}
