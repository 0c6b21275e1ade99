import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Testing

/// The checkout responder behind FakeCommerce's webhooks: last-unit stock at add-to-cart and place-order from the
/// reservation engine, item prices from the pricing engine, always within the deadline.
struct CheckoutWebhookResponderTests {
    static let base = "https://connector.test/commerce-webhooks/"
    static let address = CartAddressInput(
        firstname: "Ann", lastname: "Lee", street: ["1 Main St"], city: "Austin", region: "TX", postcode: "78701",
        countryCode: "US", telephone: "5125550100")
    static let shortMessage = "The requested qty of \"SKU-000002\" is not available."

    struct Setup {
        let fake: FakeCommerce
        let erp: FakeERP
        let reservations: ReservationEngine
        let pricing: PricingEngine
        let responder: CheckoutWebhookResponder
        var cart: CartGraphQLAPI {
            CommerceGraphQLClient(
                configuration: AdobeCommerceConfiguration(baseURL: fake.baseURL, authentication: .none), transport: fake
            ).cart
        }
    }

    /// A store with SKU-000002 and SKU-000003 in stock in Commerce (100 and more), an ERP with `onHand` of each, and
    /// the responder subscribed to `methods`.
    /// Deadlines far beyond any answer's time on a loaded machine, for the tests that are not about deadlines (the
    /// whole suite runs on two cores in parallel: a 2 s deadline is missed there).
    static var patient: CheckoutWebhookResponder.Configuration {
        var configuration = CheckoutWebhookResponder.Configuration()
        configuration.deadline = .seconds(30)
        return configuration
    }

