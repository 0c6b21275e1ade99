import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct OrdersAPITests {
    private func setUp() throws -> (FakeCommerce, AdobeCommerceClient, Order) {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 5)
        let order = try fake.placeOrder(
            customerEmail: "buyer@example.com",
            lines: [.init(sku: "SKU-000001", quantity: 2), .init(sku: "SKU-000002", quantity: 1)])
        return (fake, fake.makeClient(), order)
    }

    @Test("An order is read by id and found by increment id, with exact totals")
    func readOrder() async throws {
        let (_, client, placed) = try setUp()
        let id = try #require(placed.entityID)
        let order = try await client.orders.get(id: id)
        #expect(order.state == "new" && order.status == "pending")
        #expect(order.items?.count == 2)
        #expect(order.grandTotal == 2 * Decimal(string: "11.99")! + Decimal(string: "12.99")! + 5)
        #expect(order.payment?.method == "checkmo")
        let found = try await client.orders.search(
            SearchCriteria().filter("increment_id", .eq, placed.incrementID ?? ""))
        #expect(found.items.map(\.entityID) == [id])
        await #expect(
            performing: { try await client.orders.get(id: 999) },
            throws: { error in
                (error as? CommerceError)?.message
                    == "The entity that was requested doesn't exist. Verify the entity and try again."
            })
    }

    @Test("Comments are added with a status and listed newest first")
    func comments() async throws {
        let (_, client, placed) = try setUp()
        let id = try #require(placed.entityID)
        var comment = OrderStatusHistory(comment: "Exported to ERP as SO-1001")
        comment.status = "processing"
        #expect(try await client.orders.addComment(orderID: id, comment))
        #expect(try await client.orders.addComment(orderID: id, OrderStatusHistory(comment: "Second")))
        let history = try await client.orders.comments(orderID: id)
        #expect(history.items.map(\.comment) == ["Second", "Exported to ERP as SO-1001"])
        #expect(try await client.orders.get(id: id).status == "processing")
    }

    @Test("Hold and unhold follow the state rules")
    func holdUnhold() async throws {
        let (_, client, placed) = try setUp()
        let id = try #require(placed.entityID)
        #expect(try await client.orders.hold(orderID: id))
        #expect(try await client.orders.get(id: id).state == "holded")
        await #expect(
            performing: { try await client.orders.hold(orderID: id) },
            throws: { error in
                (error as? CommerceError)?.message == "A hold action is not available."
            })
        await #expect(
            performing: { try await client.orders.invoice(orderID: id) },
            throws: { ($0 as? CommerceError)?.code == .badRequest })
        #expect(try await client.orders.unhold(orderID: id))
        #expect(try await client.orders.get(id: id).status == "pending")
    }

    @Test("Invoice with capture, ship with tracking, refund: the order moves to complete, then closed")
    func fulfilment() async throws {
        let (fake, client, placed) = try setUp()
        let id = try #require(placed.entityID)
        let invoiceID = try await client.orders.invoice(orderID: id, capture: true)
        let invoice = try await client.salesDocuments.invoice(id: invoiceID)
        #expect(invoice.state == 2 && invoice.grandTotal == placed.grandTotal)
        #expect(try await client.orders.get(id: id).state == "processing")

        let firstLine = try #require(placed.items?.first?.itemID)
        let shipmentID = try await client.orders.ship(
            orderID: id, items: [.init(orderItemID: firstLine, qty: 2)],
            tracks: [ShipmentTrackCreation(trackNumber: "1Z999", title: "UPS", carrierCode: "ups")])
        let shipment = try await client.salesDocuments.shipment(id: shipmentID)
        #expect(shipment.tracks?.map(\.trackNumber) == ["1Z999"])
        #expect(shipment.totalQty == 2)
        #expect(fake.sourceQuantity(sku: "SKU-000001") == 99, "shipping deducts the source quantity")
        #expect(
            try await client.salesDocuments.searchShipments(SearchCriteria().filter("order_id", .eq, "\(id)"))
                .totalCount == 1)
        _ = try await client.orders.ship(orderID: id)
        #expect(try await client.orders.get(id: id).state == "complete")
        await #expect(
            performing: { try await client.orders.ship(orderID: id) },
            throws: { ($0 as? CommerceError)?.code == .badRequest })

        var noShipping = CreditmemoCreationArguments()
        noShipping.shippingAmount = 0  // without it Magento refunds the shipping left as well
        let memoID = try await client.orders.refund(orderID: id, arguments: noShipping)
        #expect(try await client.salesDocuments.creditmemo(id: memoID).grandTotal == Decimal(string: "36.97"))
        let refunded = try await client.orders.get(id: id)
        #expect(refunded.totalRefunded == Decimal(string: "36.97"))
        #expect(try await client.salesDocuments.searchCreditmemos().totalCount == 1)
        #expect(try await client.salesDocuments.searchInvoices().totalCount == 1)
    }

    @Test("Bad lines, bad tracks and over-refunds are refused")
    func refusals() async throws {
        let (_, client, placed) = try setUp()
        let id = try #require(placed.entityID)
        await #expect(
            performing: {
                try await client.orders.invoice(orderID: id, items: [.init(orderItemID: 999, qty: 1)])
            },
            throws: {
                ($0 as? CommerceError)?.message
                    == "The invoice can't be created without products. Add products and try again."
            })
        await #expect(
            performing: {
                try await client.orders.ship(
                    orderID: id, tracks: [ShipmentTrackCreation(trackNumber: "", title: "UPS")])
            },
            throws: { ($0 as? CommerceError)?.code == .badRequest })
        await #expect(
            performing: { try await client.orders.refund(orderID: id) },
            throws: {
                ($0 as? CommerceError)?.message.hasPrefix(
                    "Creditmemo Document Validation Error(s):\nThe order does not allow a creditmemo to be created.")
                    == true
            })
        let invoiceID = try await client.orders.invoice(orderID: id)
        #expect(try await client.salesDocuments.captureInvoice(id: invoiceID) == "true")
        await #expect(
            performing: { try await client.salesDocuments.captureInvoice(id: invoiceID) },
            throws: { ($0 as? CommerceError)?.message == "The capture action is not available." })
        var arguments = CreditmemoCreationArguments()
        arguments.adjustmentPositive = 1_000
        await #expect(
            performing: { try await client.orders.refund(orderID: id, arguments: arguments) },
            throws: {
                ($0 as? CommerceError)?.message
                    == "Creditmemo Document Validation Error(s):\nThe most money available to refund is 41.97."
            })
    }

    @Test("Cancel releases reservations; a canceled order cannot be canceled again")
    func cancel() async throws {
        let (fake, client, placed) = try setUp()
        let id = try #require(placed.entityID)
        #expect(try await client.inventory.salableQuantity(sku: "SKU-000001", stockID: 1) == 99)
        #expect(try await client.orders.cancel(orderID: id))
        #expect(try await client.orders.cancel(orderID: id) == false)
        #expect(fake.order(id: id)?.state == "canceled")
        #expect(try await client.inventory.salableQuantity(sku: "SKU-000001", stockID: 1) == 101)
    }

    @Test("Every pending order is paged through", .timeLimit(.minutes(1)))
    func pagesOrders() async throws {
        let (fake, client, _) = try setUp()
        for index in 0..<24 {
            try fake.placeOrder(customerEmail: "c\(index)@example.com", lines: [.init(sku: "SKU-000003", quantity: 1)])
        }
        var count = 0
        for try await order in client.orders.all(SearchCriteria().filter("status", .eq, "pending").page(size: 7)) {
            #expect(order.status == "pending")
            count += 1
        }
        #expect(count == 25)
        #expect(fake.requestCount(for: .ordersSearch) == 4)
    }
}
