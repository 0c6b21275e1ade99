import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct BulkAPITests {
    @Test("A bulk update is chunked to the configured size, every element accepted and completed")
    func chunkedBulk() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 12)
        let client = fake.makeClient { $0.bulkChunkSize = 5 }
        let items = try (1...12).map { index in
            var product = Product(sku: "SKU-\(String(repeating: "0", count: index < 10 ? 5 : 4))\(index)")
            product.price = Decimal(index)
            return try BulkItem(path: ["sku": product.sku!], parts: ["product": product])
        }
        let submission = try await client.scoped(to: .all).bulk.send(.productsUpdate, items: items)
        #expect(submission.responses.count == 3)
        #expect(submission.items.map(\.index) == Array(0..<12))
        #expect(submission.rejected.isEmpty)
        #expect(fake.requests.filter { $0.target.hasPrefix("/rest/all/async/bulk/V1/products/bySku") }.count == 3)
        for uuid in submission.bulkUUIDs {
            let status = try await client.bulk.waitUntilFinished(bulkUUID: uuid, maximumPolls: 1)
            #expect(status.operationsList?.allSatisfy { $0.state == .complete } == true)
        }
        #expect(fake.product(sku: "SKU-000012")?.price == 12)
    }

    @Test("An element Magento refuses while processing ends as failed with its message; a malformed one is rejected")
    func failedOperations() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        let client = fake.makeClient()
        var negative = Product(sku: "SKU-000001")
        negative.price = -5
        let submission = try await client.bulk.send(
            .productsUpdate,
            items: [
                try BulkItem(path: ["sku": "SKU-000001"], parts: ["product": negative]),
                BulkItem(body: ["product": ["price": 1]]),
            ])
        #expect(submission.items.map(\.accepted) == [true, false])
        #expect(submission.rejected.first?.errorMessage == "\"sku\" is required. Enter and try again.")
        let detailed = try await client.bulk.detailedStatus(bulkUUID: try #require(submission.bulkUUIDs.first))
        #expect(detailed.operationsList?.map(\.state) == [.failed], "a rejected element has no operation")
        #expect(detailed.operationsList?.map(\.id) == [0], "an operation's id is its element's index")
        #expect(detailed.operationsList?.first?.resultMessage == "The Price value must be greater than or equal to 0.")
        // Magento's own topic for `PUT /V1/products/{sku}` (as in Adobe's documented bulk status).
        #expect(
            detailed.operationsList?.first?.topicName == "async.magento.catalog.api.productrepositoryinterface.save.put"
        )
    }

    @Test("An async write stays open until the consumer runs; polling gives up with timedOut")
    func asyncOpenUntilConsumed() async throws {
        var options = FakeCommerce.Options()
        options.processesAsyncOperationsImmediately = false
        let fake = FakeCommerce(options: options)
        let client = fake.makeClient()
        var product = Product(sku: "ASYNC-1")
        product.name = "Queued"
        let response = try await client.bulk.sendAsync(.productsCreate, item: try BulkItem(parts: ["product": product]))
        let uuid = try #require(response.bulkUUID)
        #expect(response.requestItems?.first?.status == "accepted")
        #expect(try await client.bulk.status(bulkUUID: uuid).operationsList?.first?.state == .open)
        await #expect(
            performing: { try await client.bulk.waitUntilFinished(bulkUUID: uuid, maximumPolls: 1) },
            throws: {
                ($0 as? CommerceError)?.code == .timedOut
            })
        #expect(fake.product(sku: "ASYNC-1") == nil)
        fake.processAsyncOperations()
        #expect(
            try await client.bulk.waitUntilFinished(bulkUUID: uuid, maximumPolls: 1).operationsList?.first?.state
                == .complete)
        #expect(fake.product(sku: "ASYNC-1")?.name == "Queued")
    }

    @Test("Reads and non-async operations are refused for async and bulk before sending")
    func refusesNonAsync() async throws {
        let fake = FakeCommerce()
        let client = fake.makeClient()
        await #expect(
            performing: { try await client.bulk.send(.productsGet, items: []) },
            throws: { ($0 as? CommerceError)?.code == .invalidRequest })
        await #expect(
            performing: { try await client.bulk.sendAsync(.ordersHold, item: BulkItem(body: [:])) },
            throws: { ($0 as? CommerceError)?.code == .invalidRequest })
        let zero = fake.makeClient { $0.bulkChunkSize = 0 }
        await #expect(
            performing: { try await zero.bulk.send(.productsUpdate, items: [BulkItem(body: [:])]) },
            throws: { ($0 as? CommerceError)?.message == "bulkChunkSize must be at least 1." })
        #expect(fake.requests.isEmpty)
    }

    @Test("Unknown bulk ids answer not found")
    func unknownBulk() async throws {
        await #expect(
            performing: { try await FakeCommerce().makeClient().bulk.status(bulkUUID: "nope") },
            throws: { ($0 as? CommerceError)?.code == .notFound })
    }
}
