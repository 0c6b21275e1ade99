import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The fake's order lifecycle follows Magento: cancellation of what is neither invoiced nor shipped, offline refunds
/// of an order or an invoice with Magento's validation messages, and Adobe Commerce returns.
struct FakeOrderLifecycleTests {
    /// A store with one order of 2 × SKU-000001 (11.99) and 1 × SKU-000002 (12.99), shipping 5 (total 41.97).
    private func placed() throws -> (FakeCommerce, AdobeCommerceClient) {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 3)
        try fake.placeOrder(
            customerEmail: "c@example.com",
            lines: [.init(sku: "SKU-000001", quantity: 2), .init(sku: "SKU-000002", quantity: 1)])
        return (fake, fake.makeClient { $0.retry = .none })
    }

    private func itemID(_ fake: FakeCommerce, _ sku: String) throws -> Int {
        try #require(fake.order(id: 1)?.items?.first { $0.sku == sku }?.itemID)
    }

    /// The message of the error `body` throws.
    private func message(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as CommerceError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test(
        "Cancelling a partly invoiced order cancels the rest and keeps it processing; a fully invoiced one answers false"
    )
    func cancellation() async throws {
        let (fake, client) = try placed()
        let first = try itemID(fake, "SKU-000001")
        _ = try await client.orders.invoice(orderID: 1, items: [.init(orderItemID: first, qty: 2)], capture: true)
        #expect(try await client.orders.cancel(orderID: 1))
        let order = try #require(fake.order(id: 1))
        #expect(order.state == "processing", "something invoiced is left to refund or ship")
        #expect(order.items?.first { $0.sku == "SKU-000001" }?.qtyCanceled == 0)
        #expect(order.items?.first { $0.sku == "SKU-000002" }?.qtyCanceled == 1)
        #expect(try await client.orders.cancel(orderID: 1) == false, "nothing is left to cancel")

        let (other, otherClient) = try placed()
        _ = try await otherClient.orders.invoice(orderID: 1, capture: true)
        #expect(try await otherClient.orders.cancel(orderID: 1) == false)
        #expect(other.order(id: 1)?.state == "processing")
        try await otherClient.orders.hold(orderID: 1)
        #expect(try await otherClient.orders.cancel(orderID: 1) == false, "an order on hold is not cancelled")
    }

    @Test("An invoice refund makes a credit memo of that invoice, within what the invoice holds")
    func invoiceRefund() async throws {
        let (fake, client) = try placed()
        let first = try itemID(fake, "SKU-000001")
        let invoiceID = try await client.orders.invoice(orderID: 1, capture: true)
        let refunds = client.operations.invoice
        let id = try await refunds.postInvoiceByInvoiceIDRefund(
            invoiceID: invoiceID, arguments: .init(adjustmentNegative: 0, adjustmentPositive: 0, shippingAmount: 0),
            comment: .init(comment: "ERP credit memo CM-1"), isOnline: false,
            items: [.init(orderItemID: first, qty: 1)])
        let memo = try await client.operations.creditmemo.getCreditmemoByID(id: id)
        #expect(memo.invoiceID == invoiceID && memo.grandTotal == Decimal(string: "11.99"))
        #expect(memo.comments?.map(\.comment) == ["ERP credit memo CM-1"])
        #expect(try await client.salesDocuments.invoice(id: invoiceID).grandTotal == Decimal(string: "41.97"))
        let order = try #require(fake.order(id: 1))
        #expect(order.totalRefunded == Decimal(string: "11.99") && order.state == "processing")
        let refused = await message {
            _ = try await refunds.postInvoiceByInvoiceIDRefund(
                invoiceID: invoiceID, arguments: .init(shippingAmount: 0), items: [.init(orderItemID: first, qty: 2)])
        }
        #expect(
            refused?.hasPrefix(
                "Creditmemo Document Validation Error(s):\nThe quantity to creditmemo must not be greater than the "
                    + "unrefunded quantity for product SKU \"SKU-000001\".") == true, "\(refused ?? "")")
        #expect(refused?.hasSuffix("\nThe credit memo's total must be positive.") == true)
        // Everything left on the invoice, shipping included by default: the order is closed.
        _ = try await refunds.postInvoiceByInvoiceIDRefund(invoiceID: invoiceID)
        #expect(fake.order(id: 1)?.state == "closed")
        #expect(fake.order(id: 1)?.totalRefunded == Decimal(string: "41.97"))
        let again = await message { _ = try await refunds.postInvoiceByInvoiceIDRefund(invoiceID: invoiceID) }
        #expect(again?.contains("A creditmemo can not be created when an order has a status of closed") == true)
        #expect(again?.contains("We can't create creditmemo for the invoice.") == true)
    }

    @Test("An invoice refund raises the credit memo and order events a subscribed store emits")
    func invoiceRefundEvents() async throws {
        let (fake, client) = try placed()
        let invoiceID = try await client.orders.invoice(orderID: 1, capture: true)
        for name in [StoreEventName.creditMemoSaved, StoreEventName.orderSaved] {
            try await client.operations.eventing.postEventingEventSubscribe(
                event: CommerceSchema.AdobeCommerceEventsClientEvent(
                    fields: [CommerceSchema.AdobeCommerceEventsClientEventField(name: "entity_id")], name: name))
        }
        let id = try await client.operations.invoice.postInvoiceByInvoiceIDRefund(
            invoiceID: invoiceID, arguments: .init(shippingAmount: 0))
        let events = fake.emittedEvents
        #expect(events.map(\.name) == [StoreEventName.creditMemoSaved, StoreEventName.orderSaved])
        #expect(events.first?.value["entity_id"]?.intValue == id)
        #expect(events.last?.value["entity_id"]?.intValue == 1)
    }

    @Test("Order refunds are refused with Magento's messages: nothing paid, on hold, too much money, too much shipping")
    func refundRefusals() async throws {
        let (fake, client) = try placed()
        let unpaid = await message { _ = try await client.orders.refund(orderID: 1) }
        #expect(unpaid?.hasPrefix("Creditmemo Document Validation Error(s):\n") == true)
        #expect(unpaid?.contains("The order does not allow a creditmemo to be created.") == true)
        #expect(unpaid?.contains("We can't create creditmemo for the order.") == true)
        _ = try await client.orders.invoice(orderID: 1, capture: true)
        var shipping = CreditmemoCreationArguments()
        shipping.shippingAmount = 6
        #expect(
            await message { _ = try await client.orders.refund(orderID: 1, arguments: shipping) }
                == "Maximum shipping amount allowed to refund is: $5.00")
        var generous = CreditmemoCreationArguments()
        generous.adjustmentPositive = 100
        let tooMuch = await message { _ = try await client.orders.refund(orderID: 1, arguments: generous) }
        #expect(tooMuch?.contains("The most money available to refund is 41.97.") == true, "\(tooMuch ?? "")")
        let unknown = await message {
            _ = try await client.orders.refund(orderID: 1, items: [.init(orderItemID: 999, qty: 1)])
        }
        #expect(unknown?.contains("that is not part of the original order.") == true)
        try await client.orders.hold(orderID: 1)
        let held = await message { _ = try await client.orders.refund(orderID: 1) }
        #expect(held?.contains("A creditmemo can not be created when an order has a status of holded") == true)
        #expect(try await client.salesDocuments.searchCreditmemos().totalCount == 0, "nothing was created")
        #expect(fake.order(id: 1)?.totalRefunded ?? 0 == 0)
    }

    @Test("Returns: what was shipped can be returned once; status, comments and tracking numbers follow")
    func returns() async throws {
        let (fake, client) = try placed()
        let first = try itemID(fake, "SKU-000001")
        let returns = client.operations.returns
        let request = CommerceSchema.Rma(
            comments: [.init(comment: "ERP return R-1")],
            items: [.init(orderItemID: first, qtyRequested: 2, reason: "7")], orderID: 1, status: "pending")
        #expect(
            await message { _ = try await returns.postReturns(rmaDataObject: request) }
                == "You cannot return Product 1.", "nothing is shipped")
        _ = try await client.orders.ship(orderID: 1)
        let created = try await returns.postReturns(rmaDataObject: request)
        let id = try #require(created.entityID)
        #expect(created.status == "pending" && created.orderIncrementID == "000000001")
        #expect(created.items?.first?.qtyRequested == 2 && created.comments?.first?.comment == "ERP return R-1")
        #expect(
            await message { _ = try await returns.postReturns(rmaDataObject: request) }
                == "You cannot return Product 1.",
            "both units are being returned already")
        let second = try itemID(fake, "SKU-000002")
        var more = request
        more.items = [.init(orderItemID: second, qtyRequested: 2)]
        #expect(
            await message { _ = try await returns.postReturns(rmaDataObject: more) }
                == "A quantity of Product 2 is greater than you can return.", "one was shipped")
        let found = try await returns.getReturns(searchCriteria: SearchCriteria().filter("order_id", .eq, "1"))
        #expect(found.totalCount == 1 && found.items?.first?.entityID == id)

        var change = try await returns.getReturnsByID(id: id)
        change.status = "authorized"
        change.items = change.items?.map { item in
            var item = item
            item.status = "authorized"
            item.qtyAuthorized = 2
            return item
        }
        try await returns.putReturnsByID(id: String(id), rmaDataObject: change)
        let authorized = try await returns.getReturnsByID(id: id)
        #expect(authorized.status == "authorized" && authorized.items?.first?.qtyAuthorized == 2)
        change.items = change.items?.map { item in
            var item = item
            item.qtyAuthorized = 3
            return item
        }
        #expect(
            await message { try await returns.putReturnsByID(id: String(id), rmaDataObject: change) }?.contains(
                "is greater than you can return") == true)
        change.status = "lost"
        #expect(
            await message { try await returns.putReturnsByID(id: String(id), rmaDataObject: change) }
                == "The return status \"lost\" is not valid.")

        try await returns.postReturnsByIDTrackingNumbers(
            id: id, track: .init(carrierCode: "ups", carrierTitle: "UPS", trackNumber: "1ZBACK"))
        #expect(try await returns.getReturnsByIDTrackingNumbers(id: id).items?.map(\.trackNumber) == ["1ZBACK"])
        #expect(
            await message { try await returns.postReturnsByIDTrackingNumbers(id: id, track: .init(carrierCode: "ups")) }
                == "\"track_number\" is required. Enter and try again.")
        try await returns.postReturnsByIDComments(id: String(id), data: .init(comment: "Received at the dock"))
        let comments = try await returns.getReturnsByIDComments(id: id).items?.compactMap(\.comment)
        #expect(comments == ["ERP return R-1", "Received at the dock"])
        #expect(
            await message { _ = try await returns.getReturnsByID(id: 99) }
                == "No such entity with entity_id = 99")
    }
}
