import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The fake's eventing and webhook modules: subscriptions through REST, events emitted as a subscribed store emits
/// them, the I/O Events journal over HTTP.
struct FakeEventingTests {
    private func subscribe(
        _ client: AdobeCommerceClient, _ name: String, fields: [String] = [],
        rules: [CommerceSchema.AdobeCommerceEventsClientEventRule]? = nil, force: Bool? = nil
    ) async throws {
        try await client.operations.eventing.postEventingEventSubscribe(
            event: CommerceSchema.AdobeCommerceEventsClientEvent(
                fields: fields.map { CommerceSchema.AdobeCommerceEventsClientEventField(name: $0) }, name: name,
                rules: rules),
            force: force)
    }

    @Test func aSubscribedStoreEmitsTheSelectedFieldsOfAPlacedOrder() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 2)
        let client = fake.makeClient()
        try await subscribe(client, StoreEventName.orderSaved, fields: ["entity_id", "increment_id", "items[].sku"])
        let order = try fake.placeOrder(
            customerEmail: "a@example.com",
            lines: [.init(sku: "SKU-000001", quantity: 1), .init(sku: "SKU-000002", quantity: 3)])
        let events = fake.emittedEvents
        #expect(events.count == 1, "only the subscribed event is emitted")
        let event = try #require(events.first)
        #expect(event.name == StoreEventName.orderSaved)
        #expect(event.type == StoreEvent.typePrefix + StoreEventName.orderSaved)
        #expect(Set(event.value.objectValue?.keys.map { $0 } ?? []) == ["entity_id", "increment_id", "items"])
        #expect(event.value["entity_id"]?.intValue == order.entityID)
        #expect(
            event.value["items"]?.arrayValue?.compactMap { $0["sku"]?.stringValue } == ["SKU-000001", "SKU-000002"])
        #expect(event.value["items"]?.arrayValue?.first?.objectValue?.count == 1, "only the sku of each item")
        #expect(event.entity == "order:\(order.entityID ?? 0)")
        #expect(event.key != nil && event.eventID != nil && event.key != event.eventID)
    }

    @Test func anUnsubscribedStoreEmitsNothing() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        try fake.placeOrder(customerEmail: "a@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
        #expect(fake.emittedEvents.isEmpty)
    }

    @Test func rulesDecideWhetherAnEventIsEmitted() async throws {
        let fake = FakeCommerce()
        let client = fake.makeClient()
        try await subscribe(
            client, StoreEventName.productSaved, fields: ["sku", "price"],
            rules: [
                CommerceSchema.AdobeCommerceEventsClientEventRule(field: "price", operator: "greaterThan", value: "100")
            ])
        for (sku, price) in [("CHEAP", Decimal(50)), ("DEAR", Decimal(150))] {
            var product = Product(sku: sku)
            product.name = sku.capitalized
            product.price = price
            product.attributeSetID = 4
            _ = try await client.products.create(product)
        }
        #expect(fake.emittedEvents.map { $0.value["sku"]?.stringValue } == ["DEAR"])
        #expect(fake.emittedEvents.first?.value["price"]?.decimalValue == 150)
    }

    @Test func subscriptionsAreValidatedMergedAndListed() async throws {
        let fake = FakeCommerce()
        let client = fake.makeClient()
        await #expect(throws: CommerceError.self) { try await subscribe(client, "") }
        do {
            try await subscribe(client, "sales_order_save_commit_after")
            Issue.record("a name without observer./plugin. was taken")
        } catch let error as CommerceError {
            #expect(error.code == .badRequest)
            #expect(error.message.contains("must start with"))
        }
        try await subscribe(client, StoreEventName.orderSaved, fields: ["entity_id"])
        do {
            try await subscribe(client, StoreEventName.orderSaved, fields: ["status"])
            Issue.record("a second subscription without force was taken")
        } catch let error as CommerceError {
            #expect(error.message.contains("already subscribed"))
        }
        try await client.operations.eventing.putEventingEventSubscribeByName(
            name: StoreEventName.orderSaved,
            event: CommerceSchema.AdobeCommerceEventsClientEvent(
                fields: [CommerceSchema.AdobeCommerceEventsClientEventField(name: "status")]))
        let listed = try await client.operations.eventing.getEventingGetEventSubscriptions()
        #expect(listed.count == 1)
        #expect(listed.first?.fields?.compactMap(\.name) == ["entity_id", "status"], "PUT merges fields")
        try await client.operations.eventing.postEventingEventUnsubscribeByName(name: StoreEventName.orderSaved)
        await #expect(throws: CommerceError.self) {
            try await client.operations.eventing.postEventingEventUnsubscribeByName(name: StoreEventName.orderSaved)
        }
        #expect(try await client.operations.eventing.getEventingGetEventSubscriptions().isEmpty)
    }

    @Test func theJournalPagesFollowsAndExpiresAsIOEventsDoes() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        try await subscribe(fake.makeClient(), StoreEventName.orderSaved, fields: ["entity_id", "increment_id"])
        for index in 0..<5 {
            try fake.placeOrder(customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
        }
        let journal = IOEventsJournal(
            url: fake.journalURL,
            credentials: .init(clientID: "client-1", organizationID: "org@AdobeOrg", accessToken: { "token" }),
            transport: fake)
        var position: String?
        var seen: [Int] = []
        var pages = 0
        while true {
            let page = try await journal.fetch(since: position, limit: 2)
            if page.entries.isEmpty {
                #expect(page.retryAfter == .seconds(1))
                break
            }
            pages += 1
            #expect(page.entries.count <= 2)
            for entry in page.entries {
                #expect(entry.event.recipientClientID == "client-1", "the journal is the registration's")
                seen.append(entry.event.value["entity_id"]?.intValue ?? 0)
            }
            position = page.entries.last?.position
        }
        #expect(seen == [1, 2, 3, 4, 5])
        #expect(pages == 3)
        let latest = try await journal.fetch(since: nil, start: .latest)
        #expect(latest.entries.isEmpty, "latest starts after the newest event")

        fake.expireJournal(through: 3)
        do {
            _ = try await journal.fetch(since: "1")
            Issue.record("an expired position was read")
        } catch let error as StoreEventError {
            #expect(error.code == .journalPositionExpired)
        }
        #expect(try await journal.fetch(since: nil).entries.map(\.position) == ["4", "5"])

        let stranger = IOEventsJournal(
            url: fake.journalURL, credentials: .init(clientID: "", organizationID: "", accessToken: { "t" }),
            transport: fake)
        do {
            _ = try await stranger.fetch(since: nil)
            Issue.record("a journal read without credentials was answered")
        } catch let error as StoreEventError {
            #expect(error.code == .journal)
            #expect(error.message.contains("401"))
        }
    }

    @Test func theEventStreamHearsEventsAsTheyAreEmitted() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        try await subscribe(fake.makeClient(), StoreEventName.orderPlaced)
        let stream = fake.eventStream()
        try fake.placeOrder(customerEmail: "a@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
        var iterator = stream.makeAsyncIterator()
        let event = await iterator.next()
        #expect(event?.name == StoreEventName.orderPlaced)
        #expect(event?.value["increment_id"] != nil, "no fields named: the whole record")
    }

    @Test func webhookSubscriptionsAreValidatedAndListed() async throws {
        let fake = FakeCommerce()
        let webhooks = fake.makeClient().operations.webhooks
        let hook = CommerceSchema.AdobeCommerceWebhooksWebhook(
            batchName: "stock", hookName: "check_stock", required: true, timeout: 2000, url: "http://127.0.0.1:1/hook",
            webhookMethod: "observer.checkout_cart_product_add_before", webhookType: "before")
        try await webhooks.postWebhooksSubscribe(webhook: hook)
        var bad = hook
        bad.webhookType = "around"
        await #expect(throws: CommerceError.self) { try await webhooks.postWebhooksSubscribe(webhook: bad) }
        bad = hook
        bad.hookName = "check-stock"
        await #expect(throws: CommerceError.self) { try await webhooks.postWebhooksSubscribe(webhook: bad) }
        bad = hook
        bad.url = nil
        await #expect(throws: CommerceError.self) { try await webhooks.postWebhooksSubscribe(webhook: bad) }
        let listed = try await webhooks.getWebhooksList()
        #expect(listed.count == 1)
        #expect(listed.first?.timeout == 2000)
        #expect(listed.first?.softTimeout == 0, "defaults are filled in")
        try await webhooks.postWebhooksUnsubscribe(webhook: hook)
        #expect(try await webhooks.getWebhooksList().isEmpty)
        await #expect(throws: CommerceError.self) { try await webhooks.postWebhooksUnsubscribe(webhook: hook) }
    }
}
