import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct TransportFaultTests {
    private func client(_ fake: FakeCommerce, retry: RetryPolicy = .none) -> AdobeCommerceClient {
        fake.makeClient { $0.retry = retry }
    }

    @Test(
        "Each broken answer gets its own clear error and nothing crashes",
        arguments: [
            (FakeCommerce.Fault.html(status: 502), "htmlResponse"), (.emptyBody, "emptyBody"),
            (.malformedBody, "malformedResponse"), (.connectionLost, "connectionFailed"), (.status(503), "serverError"),
            (.status(429, retryAfter: "1"), "rateLimited"),
        ])
    func brokenAnswers(fault: FakeCommerce.Fault, code: String) async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        fake.inject(fault)
        do {
            _ = try await client(fake).products.get(sku: "SKU-000001")
            Issue.record("expected \(code)")
        } catch let error as CommerceError {
            #expect(error.code.description == code)
            #expect(error.operationID == "products.getProductsBySKU")
            #expect(error.correlationID != nil)
        }
        #expect(
            try await client(fake).products.get(sku: "SKU-000001").sku == "SKU-000001", "the next request is unaffected"
        )
    }

    @Test("With the default policy, transient faults are retried until the store answers")
    func retriesTransientFaults() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        fake.inject(.status(503), .connectionLost, .html(status: 502))
        let observer = RecordingObserver()
        let client = fake.makeClient {
            $0.retry = RetryPolicy(maximumAttempts: 4, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(2))
            $0.observer = observer
        }
        #expect(try await client.products.get(sku: "SKU-000001").sku == "SKU-000001")
        #expect(observer.retries.count == 3)
        #expect(Set(observer.requests.compactMap(\.correlationID)).count == 1, "all attempts share one correlation id")
    }

    @Test("A response of the wrong shape is a decodingFailed error naming the path")
    func wrongShape() async throws {
        let fake = FakeCommerce()
        let operation = CommerceOperation(
            id: "custom.websites", method: .get, path: "/V1/store/websites", aclResource: "Magento_Backend::store")
        do {
            let _: [Int] = try await fake.makeClient().send(operation)
            Issue.record("expected decodingFailed")
        } catch let error as CommerceError {
            #expect(error.code == .decodingFailed)
            #expect(error.message.contains("[0]"))
        }
        let websites: [Website] = try await fake.makeClient().send(operation)
        #expect(websites.map(\.code) == ["admin", "base"])
    }
}
