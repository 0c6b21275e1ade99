import AdobeCommerce
import AdobeCommerceTesting
import AdobeCommerceURLSession
import CommerceBridgeHTTPServer
import Foundation
import Synchronization
import Testing

/// FakeCommerce calls the webhooks subscribed through `/V1/webhooks/subscribe` at add-to-cart and place-order, as
/// Commerce's webhooks module does: payload, headers and signature, and what a failure or an `exception` does.
struct FakeWebhookCallsTests {
    /// Records each call and answers with a fixed response, after an optional delay.
    final class RecordingEndpoint: HTTPEndpoint {
        let received = Mutex<[InboundHTTPRequest]>([])
        let answer: HTTPResponse
        let delay: Duration

        init(answer: HTTPResponse = WebhookOperation.response(.success), delay: Duration = .zero) {
            self.answer = answer
            self.delay = delay
        }

        func respond(to request: InboundHTTPRequest) async -> HTTPResponse {
            received.withLock { $0.append(request) }
            if delay > .zero { try? await Task.sleep(for: delay) }
            return answer
        }

        var requests: [InboundHTTPRequest] { received.withLock { $0 } }
    }

    static let addItemURL = "https://connector.test/hooks/observer.sales_quote_add_item"
    static let placeURL = "https://connector.test/hooks/plugin.magento.sales.api.order_management.place"
    static let address = CartAddressInput(
        firstname: "Ann", lastname: "Lee", street: ["1 Main St"], city: "Austin", region: "TX", postcode: "78701",
        countryCode: "US", telephone: "5125550100")

