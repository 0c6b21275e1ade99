import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The routes the fake serves about itself, as Magento does: its version, its REST schema, and the e-mail check the
/// doctor sends through the async API; and the integration's ACL.
struct FakeSchemaTests {
    private static let schemaOperation = CommerceOperation(
        id: "schema", method: .get, path: "/schema", aclResource: "anonymous")

    private func schema(_ client: AdobeCommerceClient) async throws -> JSONValue {
        try await client.send(Self.schemaOperation, query: [("services", "all")], as: JSONValue.self)
    }

    private func routes(_ document: JSONValue) -> Set<String> {
        var routes: Set<String> = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in (item.objectValue ?? [:]).keys { routes.insert("\(method.uppercased()) \(path)") }
        }
        return routes
    }

    @Test("GET /magento_version answers the major and minor version and the edition, without credentials")
    func magentoVersion() async throws {
        var options = FakeCommerce.Options()
        options.magentoVersion = "2.4.7-p3"
        let fake = FakeCommerce(options: options)
        let response = try await fake.send(
            HTTPRequest(method: .get, url: URL(string: "http://commerce.test/magento_version")!))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "Magento/2.4 (Community)")
    }

    @Test("The schema lists only the routes the caller may use, and the models' definitions with their keys")
    func schemaByCaller() async throws {
        var options = FakeCommerce.Options()
        options.integrationResources = ["Magento_Catalog::products"]
        let fake = FakeCommerce(options: options)

        let integration = try await schema(fake.makeClient())
        #expect(integration["swagger"]?.stringValue == "2.0")
        #expect(integration["basePath"]?.stringValue == "/rest/default")
        let granted = routes(integration)
        #expect(granted.contains("GET /V1/products/{sku}"))
        #expect(granted.contains("POST /V1/customers/isEmailAvailable"), "anonymous routes are everyone's")
        #expect(!granted.contains("GET /V1/orders/{id}"), "Magento_Sales::actions_view is not granted")
        let order = try #require(integration["definitions"]?["sales-data-order-interface"]?["properties"]?.objectValue)
        #expect(Set(order.keys) == CommerceSchema.SalesOrder.schemaKeys)

        let guest = routes(try await schema(fake.makeClient(authentication: CommerceAuthentication.none)))
        let anonymous = Set(
            CommerceOperation.all.filter { $0.aclResource == "anonymous" }.map { "\($0.method) \($0.path)" })
        #expect(guest == anonymous.union(["POST /V1/customers/isEmailAvailable"]))

        let admin = routes(try await schema(FakeCommerce().makeClient()))
        #expect(admin.count == FakeCommerce.operations.count)
        #expect(admin.contains("POST /V1/eventing/eventSubscribe") && admin.contains("GET /V1/webhooks/list"))
    }

    @Test("A resource the integration is not granted is refused with Magento's 401, before the input is read")
    func integrationResources() async throws {
        var options = FakeCommerce.Options()
        options.integrationResources = ["Magento_Catalog::products"]
        let client = FakeCommerce(options: options).makeClient()
        _ = try await client.products.search(SearchCriteria().page(size: 1))
        let error = await #expect(throws: CommerceError.self) {
            try await client.orders.search(SearchCriteria().page(size: 1))
        }
        #expect(error?.httpStatus == 401)
        #expect(error?.message == "The consumer isn't authorized to access Magento_Sales::actions_view.")
    }

    @Test("isEmailAvailable answers false for a customer's address and true for another, also through async")
    func isEmailAvailable() async throws {
        let fake = FakeCommerce()
        _ = try fake.add(Customer(email: "jane@example.com", firstname: "Jane", lastname: "Doe"))
        let client = fake.makeClient()
        let operation = CommerceSchema.Operations.Customers.postCustomersIsEmailAvailableOperation
        let taken: Bool = try await client.send(operation, body: ["customerEmail": "JANE@example.com"] as JSONValue)
        let free: Bool = try await client.send(operation, body: ["customerEmail": "nobody@example.com"] as JSONValue)
        #expect(!taken && free)
        let accepted = try await client.bulk.sendAsync(
            operation, item: BulkItem(body: ["customerEmail": "nobody@example.com"]))
        let status = try await client.bulk.status(bulkUUID: try #require(accepted.bulkUUID))
        #expect(status.operationsList?.map(\.state) == [.complete])
    }
}
