import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct AuthenticationTests {
    private func seeded() throws -> FakeCommerce {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 3)
        return fake
    }

    @Test("An admin token is fetched once and reused")
    func adminTokenReused() async throws {
        let fake = try seeded()
        let client = fake.makeClient(authentication: .adminToken(username: "admin", password: "admin123"))
        for _ in 0..<3 { _ = try await client.products.get(sku: "SKU-000001") }
        #expect(fake.requestCount(for: .adminToken) == 1)
    }

    @Test("An expired token is renewed once on 401 and the request succeeds")
    func renewedOn401() async throws {
        let fake = try seeded()
        let observer = RecordingObserver()
        let client = fake.makeClient(authentication: .adminToken(username: "admin", password: "admin123")) {
            $0.observer = observer
        }
        _ = try await client.products.get(sku: "SKU-000001")
        fake.expireTokens()
        let product = try await client.products.get(sku: "SKU-000002")
        #expect(product.sku == "SKU-000002")
        #expect(fake.requestCount(for: .adminToken) == 2)
        #expect(fake.requests.filter { $0.status == 401 }.count == 1)
        let tokenEvents = observer.events.filter { if case .tokenIssued = $0 { true } else { false } }
        #expect(tokenEvents.count == 2)
        #expect(
            observer.requests.allSatisfy { event in
                event.requestHeaders.allSatisfy { $0.name != "Authorization" || $0.value == Redactor.placeholder }
            })
    }

    @Test("Many requests failing with 401 at once share one token renewal")
    func singleFlightRenewal() async throws {
        let fake = try seeded()
        let client = fake.makeClient(authentication: .adminToken(username: "admin", password: "admin123"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<25 { group.addTask { _ = try await client.products.get(sku: "SKU-000003") } }
            try await group.waitForAll()
        }
        #expect(fake.requestCount(for: .adminToken) == 1, "concurrent first use fetches one token")
        fake.expireTokens()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<25 { group.addTask { _ = try await client.products.get(sku: "SKU-000001") } }
            try await group.waitForAll()
        }
        #expect(fake.requestCount(for: .adminToken) == 2, "concurrent 401s renew once")
    }

    @Test("Wrong admin credentials fail with authenticationFailed and Magento's message, never the password")
    func wrongPassword() async throws {
        let fake = try seeded()
        let client = fake.makeClient(authentication: .adminToken(username: "admin", password: "wrong-pass-9"))
        do {
            _ = try await client.products.get(sku: "SKU-000001")
            Issue.record("expected a failure")
        } catch let error as CommerceError {
            #expect(error.code == .authenticationFailed)
            #expect(error.message.contains("sign-in was incorrect"))
            #expect(!"\(error)".contains("wrong-pass-9"))
        }
    }

    @Test("A refused admin sign-in is not tried again for a minute, then after growing pauses: no lockout by retries")
    func refusedSignInBacksOff() async throws {
        let clock = ManualClock()
        var options = FakeCommerce.Options()
        options.time = clock.timeSource()
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 1)
        let client = fake.makeClient(authentication: .adminToken(username: "admin", password: "wrong-pass-9"))
        for _ in 1...25 {
            await #expect(throws: CommerceError.self) { try await client.products.get(sku: "SKU-000001") }
        }
        #expect(fake.requestCount(for: .adminToken) == 1, "25 requests, one sign-in attempt")
        await #expect {
            try await client.products.get(sku: "SKU-000001")
        } throws: { error in
            (error as? CommerceError)?.code == .authenticationFailed
                && (error as? CommerceError)?.message.contains("Not asking again before") == true
        }
        clock.advance(by: .seconds(60))
        await #expect(throws: CommerceError.self) { try await client.products.get(sku: "SKU-000001") }
        #expect(fake.requestCount(for: .adminToken) == 2, "asked again after the first pause")
        clock.advance(by: .seconds(60))
        await #expect(throws: CommerceError.self) { try await client.products.get(sku: "SKU-000001") }
        #expect(fake.requestCount(for: .adminToken) == 2, "the second pause is two minutes")
    }

    @Test("A store with two-factor authentication refuses admin tokens with twoFactorRequired")
    func twoFactor() async throws {
        var options = FakeCommerce.Options()
        options.requiresTwoFactor = true
        let client = FakeCommerce(options: options).makeClient(
            authentication: .adminToken(username: "admin", password: "admin123"))
        await #expect(
            performing: { try await client.store.websites() },
            throws: { ($0 as? CommerceError)?.code == .twoFactorRequired })
    }

    @Test("An integration token sent as bearer is refused unless the store allows it")
    func integrationAsBearer() async throws {
        let token = FakeCommerce.Options().integration.accessToken
        let refused = try seeded().makeClient(authentication: .bearer(token))
        await #expect(
            performing: { try await refused.products.get(sku: "SKU-000001") },
            throws: { error in
                (error as? CommerceError)?.code == .unauthorized
                    && (error as? CommerceError)?.message
                        == "The consumer isn't authorized to access Magento_Catalog::products."
            })
        var options = FakeCommerce.Options()
        options.allowsIntegrationTokenAsBearer = true
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 1)
        #expect(
            try await fake.makeClient(authentication: .bearer(token)).products.get(sku: "SKU-000001").sku
                == "SKU-000001")
    }

    @Test("OAuth timestamps come from the configured time source")
    func oauthTimestampFromTimeSource() async throws {
        let transport = ScriptedTransport([.respond(200)])
        let signing = MiddlewareTransport(
            base: transport,
            middleware: [
                AuthenticationMiddleware(
                    authentication: .integration(FakeCommerce.Options().integration),
                    restBaseURL: URL(string: "http://commerce.test/rest/default")!, tokenTransport: transport,
                    time: ManualClock().timeSource(startingAt: Date(timeIntervalSince1970: 1_700_000_000)))
            ])
        _ = try await signing.send(.test())
        let header = try #require(transport.sent.first?.headers["Authorization"])
        #expect(header.contains("oauth_timestamp=\"1700000000\""), "\(header)")
    }

    @Test("A wrong consumer secret is rejected as an invalid signature")
    func badSignature() async throws {
        var credentials = FakeCommerce.Options().integration
        credentials.consumerSecret = "not-the-secret"
        let client = try seeded().makeClient(authentication: .integration(credentials))
        await #expect(
            performing: { try await client.products.get(sku: "SKU-000001") },
            throws: { error in
                (error as? CommerceError)?.code == .unauthorized
                    && (error as? CommerceError)?.message.contains("signature is invalid") == true
            })
    }

    @Test("A replayed OAuth nonce is rejected")
    func replayedNonce() async throws {
        let fake = try seeded()
        let url = URL(string: "http://commerce.test/rest/default/V1/products/SKU-000001")!
        var request = HTTPRequest(method: .get, url: url)
        request.headers["Authorization"] = OAuth1Signer(credentials: fake.options.integration)
            .authorizationHeader(
                method: .get, url: url, nonce: "fixed-nonce",
                timestamp: Int(fake.options.time.now().timeIntervalSince1970))
        #expect(try await fake.send(request).status == 200)
        let replay = try await fake.send(request)
        #expect(replay.status == 401)
        #expect(String(decoding: replay.body, as: UTF8.self).contains("nonce is already being used"))
    }

    @Test("Guests reach only anonymous routes; customer tokens do not reach admin routes")
    func guestsAndCustomers() async throws {
        let fake = try seeded()
        await #expect(
            performing: { try await fake.makeClient(authentication: CommerceAuthentication.none).store.websites() },
            throws: {
                ($0 as? CommerceError)?.message == "The consumer isn't authorized to access Magento_Backend::store."
            })
        try fake.add(Customer(email: "ann@example.com", firstname: "Ann", lastname: "Lee"), password: "Secret-123")
        let customer = fake.makeClient(authentication: .customerToken(email: "ann@example.com", password: "Secret-123"))
        await #expect(
            performing: { try await customer.orders.search() },
            throws: { ($0 as? CommerceError)?.code == .unauthorized })
        #expect(fake.requestCount(for: .customerToken) == 2, "fetched, then renewed once after the 401")
    }
}