    private func store() throws -> FakeCommerce {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 3)  // SKU-000002 and SKU-000003 are in stock
        return fake
    }

    private func subscribe(
        _ fake: FakeCommerce, method: String = "observer.sales_quote_add_item", type: String = "before",
        url: String = addItemURL, hook: String = "stock", required: Bool? = nil, timeout: Int? = nil,
        fallback: String? = nil, fields: [CommerceSchema.AdobeCommerceWebhooksHookField]? = nil,
        headers: [CommerceSchema.AdobeCommerceWebhooksHookHeader]? = nil
    ) async throws {
        try await fake.makeClient().operations.webhooks.postWebhooksSubscribe(
            webhook: CommerceSchema.AdobeCommerceWebhooksWebhook(
                batchName: "checkout", fallbackErrorMessage: fallback, fields: fields, headers: headers,
                hookName: hook, required: required, timeout: timeout, url: url, webhookMethod: method,
                webhookType: type))
    }

    private func storefront(_ fake: FakeCommerce) -> CartGraphQLAPI {
        CommerceGraphQLClient(
            configuration: AdobeCommerceConfiguration(baseURL: fake.baseURL, authentication: .none), transport: fake
        ).cart
    }

    @Test(
        "Add-to-cart calls the subscribed hook with Commerce's payload, the configured headers, the request id and a signature"
    )
    func callsTheHookWithPayloadAndHeaders() async throws {
        let fake = try store()
        let endpoint = RecordingEndpoint()
        fake.routeWebhooks(to: endpoint, for: Self.addItemURL)
        try await subscribe(fake, headers: [.init(name: "x-shop", value: "main")])
        let cart = storefront(fake)
        let cartID = try await cart.createGuestCart()
        let (added, errors) = try await cart.addProducts(
            cartID: cartID, [CartItemInput(sku: "SKU-000002", quantity: 2)])
        #expect(errors.isEmpty)
        #expect(added.items?.first?.quantity == 2)

        let request = try #require(endpoint.requests.first)
        #expect(endpoint.requests.count == 1)
        #expect(request.method == .post)
        #expect(request.path == "/hooks/observer.sales_quote_add_item")
        #expect(request.headers["x-shop"] == "main")
        #expect(request.headers["Content-Type"] == "application/json")
        let call = try #require(fake.webhookCalls.first)
        #expect(request.headers[CommerceWebhookCall.requestIDHeader] == call.requestID)
        #expect(call.result == .answered([.success]))
        let payload = try JSONValue(parsing: request.body)
        #expect(payload["eventName"] == "sales_quote_add_item")
        #expect(payload["data"]?["quoteItem"]?["sku"] == "SKU-000002")
        #expect(payload["data"]?["quoteItem"]?["qty"]?.decimalValue == 2)
        // Magento's numeric quote id, not the storefront's masked cart id.
        let quoteID = try #require(payload["data"]?["quoteItem"]?["quote_id"]?.intValue)
        #expect(quoteID > 0 && "\(quoteID)" != cartID)
        let signature = try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM)
        #expect(throws: Never.self) { try signature.verify(request) }

        // Adding more of a line already in the cart adds no quote item: no call.
        _ = try await cart.addProducts(cartID: cartID, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        #expect(endpoint.requests.count == 1)
    }

    @Test("A hook's fields select what is sent: the mapped paths only")
    func fieldsSelectThePayload() async throws {
        let fake = try store()
        let endpoint = RecordingEndpoint()
        fake.routeWebhooks(to: endpoint, for: Self.addItemURL)
        try await subscribe(
            fake,
            fields: [
                .init(name: "product.sku", source: "data.quoteItem.sku"),
                .init(name: "qty", source: "data.quoteItem.qty"),
            ])
        let cart = storefront(fake)
        let cartID = try await cart.createGuestCart()
        _ = try await cart.addProducts(cartID: cartID, [CartItemInput(sku: "SKU-000003", quantity: 1)])
        let payload = try JSONValue(parsing: try #require(endpoint.requests.first).body)
        #expect(payload == ["product": ["sku": "SKU-000003"], "qty": 1])
    }

    @Test("An exception answer aborts the cart line with its message, as a user error; other lines are added")
    func exceptionAbortsTheLine() async throws {
        let fake = try store()
        let endpoint = RecordingEndpoint(
            answer: WebhookOperation.response(.exception(message: "Only 0 left in the ERP.")))
        fake.routeWebhooks(to: endpoint, for: Self.addItemURL)
        try await subscribe(fake)
        let cart = storefront(fake)
        let cartID = try await cart.createGuestCart()
        let (added, errors) = try await cart.addProducts(
            cartID: cartID, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        #expect(errors.map(\.message) == ["Only 0 left in the ERP."])
        #expect(errors.first?.code == "UNDEFINED")
        #expect(added.items?.isEmpty == true)
    }

    @Test(
        "A required hook that fails or times out aborts the line with its fallback message, or the generic one",
        arguments: [(500, "Stock check unavailable."), (500, nil), (-1, "Stock check unavailable.")])
    func requiredHookFailureAborts(status: Int, fallback: String?) async throws {
        let fake = try store()
        let timesOut = status < 0
        let endpoint = RecordingEndpoint(
            answer: timesOut ? WebhookOperation.response(.success) : HTTPResponse(status: status),
            delay: timesOut ? .seconds(300) : .zero)
        fake.routeWebhooks(to: endpoint, for: Self.addItemURL)
        try await subscribe(fake, timeout: timesOut ? 200 : nil, fallback: fallback)
        let cart = storefront(fake)
        let cartID = try await cart.createGuestCart()
        let started = ContinuousClock.now
        let (added, errors) = try await cart.addProducts(
            cartID: cartID, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        let elapsed = ContinuousClock.now - started
        #expect(errors.map(\.message) == [fallback ?? "Cannot perform the operation due to an error."])
        #expect(added.items?.isEmpty == true)
        let call = try #require(fake.webhookCalls.first)
        if timesOut {
            #expect(call.result == .timedOut)
            #expect(elapsed < .seconds(60), "the hook's 200 ms timeout is hard: \(elapsed), not the endpoint's 300 s")
        } else {
            #expect(call.result == .failed(status: status, reason: "answered \(status)"))
        }
    }

    @Test("An optional hook that fails is recorded and skipped: the line is added")
    func optionalHookFailureIsSkipped() async throws {
        let fake = try store()
        let endpoint = RecordingEndpoint(answer: HTTPResponse(status: 503))
        fake.routeWebhooks(to: endpoint, for: Self.addItemURL)
        try await subscribe(fake, required: false)
        let cart = storefront(fake)
        let cartID = try await cart.createGuestCart()
        let (added, errors) = try await cart.addProducts(
            cartID: cartID, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        #expect(errors.isEmpty)
        #expect(added.items?.count == 1)
        #expect(fake.webhookCalls.map(\.result) == [.failed(status: 503, reason: "answered 503")])
    }

    @Test("A hook URL with no route fails as an unreachable host: a required hook aborts")
    func unroutedHookFails() async throws {
        let fake = try store()
        try await subscribe(fake, url: "https://nowhere.test/hook", fallback: "Try again later.")
        let cart = storefront(fake)
        let cartID = try await cart.createGuestCart()
        let (_, errors) = try await cart.addProducts(cartID: cartID, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        #expect(errors.map(\.message) == ["Try again later."])
        guard case .failed(nil, _)? = fake.webhookCalls.first?.result else {
            Issue.record("expected a failed call without a status, got \(fake.webhookCalls)")
            return
        }
    }

    @Test("Over real HTTP: a client of FakeCommerceServer adds to the cart, and the fake calls a hook on an HTTPServer")
    func overRealHTTP() async throws {
        let fake = try store()
        let endpoint = RecordingEndpoint(answer: WebhookOperation.response(.exception(message: "Sold out upstream.")))
        let hookServer = try HTTPServer(endpoint: endpoint)
        let fakeServer = try FakeCommerceServer(fake: fake)
        defer { fakeServer.shutdown() }
        let transport = URLSessionTransport()
        fake.routeWebhooks(through: transport)
        try await subscribe(
            fake, url: "http://127.0.0.1:\(hookServer.port)/hooks/observer.sales_quote_add_item", timeout: 5_000)
        let cart = CommerceGraphQLClient(
            configuration: AdobeCommerceConfiguration(baseURL: fakeServer.baseURL, authentication: .none),
            transport: transport
        ).cart
        let cartID = try await cart.createGuestCart()
        let (added, errors) = try await cart.addProducts(
            cartID: cartID, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        await hookServer.shutdown()
        #expect(errors.map(\.message) == ["Sold out upstream."])
        #expect(added.items?.isEmpty == true)
        let request = try #require(endpoint.requests.first)
        #expect(request.path == "/hooks/observer.sales_quote_add_item")
        let signature = try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM)
        #expect(throws: Never.self) { try signature.verify(request) }
    }

    @Test("Place-order calls the order-placement hook with the order; an exception refuses the order with its message")
    func placeOrderHookVetoes() async throws {
        let fake = try store()
        let endpoint = RecordingEndpoint(
            answer: WebhookOperation.response(.exception(message: "We cannot ship to 78701.")))
        fake.routeWebhooks(to: endpoint, for: Self.placeURL)
        try await subscribe(fake, method: "plugin.magento.sales.api.order_management.place", url: Self.placeURL)
        let cart = storefront(fake)
        let cartID = try await cart.createGuestCart()
        _ = try await cart.addProducts(cartID: cartID, [CartItemInput(sku: "SKU-000003", quantity: 3)])
        _ = try await cart.setGuestEmail(cartID: cartID, email: "ann@example.com")
        _ = try await cart.setShippingAddress(cartID: cartID, Self.address)
        _ = try await cart.setBillingAddress(cartID: cartID, Self.address)
        _ = try await cart.setShippingMethod(cartID: cartID, carrierCode: "flatrate", methodCode: "flatrate")
        _ = try await cart.setPaymentMethod(cartID: cartID, code: "checkmo")
        await #expect { try await cart.placeOrder(cartID: cartID) } throws: { error in
            (error as? CommerceError)?.message == "We cannot ship to 78701."
        }
        let payload = try JSONValue(parsing: try #require(endpoint.requests.first).body)
        #expect(payload["order"]?["quote_id"]?.intValue != nil, "the numeric quote id")
        #expect(payload["order"]?["items"]?.arrayValue?.count == 1)
        #expect(payload["order"]?["items"]?[0]?["sku"] == "SKU-000003")
        #expect(payload["order"]?["items"]?[0]?["qty_ordered"]?.decimalValue == 3)
        #expect(payload["order"]?["customer_email"] == "ann@example.com")
        #expect(try await fake.makeClient().orders.search(SearchCriteria()).items.isEmpty)
    }
}

extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
