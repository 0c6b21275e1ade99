import AdobeCommerce
import AdobeCommerceTesting
import CommerceBridge
import CommerceBridgeTesting
import Foundation
import Synchronization
import Testing

/// Refuses draft SKUs, brands every name, and remembers what Commerce completed.
final class BrandedCatalog: CatalogSyncPattern {
    let completed = Mutex<[String]>([])

    func validate(_ product: SourceProduct) throws {
        try DefaultCatalogSync().validate(product)
        if product.sku.hasPrefix("DRAFT-") {
            throw MappingError(record: "product \(product.sku)", field: "sku", message: "drafts are not published")
        }
    }

    func beforeSend(_ product: Product, source: SourceProduct) async throws -> Product {
        var branded = product
        branded.name = product.name.map { "ACME \($0)" }
        return branded
    }

    func afterSend(_ product: Product) async throws {
        completed.withLock { $0.append(product.sku ?? "") }
    }
}

/// Commerce whose consumer fails the first bulk operation retriably, and which refuses the first product PUT: a
/// version's retry then waits in the outbox while a newer version lands.
final class FlakyCatalogCommerce: HTTPTransport {
    let base: FakeCommerce
    private let first = Mutex<(status: Bool, put: Bool)>((true, true))
    init(_ base: FakeCommerce) { self.base = base }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path = request.url.path
        if request.method == .put, path.contains("/V1/products/"), !path.contains("/async/"),
            first.withLock({ state in
                defer { state.put = false }
                return state.put
            })
        {
            return HTTPResponse(status: 503, body: Data(#"{"message":"Service Unavailable"}"#.utf8))
        }
        var response = try await base.send(request)
        if request.method == .get, path.hasSuffix("/status"), first.withLock({ $0.status }),
            var body = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            var operations = body["operations_list"] as? [[String: Any]], !operations.isEmpty
        {
            first.withLock { $0.status = false }
            operations[0]["status"] = 2  // retriably failed
            body["operations_list"] = operations
            response.body = try JSONSerialization.data(withJSONObject: body)
        }
        return response
    }
}

struct CatalogSyncEngineTests {
    private let clock = ManualClock()

    private func setUp(
        chunk: Int = 5_000, pageSize: Int = 10_000, ownership: OwnershipRules = .seedDefaults,
        pattern: any CatalogSyncPattern = DefaultCatalogSync()
    )
        async -> (FakeCommerce, FakeERP, InMemoryConnectorStore, CatalogSyncEngine)
    {
        let commerce = FakeCommerce()
        let pim = FakeERP(time: clock.timeSource())
        let store = InMemoryConnectorStore()
        let client = commerce.makeClient { $0.bulkChunkSize = chunk }
        var configuration = CatalogSyncEngine.Configuration()
        configuration.pageSize = pageSize
        configuration.retries.defaultPolicy.retry = RetryPolicy(
            maximumAttempts: 2, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(1))
        let engine = CatalogSyncEngine(
            commerce: client, source: pim, store: store, ownership: ownership, pattern: pattern,
            configuration: configuration, time: clock.timeSource())
        return (commerce, pim, store, engine)
    }

    private func seed(_ pim: FakeERP, count: Int) async {
        for index in 1...count {
            await pim.setProduct(
                sku: "P-\(index)",
                attributes: ["name": "Product \(index)", "description": "About \(index)", "price": "999"])
        }
    }

    @Test("The initial load creates every product through the bulk API with only the attributes the PIM owns")
    func initialLoad() async throws {
        let (commerce, pim, _, engine) = await setUp()
        await seed(pim, count: 40)
        clock.advance(by: .seconds(1))
        let report = try await engine.sync()
        #expect(report.changed == 40 && report.completed == 40 && report.bulkRequests == 1)
        let product = try #require(commerce.product(sku: "P-7"))
        #expect(product.name == "Product 7" && product.customAttribute("description")?.stringValue == "About 7")
        #expect(product.price == 0, "the ERP owns price: the PIM's price is not sent")
        #expect(
            commerce.requests.allSatisfy { !$0.target.hasPrefix("/rest/default/async") }, "bulk writes go through 'all'"
        )
    }

