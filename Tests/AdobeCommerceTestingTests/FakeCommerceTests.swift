import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The fake at the wire level: what a hand-written HTTP client would see.
struct FakeCommerceTests {
    private func signed(
        _ fake: FakeCommerce, _ method: HTTPMethod, _ target: String, body: String? = nil,
        contentType: String? = "application/json"
    ) -> HTTPRequest {
        let url = URL(string: "http://commerce.test" + target)!
        var request = HTTPRequest(method: method, url: url, body: body.map { Data($0.utf8) })
        if let contentType, body != nil { request.headers["Content-Type"] = contentType }
        request.headers["Authorization"] = OAuth1Signer(credentials: fake.options.integration).authorizationHeader(
            method: method, url: url, timestamp: Int(fake.options.time.now().timeIntervalSince1970))
        return request
    }

    private func json(_ response: HTTPResponse) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: response.body)
    }

    @Test(
        "A search answers with Magento's envelope, echoing the criteria in snake_case, DESC when no direction is given")
    func searchEnvelope() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 4)
        let response = try await fake.send(
            signed(
                fake, .get,
                "/rest/default/V1/products?search_criteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=sku"
                    + "&search_criteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=SKU-%25"
                    + "&search_criteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=like"
                    + "&searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=sku&searchCriteria%5BpageSize%5D=3"))
        #expect(response.status == 200)
        let body = try json(response)
        #expect(body["total_count"] == 4)
        #expect(
            body["items"]?.arrayValue?.compactMap { $0["sku"]?.stringValue } == [
                "SKU-000004", "SKU-000003", "SKU-000002",
            ])
        #expect(body["search_criteria"]?["sort_orders"]?.arrayValue?.first?["direction"] == "DESC")
        #expect(body["search_criteria"]?["page_size"] == 3)
    }

    @Test("Body requests need a JSON content type and a JSON body; unknown routes answer 404")
    func requestValidation() async throws {
        let fake = FakeCommerce()
        let missing = try await fake.send(signed(fake, .post, "/rest/all/V1/products", body: "{}", contentType: nil))
        #expect(missing.status == 400)
        #expect(try json(missing)["message"] == "Content-Type header is empty.")
        let broken = try await fake.send(signed(fake, .post, "/rest/all/V1/products", body: "{\"product\": "))
        #expect(try json(broken)["message"] == "Decoding error.")
        let noWrapper = try await fake.send(signed(fake, .post, "/rest/all/V1/products", body: "{\"sku\": \"A\"}"))
        #expect(try json(noWrapper)["parameters"]?["fieldName"] == "product")
        let noRoute = try await fake.send(signed(fake, .get, "/rest/default/V1/nothing/here"))
        #expect(noRoute.status == 404)
        #expect(try json(noRoute)["message"] == "Request does not match any route.")
        let wrongMethod = try await fake.send(signed(fake, .delete, "/rest/default/V1/orders"))
        #expect(wrongMethod.status == 404)
    }

    @Test("OAuth parameters are required and the timestamp may not be far in the future")
    func oauthChecks() async throws {
        var options = FakeCommerce.Options()
        options.time = TimeSource(clock: ContinuousClock(), now: { Date(timeIntervalSince1970: 1_000_000) })
        let fake = FakeCommerce(options: options)
        let url = URL(string: "http://commerce.test/rest/default/V1/store/websites")!
        var request = HTTPRequest(method: .get, url: url)
        request.headers["Authorization"] = OAuth1Signer(credentials: options.integration)
            .authorizationHeader(method: .get, url: url, timestamp: 1_000_601)
        #expect(try json(await fake.send(request))["message"] == "The timestamp is invalid. Verify and try again.")
        request.headers["Authorization"] = "OAuth oauth_consumer_key=\"fake-consumer-key\""
        let absent = try await fake.send(request)
        #expect(absent.status == 400)
        request.headers["Authorization"] = OAuth1Signer(credentials: options.integration)
            .authorizationHeader(method: .get, url: url, timestamp: 1_000_599)
        #expect(try await fake.send(request).status == 200)
    }

    @Test("Input limits cap the page size at 300 and default it to 20")
    func inputLimits() async throws {
        var options = FakeCommerce.Options()
        options.inputLimits = true
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 30)
        let tooBig = try await fake.send(
            signed(fake, .get, "/rest/default/V1/products?searchCriteria%5BpageSize%5D=301"))
        #expect(tooBig.status == 400)
        let defaulted = try json(await fake.send(signed(fake, .get, "/rest/default/V1/products?searchCriteria=")))
        #expect(defaulted["items"]?.arrayValue?.count == 20)
        #expect(defaulted["total_count"] == 30)
    }

    @Test("Requests without a store code use the default store view, and a base URL path prefix is honoured")
    func pathForms() async throws {
        var options = FakeCommerce.Options()
        options.baseURL = URL(string: "http://commerce.test/shop")!
        let fake = FakeCommerce(options: options)
        try fake.seedCatalog(productCount: 1)
        let url = URL(string: "http://commerce.test/shop/rest/V1/products/SKU-000001")!
        var request = HTTPRequest(method: .get, url: url)
        request.headers["Authorization"] = OAuth1Signer(credentials: options.integration).authorizationHeader(
            method: .get, url: url, timestamp: Int(options.time.now().timeIntervalSince1970))
        #expect(try await fake.send(request).status == 200)
        #expect(try await fake.makeClient().products.get(sku: "SKU-000001").name == "Product 1")
    }

    @Test("Seeding refuses what Magento would, with its message")
    func seedingErrors() throws {
        let fake = FakeCommerce()
        #expect(
            performing: { try fake.placeOrder(customerEmail: "a@b.co", lines: [.init(sku: "GHOST", quantity: 1)]) },
            throws: {
                ($0 as? CommerceError)?.code == .notFound
            })
        #expect(
            performing: { try fake.placeOrder(customerEmail: "a@b.co", lines: []) },
            throws: { ($0 as? CommerceError)?.code == .badRequest })
        #expect(
            performing: { try fake.add(Customer(email: "bad", firstname: "a", lastname: "b")) },
            throws: {
                ($0 as? CommerceError)?.message == "\"bad\" is not a valid email address."
            })
        #expect(fake.order(id: 1) == nil)
    }

    @Test("A snapshot restores catalog, stock, customers and orders into a new fake; garbage is refused")
    func snapshots() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 12)
        try fake.add(Customer(email: "ann@example.com", firstname: "Ann", lastname: "Lee"))
        let order = try fake.placeOrder(
            customerEmail: "ann@example.com", lines: [.init(sku: "SKU-000003", quantity: 2)])
        _ = try await fake.makeClient().products.get(sku: "SKU-000001")
        let restored = try FakeCommerce(snapshot: try fake.snapshot())
        #expect(restored.requests.isEmpty && !fake.requests.isEmpty, "the request log is not part of a snapshot")
        #expect(restored.product(sku: "SKU-000012") == fake.product(sku: "SKU-000012"))
        #expect(
            restored.order(id: order.entityID ?? 0)?.incrementID == order.incrementID && restored.customerCount == 1)
        #expect(restored.sourceQuantity(sku: "SKU-000003") == fake.sourceQuantity(sku: "SKU-000003"))
        let page = try await restored.makeClient(authentication: .adminToken(username: "admin", password: "admin123"))
            .products.search(SearchCriteria().page(size: 5))
        #expect(page.totalCount == 12)
        try restored.seedCatalog(productCount: 1, skuPrefix: "NEW-")
        #expect(restored.product(sku: "NEW-000001")?.id == 13, "ids continue where the snapshot left off")
        #expect(throws: CommerceError.self) { try FakeCommerce(snapshot: Data("{\"products\": 3}".utf8)) }
    }
}
