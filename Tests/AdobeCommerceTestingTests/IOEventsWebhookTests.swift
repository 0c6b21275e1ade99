import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Synchronization
import Testing

/// Deliveries of Commerce events by (a fake of) Adobe I/O Events: signed, tampered, unsigned, replayed, batched.
struct IOEventsWebhookTests {
    /// Keeps what the receiver was handed.
    final class Received: Sendable {
        let events = Mutex<[StoreEvent]>([])
        let failNext = Mutex(0)
        func receive(_ batch: [StoreEvent]) throws {
            try failNext.withLock { count in
                if count > 0 {
                    count -= 1
                    throw CommerceError(code: .connectionFailed, message: "the store is away")
                }
            }
            events.withLock { $0.append(contentsOf: batch) }
        }
        var all: [StoreEvent] { events.withLock { $0 } }
    }

    /// Changes each request before the webhook sees it.
    struct Tampering: HTTPEndpoint {
        let inner: any HTTPEndpoint
        let change: @Sendable (inout InboundHTTPRequest) -> Void
        func respond(to request: InboundHTTPRequest) async -> HTTPResponse {
            var request = request
            change(&request)
            return await inner.respond(to: request)
        }
    }

    /// A key host that cannot be reached.
    struct Unreachable: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw CommerceError(code: .connectionFailed, message: "no route to the key host")
        }
    }

    private let clock = ManualClock()

    private func setUp(orders: Int = 3) async throws -> FakeCommerce {
        var options = FakeCommerce.Options()
        options.time = clock.timeSource()
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 2)
        try await fake.makeClient().operations.eventing.postEventingEventSubscribe(
            event: CommerceSchema.AdobeCommerceEventsClientEvent(
                fields: ["entity_id", "increment_id"].map {
                    CommerceSchema.AdobeCommerceEventsClientEventField(name: $0)
                },
                name: StoreEventName.orderSaved))
        for index in 0..<orders {
            try fake.placeOrder(customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
        }
        return fake
    }

    private func webhook(
        _ fake: FakeCommerce, _ received: Received, keys: IOEventsPublicKeys? = nil, clientID: String = "client-1",
        onValidation: (@Sendable (URL) async -> Void)? = nil
    ) -> IOEventsWebhook {
        IOEventsWebhook(
            configuration: .init(clientID: clientID),
            publicKeys: keys ?? IOEventsPublicKeys(transport: fake, host: fake.baseURL, time: clock.timeSource()),
            time: clock.timeSource(), onValidationRequest: onValidation
        ) { events in try received.receive(events) }
    }

    private func keyFetches(_ fake: FakeCommerce) -> Int {
        fake.requests.filter { $0.target.hasPrefix(FakeCommerce.ioEventsKeyPath) }.count
    }

    @Test func answersTheRegistrationChallenge() async throws {
        let fake = FakeCommerce()
        let endpoint = webhook(fake, Received())
        let answer = await endpoint.respond(
            to: InboundHTTPRequest(method: .get, path: "/hook", query: [(name: "challenge", value: "c-42")]))
        #expect(answer.status == 200)
        #expect(answer.headers["Content-Type"] == "application/json")
        #expect(try JSONValue(parsing: answer.body)["challenge"]?.stringValue == "c-42")
        #expect(await endpoint.respond(to: InboundHTTPRequest(method: .get, path: "/hook")).status == 400)
        #expect(await endpoint.respond(to: InboundHTTPRequest(method: .put, path: "/hook")).status == 405)
    }

    @Test func signedDeliveriesAreReceivedAndTheKeyIsFetchedOnce() async throws {
        let fake = try await setUp()
        let received = Received()
        let delivery = FakeEventDelivery(fake: fake, to: .endpoint(webhook(fake, received)), clientID: "client-1")
        let report = await delivery.deliverPending()
        #expect(report.delivered == 3)
        #expect(report.failed.isEmpty)
        #expect(received.all.map { $0.value["entity_id"]?.intValue } == [1, 2, 3])
        #expect(keyFetches(fake) == 1, "the key is cached, not fetched per delivery")
        #expect(await delivery.deliverPending().delivered == 0, "nothing is delivered twice once answered 200")
    }

    @Test func aChangedBodyIsRefusedAndNotReceived() async throws {
        let fake = try await setUp(orders: 1)
        let received = Received()
        let tampered = Tampering(inner: webhook(fake, received)) { request in
            let text = String(decoding: request.body, as: UTF8.self).replacing("\"1\"", with: "\"2\"")
            request.body = Data(text.utf8)
        }
        let report = await FakeEventDelivery(fake: fake, to: .endpoint(tampered), clientID: "client-1").deliverPending()
        #expect(report.failed == [401: 1])
        #expect(received.all.isEmpty)
    }

    @Test func aSingleFlippedBitAnywhereIsRefused() async throws {
        let fake = try await setUp(orders: 1)
        let received = Received()
        let endpoint = webhook(fake, received)
        for bit in stride(from: 0, to: 400, by: 37) {
            let flipped = Tampering(inner: endpoint) { request in
                var bytes = [UInt8](request.body)
                bytes[(bit / 8) % bytes.count] ^= UInt8(1 << (bit % 8))
                request.body = Data(bytes)
            }
            let report = await FakeEventDelivery(fake: fake, to: .endpoint(flipped), clientID: "client-1")
                .deliverPending()
            #expect(report.delivered == 0, "bit \(bit)")
        }
        #expect(received.all.isEmpty)
    }

    @Test func unsignedDeliveriesAndForeignKeyPathsAreRefusedWithoutFetching() async throws {
        let fake = try await setUp(orders: 1)
        let received = Received()
        let endpoint = webhook(fake, received)
        let unsigned = Tampering(inner: endpoint) { request in
            for name in [IOEventsWebhook.Header.signature1, IOEventsWebhook.Header.signature2] {
                request.headers[name] = nil
            }
        }
        #expect(
            await FakeEventDelivery(fake: fake, to: .endpoint(unsigned), clientID: "client-1").deliverPending().failed
                == [401: 1])
        for path in [
            "https://attacker.example/key.pem", "/prod/keys/../../etc/key.pem", "//attacker.example/k.pem", "/k.txt",
        ] {
            let redirected = Tampering(inner: endpoint) { request in
                request.headers[IOEventsWebhook.Header.publicKey1Path] = path
                request.headers[IOEventsWebhook.Header.publicKey2Path] = path
            }
            let report = await FakeEventDelivery(fake: fake, to: .endpoint(redirected), clientID: "client-1")
                .deliverPending()
            #expect(report.failed == [401: 1], "\(path)")
        }
        #expect(keyFetches(fake) == 0)
        #expect(received.all.isEmpty)
    }

    @Test func anUnreachableKeyHostAsksForARetry() async throws {
        let fake = try await setUp(orders: 1)
        let received = Received()
        let keys = IOEventsPublicKeys(transport: Unreachable(), host: fake.baseURL)
        let delivery = FakeEventDelivery(
            fake: fake, to: .endpoint(webhook(fake, received, keys: keys)), clientID: "client-1")
        let report = await delivery.deliverPending()
        #expect(report.failed == [503: 1], "I/O retries 5xx")
        #expect(received.all.isEmpty)
    }

    @Test func anotherRecipientsEventsAreRefused() async throws {
        let fake = try await setUp(orders: 1)
        let received = Received()
        let report = await FakeEventDelivery(
            fake: fake, to: .endpoint(webhook(fake, received)), clientID: "someone-else"
        )
        .deliverPending()
        #expect(report.failed == [401: 1])
        #expect(received.all.isEmpty)
    }

    @Test func replayedOldDeliveriesAreRefusedAsStale() async throws {
        let fake = try await setUp(orders: 1)
        let received = Received()
        let delivery = FakeEventDelivery(fake: fake, to: .endpoint(webhook(fake, received)), clientID: "client-1")
        clock.advance(by: .seconds(4 * 86_400))
        #expect(await delivery.deliverPending().failed == [400: 1])
        #expect(received.all.isEmpty)
    }

    @Test func aReceiverThatCannotStoreGetsTheDeliveryAgain() async throws {
        let fake = try await setUp(orders: 2)
        let received = Received()
        received.failNext.withLock { $0 = 1 }
        let delivery = FakeEventDelivery(fake: fake, to: .endpoint(webhook(fake, received)), clientID: "client-1")
        let first = await delivery.deliverPending()
        #expect(first.failed == [503: 1])
        #expect(first.delivered == 1)
        #expect(await delivery.deliverPending().delivered == 1, "the failed one is delivered again")
        #expect(Set(received.all.compactMap { $0.value["entity_id"]?.intValue }) == [1, 2])
    }

    @Test func batchesDuplicatesAndDisorderAllArrive() async throws {
        let fake = try await setUp(orders: 7)
        let received = Received()
        let delivery = FakeEventDelivery(
            fake: fake, to: .endpoint(webhook(fake, received)), clientID: "client-1",
            options: .init(batchSize: 3, duplicates: true, shuffles: true, seed: 7))
        let report = await delivery.deliverPending()
        #expect(report.delivered == 7)
        #expect(received.all.count == 14, "every batch twice")
        #expect(Set(received.all.map(\.deduplicationKey)).count == 7)
    }

    @Test func anAsynchronousValidationRequestIsHandedOver() async throws {
        let fake = FakeCommerce()
        let urls = Mutex<[URL]>([])
        let endpoint = webhook(fake, Received()) { url in urls.withLock { $0.append(url) } }
        let body = Data(#"{"validationUrl":"https://csm.adobe.io/csm/registrations/validate?id=1&challenge=2"}"#.utf8)
        let key = try RSAPrivateKey(pem: FakeSigningKeys.ioEvents)
        let signature = key.signatureSHA256(for: body).base64EncodedString()
        let answer = await endpoint.respond(
            to: InboundHTTPRequest(
                method: .post, path: "/hook",
                headers: [
                    IOEventsWebhook.Header.signature1: signature,
                    IOEventsWebhook.Header.publicKey1Path: FakeCommerce.ioEventsKeyPath,
                ],
                body: body))
        #expect(answer.status == 200)
        #expect(urls.withLock { $0.map(\.host) } == ["csm.adobe.io"])
    }
}