    private func setUp(
        onHand: Decimal = 1, methods: [CommerceWebhookMethod], reservationTimeout: Duration = .seconds(30),
        configuration: CheckoutWebhookResponder.Configuration = Self.patient
    ) async throws -> Setup {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 3)
        let erp = FakeERP(time: .system)
        for sku in ["SKU-000002", "SKU-000003"] { await erp.setOnHand(sku: sku, quantity: onHand) }
        var reservationConfiguration = ReservationEngine.Configuration()
        reservationConfiguration.timeout = reservationTimeout
        let reservations = ReservationEngine(
            service: erp, store: InMemoryConnectorStore(), configuration: reservationConfiguration, time: .system
        ) { _ in 5 }
        var pricingConfiguration = PricingEngine.Configuration()
        pricingConfiguration.timeout = .seconds(30)
        let pricing = PricingEngine(prices: erp, configuration: pricingConfiguration, time: .system) { _ in
            Decimal(string: "11.99")
        }
        let responder = CheckoutWebhookResponder(
            signature: try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM),
            reservations: reservations, pricing: pricing, configuration: configuration)
        for method in methods {
            let url = Self.base + method.rawValue
            fake.routeWebhooks(to: responder, for: url)
            let type = method == .itemPrices ? "after" : "before"
            try await fake.makeClient().operations.webhooks.postWebhooksSubscribe(
                webhook: CommerceSchema.AdobeCommerceWebhooksWebhook(
                    batchName: "connector", fallbackErrorMessage: "The store cannot check stock now.",
                    hookName: "stock", timeout: 60_000, url: url, webhookMethod: method.rawValue, webhookType: type))
        }
        return Setup(fake: fake, erp: erp, reservations: reservations, pricing: pricing, responder: responder)
    }

    private func readyToPlace(_ cart: CartGraphQLAPI, _ cartID: String) async throws {
        _ = try await cart.setGuestEmail(cartID: cartID, email: "ann@example.com")
        _ = try await cart.setShippingAddress(cartID: cartID, Self.address)
        _ = try await cart.setBillingAddress(cartID: cartID, Self.address)
        _ = try await cart.setShippingMethod(cartID: cartID, carrierCode: "flatrate", methodCode: "flatrate")
        _ = try await cart.setPaymentMethod(cartID: cartID, code: "checkmo")
    }

    private func signed(_ body: JSONValue, path: String, key: String = FakeSigningKeys.commerceWebhooks)
        throws -> InboundHTTPRequest
    {
        let data = body.jsonData
        let signature = try RSAPrivateKey(pem: key).signatureSHA256(
            for: CommerceWebhookSignature.signedMessage(for: data))
        return InboundHTTPRequest(
            method: .post, path: path,
            headers: [
                CommerceWebhookSignature.header: signature.base64EncodedString(), "Content-Type": "application/json",
            ],
            body: data)
    }

    @Test("Two carts race for the last unit at add-to-cart: one gets it, the other the shopper's message")
    func lastUnitRace() async throws {
        let setup = try await setUp(onHand: 1, methods: [.salesQuoteAddItem])
        let cart = setup.cart
        let first = try await cart.createGuestCart()
        let second = try await cart.createGuestCart()
        async let a = cart.addProducts(cartID: first, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        async let b = cart.addProducts(cartID: second, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        let results = try await [a, b]
        let winners = results.filter { $0.errors.isEmpty && $0.cart.items?.count == 1 }
        let losers = results.filter { $0.cart.items?.isEmpty == true }
        #expect(winners.count == 1 && losers.count == 1, "\(results)")
        #expect(losers.first?.errors.map(\.message) == [Self.shortMessage])
        let winner = results[0].errors.isEmpty ? first : second
        // Held under Magento's numeric quote id, which the placed order will carry, not the masked cart id.
        let winnerQuote = String(try #require(setup.fake.quoteID(cartID: winner)))
        #expect(await setup.erp.reservations["\(winnerQuote)/SKU-000002"]?.state == "reserved")
        #expect(setup.responder.statistics.exceptions == 1)
        #expect(setup.responder.statistics.calls[.salesQuoteAddItem] == 2)
        // The loser's refusal is forgotten: once the winner's hold is released, it gets the unit.
        try await setup.reservations.release(
            key: CheckoutWebhookResponder.reservationKey(quoteID: winnerQuote, sku: "SKU-000002"))
        let loser = winner == first ? second : first
        let retry = try await cart.addProducts(cartID: loser, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        #expect(retry.errors.isEmpty)
    }

    @Test("Place-order reserves every line for the cart: a short line vetoes the order, a retry asks the ERP again")
    func placeOrderVeto() async throws {
        let setup = try await setUp(onHand: 2, methods: [.orderPlace])
        let cart = setup.cart
        let cartID = try await cart.createGuestCart()
        _ = try await cart.addProducts(
            cartID: cartID,
            [CartItemInput(sku: "SKU-000002", quantity: 2), CartItemInput(sku: "SKU-000003", quantity: 1)])
        try await readyToPlace(cart, cartID)
        // Another channel takes the ERP's units of the second SKU before this cart is placed.
        _ = try await setup.reservations.reserve(
            key: "pos-sale", lines: [ERPOrderRequest.Line(sku: "SKU-000003", quantity: 2, unitPrice: 0)])
        await #expect {
            try await cart.placeOrder(cartID: cartID)
        } throws: { ($0 as? CommerceError)?.message == "The requested qty of \"SKU-000003\" is not available." }
        #expect(try await setup.fake.makeClient().orders.search(SearchCriteria()).items.isEmpty)
        let quote = try #require(setup.fake.quoteID(cartID: cartID))
        #expect(await setup.erp.reservations["\(quote)/SKU-000002"]?.state == "reserved")

        try await setup.reservations.release(key: "pos-sale")
        let number = try await cart.placeOrder(cartID: cartID)
        #expect(!number.isEmpty)
        #expect(await setup.erp.reservations["\(quote)/SKU-000003"]?.state == "reserved")
        // The placed order carries the quote id its holds are kept under, so the order export can confirm them.
        let placed = try await setup.fake.makeClient().orders.search(SearchCriteria()).items.first
        #expect(placed?.quoteID == quote)
        #expect(await setup.erp.calls["reserve"] == 4, "two lines, the other channel, the refused line again")
        #expect(setup.responder.statistics.calls[.orderPlace] == 2)
    }

    @Test("Item prices are replaced by the pricing engine's, and the cart shows them")
    func itemPriceReplace() async throws {
        let setup = try await setUp(methods: [.itemPrices])
        await setup.erp.setPrice(sku: "SKU-000002", price: Decimal(string: "7.50")!)
        let cart = setup.cart
        let cartID = try await cart.createGuestCart()
        let (added, errors) = try await cart.addProducts(
            cartID: cartID, [CartItemInput(sku: "SKU-000002", quantity: 2)])
        #expect(errors.isEmpty)
        #expect(added.items?.first?.prices?.price?.value == Decimal(string: "7.50"))
        let call = try #require(setup.fake.webhookCalls.first)
        guard case .answered(let operations) = call.result, case .replace(let path, let value, _)? = operations.first
        else {
            Issue.record("expected a replace, got \(call.result)")
            return
        }
        #expect(path == "result/price_updates")
        #expect(value.arrayValue?.first?["base_price"]?.decimalValue == Decimal(string: "7.50"))
        #expect(value.arrayValue?.first?["item_id"]?.intValue == 1)
    }

    @Test("A slow ERP: the reservation engine's own fallback (cached stock) answers within the deadline")
    func slowERPFallsBackWithinTheDeadline() async throws {
        var configuration = CheckoutWebhookResponder.Configuration()
        configuration.deadline = .seconds(60)
        let setup = try await setUp(methods: [], reservationTimeout: .milliseconds(300), configuration: configuration)
        var slow = FakeERP.Faults()
        slow.latency = .seconds(300) ... .seconds(300)
        await setup.erp.setFaults(slow)
        let payload: JSONValue = [
            "eventName": "sales_quote_add_item",
            "data": ["quoteItem": ["sku": "SKU-000002", "qty": "1.0000", "quote_id": "cart-slow"]],
        ]
        let started = ContinuousClock.now
        let answer = await setup.responder.respond(
            to: try signed(payload, path: "/commerce-webhooks/observer.sales_quote_add_item"))
        let elapsed = ContinuousClock.now - started
        #expect(answer.status == 200)
        #expect(try WebhookOperation.operations(in: answer.body) == [.success], "cached stock says 5")
        #expect(elapsed < .seconds(60), "answered in \(elapsed), by the engine's fallback, long before the ERP's 300 s")
        #expect(setup.responder.statistics.lateAnswers == 0)
    }

    @Test("An engine slower than the deadline: the responder answers at the deadline by its policy")
    func engineSlowerThanTheDeadline() async throws {
        var configuration = CheckoutWebhookResponder.Configuration()
        configuration.deadline = .milliseconds(300)
        configuration.whenLate = .refuse(message: "Stock cannot be confirmed right now.")
        let setup = try await setUp(methods: [], reservationTimeout: .seconds(600), configuration: configuration)
        var slow = FakeERP.Faults()
        slow.latency = .seconds(300) ... .seconds(300)
        await setup.erp.setFaults(slow)
        let payload: JSONValue = [
            "order": ["quote_id": "cart-late", "items": [["sku": "SKU-000002", "qty_ordered": 1]]]
        ]
        let started = ContinuousClock.now
        let answer = await setup.responder.respond(
            to: try signed(payload, path: "/commerce-webhooks/plugin.magento.sales.api.order_management.place"))
        let elapsed = ContinuousClock.now - started
        #expect(
            try WebhookOperation.operations(in: answer.body) == [
                .exception(message: "Stock cannot be confirmed right now.")
            ])
        #expect(elapsed < .seconds(60), "answered in \(elapsed), at the deadline, long before the ERP's 300 s")
        #expect(setup.responder.statistics.lateAnswers == 1)
    }

    @Test("Unsigned or badly signed calls are refused with 401 and counted")
    func badSignature() async throws {
        let setup = try await setUp(methods: [])
        let payload: JSONValue = ["eventName": "sales_quote_add_item", "data": ["quoteItem": ["sku": "SKU-000002"]]]
        let path = "/commerce-webhooks/observer.sales_quote_add_item"
        let wrongKey = try signed(payload, path: path, key: FakeSigningKeys.ioEvents)
        #expect(await setup.responder.respond(to: wrongKey).status == 401)
        var unsigned = try signed(payload, path: path)
        unsigned.headers = ["Content-Type": "application/json"]
        #expect(await setup.responder.respond(to: unsigned).status == 401)
        var tampered = try signed(payload, path: path)
        tampered.body = Data(
            String(decoding: tampered.body, as: UTF8.self).replacingOccurrences(of: "000002", with: "000003").utf8)
        #expect(await setup.responder.respond(to: tampered).status == 401)
        #expect(setup.responder.statistics.refusedSignatures == 3)
        #expect(await setup.erp.calls["reserve"] == nil, "nothing reached the engine")
    }

    @Test("A method the responder does not handle is answered success and counted")
    func unknownMethod() async throws {
        let setup = try await setUp(methods: [])
        let answer = await setup.responder.respond(
            to: try signed(
                ["eventName": "customer_login", "data": [:]], path: "/commerce-webhooks/observer.customer_login"))
        #expect(answer.status == 200)
        #expect(try JSONValue(parsing: answer.body) == ["op": "success"])
        #expect(setup.responder.statistics.unknownMethods == 1)
        #expect(setup.responder.statistics.calls[CommerceWebhookMethod(observerEvent: "customer_login")] == 1)
    }
}