    @Test("Deltas send only what changed, in ceil(changed / chunk) bulk calls")
    func deltas() async throws {
        let (_, pim, _, engine) = await setUp(chunk: 10)
        await seed(pim, count: 60)
        clock.advance(by: .seconds(1))
        #expect(try await engine.sync().bulkRequests == 6)
        clock.advance(by: .seconds(600))
        for index in 1...25 {
            await pim.setProduct(
                sku: "P-\(index)",
                attributes: ["name": "Renamed \(index)", "description": "About \(index)", "price": "999"])
        }
        await pim.setProduct(sku: "P-30", attributes: ["name": "Product 30", "description": "About 30", "price": "1"])
        clock.advance(by: .seconds(1))
        let report = try await engine.sync()
        #expect(
            report.read == 60 && report.changed == 25 && report.unchanged == 35,
            "the overlap re-reads all; a price change the PIM does not own is no change")
        #expect(report.bulkRequests == 3)
        let quiet = try await engine.sync()
        #expect(quiet.changed == 0 && quiet.bulkRequests == 0, "the overlap re-reads them; the hashes skip them")
    }

    @Test("A delta and a full pass read past one page, through many products changed at one instant")
    func readsPastOnePage() async throws {
        let (commerce, pim, _, engine) = await setUp(pageSize: 50)
        await seed(pim, count: 120)  // all stamped at the same instant
        clock.advance(by: .seconds(1))
        let delta = try await engine.sync()
        #expect(delta.read == 120 && delta.changed == 120 && delta.completed == 120, "\(delta)")
        #expect(commerce.product(sku: "P-120") != nil)
        let full = try await engine.fullPass(detectDrift: false)
        #expect(full.read == 120 && full.changed == 0, "the full pass sees every product, not the first page")
    }

    @Test("Bulk outcomes are matched by the operation's own index: an element rejected at submission shifts nothing")
    func bulkOutcomesByIdentity() async throws {
        struct Lax: CatalogSyncPattern {
            func validate(_ product: SourceProduct) throws {}  // lets an empty SKU through to Magento's refusal
        }
        let (commerce, pim, _, engine) = await setUp(pattern: Lax())
        await pim.setProduct(sku: "A-1", attributes: ["name": "First"])
        await pim.setProduct(sku: "", attributes: ["name": "No SKU"])
        await pim.setProduct(sku: "C-3", attributes: ["name": "Third"])
        clock.advance(by: .seconds(1))
        let report = try await engine.sync()
        #expect(report.completed == 2, "A-1 and C-3 completed; \(report)")
        #expect(commerce.product(sku: "C-3")?.name == "Third")
        #expect(report.retries.delivered == 0, "no completed product is sent again")
    }

    @Test("A retry of an older version that waited in the outbox is dropped once a newer one landed: no revert")
    func staleRetryDropped() async throws {
        let commerce = FakeCommerce()
        let pim = FakeERP(time: clock.timeSource())
        let store = InMemoryConnectorStore()
        let client = AdobeCommerceClient(
            configuration: {
                var configuration = AdobeCommerceConfiguration(
                    baseURL: commerce.baseURL, authentication: .integration(commerce.options.integration))
                configuration.retry = .none
                return configuration
            }(), transport: FlakyCatalogCommerce(commerce))
        var configuration = CatalogSyncEngine.Configuration()
        configuration.retries.defaultPolicy.retry = RetryPolicy(
            maximumAttempts: 5, initialDelay: .milliseconds(100), maximumDelay: .milliseconds(100))
        let engine = CatalogSyncEngine(
            commerce: client, source: pim, store: store, configuration: configuration, time: clock.timeSource())
        await pim.setProduct(sku: "P-1", attributes: ["name": "Version 1"])
        clock.advance(by: .seconds(1))
        let first = try await engine.sync()
        #expect(first.queuedForRetry == 1 && first.retries.retried == 1, "\(first)")
        await pim.setProduct(sku: "P-1", attributes: ["name": "Version 2"])
        clock.advance(by: .seconds(1))
        let second = try await engine.sync()
        #expect(second.completed == 1, "version 2 lands through the bulk API: \(second)")
        #expect(second.retries.delivered == 1, "version 1's retry is settled, not sent")
        #expect(commerce.product(sku: "P-1")?.name == "Version 2", "Commerce is not reverted to version 1")
        let audit = try await store.auditRecords(for: EntityReference(.product, .pim, "P-1"))
        #expect(audit.contains { $0.action == "catalog.staleUpdate" })
    }

    @Test("A full pass overwrites drift in Commerce for fields the PIM owns")
    func drift() async throws {
        let (commerce, pim, _, engine) = await setUp()
        await seed(pim, count: 5)
        clock.advance(by: .seconds(1))
        _ = try await engine.sync()
        var edited = Product(sku: "P-3")
        edited.name = "Edited in the admin"
        _ = try await commerce.makeClient().scoped(to: .all).products.update(edited)
        #expect(try await engine.sync().changed == 0, "a delta pass does not see edits made in Commerce")
        let full = try await engine.fullPass()
        #expect(full.drifted == 1 && full.changed == 1 && full.completed == 1)
        #expect(commerce.product(sku: "P-3")?.name == "Product 3")
    }

    @Test("A failed bulk operation is retried through the outbox and dead-lettered when Commerce refuses it")
    func failures() async throws {
        let ownership = OwnershipRules.seedDefaults.overriding(.product, field: "price", owner: .pim)
        let (commerce, pim, store, engine) = await setUp(ownership: ownership)
        await pim.setProduct(sku: "GOOD", attributes: ["name": "Good", "price": "5"])
        await pim.setProduct(sku: "BAD", attributes: ["name": "Bad", "price": "-1"])
        clock.advance(by: .seconds(1))
        let report = try await engine.sync()
        #expect(report.completed == 1 && report.queuedForRetry == 1)
        #expect(report.retries.deadLettered == 1, "a 400 is not retried")
        #expect(commerce.product(sku: "GOOD")?.price == 5 && commerce.product(sku: "BAD") == nil)
        let letter = try #require(try await store.deadLetters(limit: 5, offset: 0).first)
        #expect(letter.message.topic == "catalog.update" && letter.reason.contains("greater than or equal to 0"))
    }

    @Test("A pattern's steps run per product: refused products are parked once, the rest adjusted and confirmed")
    func patternSteps() async throws {
        let pattern = BrandedCatalog()
        let (commerce, pim, store, engine) = await setUp(pattern: pattern)
        await seed(pim, count: 3)
        await pim.setProduct(sku: "DRAFT-9", attributes: ["name": "Not yet"])
        clock.advance(by: .seconds(1))
        let report = try await engine.sync()
        #expect(report.changed == 3 && report.completed == 3 && report.rejected == 1)
        #expect(commerce.product(sku: "P-2")?.name == "ACME Product 2")
        #expect(commerce.product(sku: "DRAFT-9") == nil)
        #expect(pattern.completed.withLock { $0.sorted() } == ["P-1", "P-2", "P-3"])
        let parked = try await store.reviewItems(limit: 5, offset: 0)
        #expect(parked.map(\.draft.entity.key) == ["DRAFT-9"])
        #expect(parked.first?.draft.reason.contains("drafts are not published") == true)
        let again = try await engine.fullPass(detectDrift: true)
        #expect(again.rejected == 0, "a refused product is parked once, not on every pass")
        #expect(again.drifted == 0 && again.changed == 0, "what before-send adjusted is not mistaken for drift")
        #expect(try await store.reviewItems(limit: 5, offset: 0).count == 1)
    }
}
