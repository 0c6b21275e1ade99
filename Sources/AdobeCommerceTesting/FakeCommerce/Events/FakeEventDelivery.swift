public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Pushes a ``FakeCommerce``'s events to a webhook the way Adobe I/O Events does: `POST`ed one by one (or as
/// `webhook_batch` arrays), signed with the fake's key (served at ``FakeCommerce/ioEventsKeyPath``), with I/O's
/// headers; an event whose delivery is not answered `2xx` is delivered again on the next round, as I/O retries.
///
/// ```swift
/// let delivery = FakeEventDelivery(fake: fake, to: .endpoint(webhook), clientID: "my-client-id")
/// let report = await delivery.deliverPending()      // or delivery.start(every: .milliseconds(20))
/// ```
public final class FakeEventDelivery: Sendable {
    /// Where deliveries go.
    public enum Target: Sendable {
        /// An endpoint in this process.
        case endpoint(any HTTPEndpoint)
        /// A URL, through a transport (a real server on loopback).
        case url(URL, any HTTPTransport)
    }

    /// How the fake misbehaves, as I/O may.
    public struct Options: Sendable {
        /// Events per request: 1 is the `webhook` delivery type, more is `webhook_batch` (I/O sends up to 20).
        public var batchSize: Int
        /// Deliver every request twice (I/O delivers at least once).
        public var duplicates: Bool
        /// Deliver the pending events in a random order (I/O guarantees none).
        public var shuffles: Bool
        /// The generator for ``shuffles``.
        public var seed: UInt64

        /// Creates options: one event per request, once each, in order.
        public init(batchSize: Int = 1, duplicates: Bool = false, shuffles: Bool = false, seed: UInt64 = 1) {
            self.batchSize = max(1, batchSize)
            self.duplicates = duplicates
            self.shuffles = shuffles
            self.seed = seed
        }
    }

    /// What one round delivered.
    public struct Report: Sendable, Hashable {
        /// Events answered `2xx`.
        public var delivered = 0
        /// Events not answered `2xx` (to be delivered again), by status (0 for no answer).
        public var failed: [Int: Int] = [:]
    }

    private struct State {
        var delivered: Set<Int> = []
        var random: SeededRandomNumberGenerator
        var task: Task<Void, Never>?
    }

    private let fake: FakeCommerce
    private let target: Target
    private let clientID: String
    private let options: Options
    private let key: RSAPrivateKey
    private let state: Mutex<State>

    /// Creates a delivery of `fake`'s events to `target`, addressed to `clientID` (the Developer Console client id the
    /// receiver checks).
    public init(fake: FakeCommerce, to target: Target, clientID: String, options: Options = Options()) {
        self.fake = fake
        self.target = target
        self.clientID = clientID
        self.options = options
        self.key = FakeEventing.signingKey
        self.state = Mutex(State(random: SeededRandomNumberGenerator(seed: options.seed)))
    }

    deinit { state.withLock { $0.task?.cancel() } }

    /// Delivers every event not yet answered `2xx`.
    @discardableResult
    public func deliverPending() async -> Report {
        let pending = state.withLock { state in
            var entries = fake.journalEntries(after: 0).filter { !state.delivered.contains($0.position) }
            if options.shuffles { entries.shuffle(using: &state.random) }
            return entries
        }
        var report = Report()
        var start = 0
        while start < pending.count {
            let batch = Array(pending[start..<min(pending.count, start + options.batchSize)])
            start += batch.count
            let request = signedRequest(for: batch)
            var status = await send(request)
            if options.duplicates { status = max(status, await send(request)) }
            if (200..<300).contains(status) {
                report.delivered += batch.count
                state.withLock { state in for entry in batch { state.delivered.insert(entry.position) } }
            } else {
                report.failed[status, default: 0] += batch.count
            }
        }
        return report
    }

    /// Delivers pending events every `interval` until ``stop()``.
    public func start(every interval: Duration = .milliseconds(20)) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                await self.deliverPending()
                try? await Task.sleep(for: interval)
            }
        }
        state.withLock { $0.task = task }
    }

    /// Stops the loop ``start(every:)`` began.
    public func stop() { state.withLock { $0.task?.cancel() } }

    /// The request I/O sends for `entries`, signed over its exact body.
    func signedRequest(for entries: [FakeJournalEntry]) -> InboundHTTPRequest {
        let events = entries.map { entry -> JSONValue in
            var event = entry.event
            event.recipientClientID = clientID
            return event.json
        }
        let body = (entries.count == 1 && options.batchSize == 1 ? events[0] : .array(events)).jsonData
        let signature = key.signatureSHA256(for: body).base64EncodedString()
        var headers: HTTPHeaders = [
            "Content-Type": "application/json; charset=utf-8", "user-agent": "Adobe/1.0",
            IOEventsWebhook.Header.signature1: signature,
            IOEventsWebhook.Header.publicKey1Path: FakeCommerce.ioEventsKeyPath,
            IOEventsWebhook.Header.signature2: signature,
            IOEventsWebhook.Header.publicKey2Path: FakeCommerce.ioEventsKeyPath,
            "x-adobe-delivery-id": UUID().uuidString.lowercased(), "x-adobe-provider": "fake-commerce",
        ]
        if entries.count == 1 {
            headers[IOEventsWebhook.Header.eventID] = entries[0].event.eventID ?? entries[0].event.id
            headers["x-adobe-event-code"] = entries[0].event.type
        }
        return InboundHTTPRequest(method: .post, path: "/", headers: headers, body: body)
    }

    private func send(_ request: InboundHTTPRequest) async -> Int {
        switch target {
        case .endpoint(let endpoint):
            return await endpoint.respond(to: request).status
        case .url(let url, let transport):
            let outgoing = HTTPRequest(
                method: .post, url: url, headers: request.headers, body: request.body,
                context: RequestContext(timeout: .seconds(10)))
            return (try? await transport.send(outgoing).status) ?? 0
        }
    }
}
