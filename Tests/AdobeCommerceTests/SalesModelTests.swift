import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// The sales models are the generated `CommerceSchema` ones: what `client.orders` and `client.salesDocuments` read
/// from Adobe's documented samples writes back with every JSON path, and the few hand-written initializers build what
/// Magento reads.
struct SalesModelTests {
    @Test("client.orders.get reads Adobe's sample order and writes back every path: base amounts, taxes, lines")
    func orderGetKeepsEveryPath() async throws {
        let body = try SampleReplay.sample("order.sales-data-order-interface.json")
        let (client, transport) = SampleReplay.client(answering: [body])
        let order = try await client.orders.get(id: 3)
        #expect(transport.sent.first?.url.path.hasSuffix("/V1/orders/3") == true)
        let (lost, equal) = try SampleReplay.compare(order, with: body)
        #expect(lost.isEmpty, "lost \(lost)")
        #expect(equal, "every value written back as read")
        let original = try JSONValue(parsing: Data(body.utf8))
        #expect(order.baseGrandTotal == original["base_grand_total"]?.decimalValue && order.baseGrandTotal != nil)
        #expect(order.shippingTaxAmount == original["shipping_tax_amount"]?.decimalValue)
        #expect(order.subtotalInclTax == original["subtotal_incl_tax"]?.decimalValue && order.subtotalInclTax != nil)
        #expect(order.storeCurrencyCode == original["store_currency_code"]?.stringValue)
        let line = try #require(order.items?.first)
        #expect(line.priceInclTax == original["items"]?.arrayValue?.first?["price_incl_tax"]?.decimalValue)
        #expect(line.rowTotalInclTax == original["items"]?.arrayValue?.first?["row_total_incl_tax"]?.decimalValue)
        let shipping = order.extensionAttributes?.shippingAssignments?.first?.shipping?.address
        #expect(
            shipping?.postcode != nil
                && shipping?.postcode
                    == original["extension_attributes"]?["shipping_assignments"]?.arrayValue?.first?["shipping"]?[
                        "address"]?["postcode"]?.stringValue,
            "the shipping address is typed")
    }

    @Test("client.orders.search reads Adobe's search sample and writes back every path")
    func orderSearchKeepsEveryPath() async throws {
        let body = try SampleReplay.sample(
            "search-orders-fields-filtered.sales-data-order-search-result-interface.json")
        let (client, _) = SampleReplay.client(answering: [body])
        let page = try await client.orders.search(SearchCriteria().filter("increment_id", .eq, "000000001"))
        let original = try JSONValue(parsing: Data(body.utf8))
        #expect(page.items.count == original["items"]?.arrayValue?.count && !page.items.isEmpty)
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(page.items))
        let lost = try #require(original["items"]).leafPaths.subtracting(written.leafPaths)
        #expect(lost.isEmpty, "lost \(lost.sorted())")
        #expect(written == original["items"], "every value written back as read")
    }

    @Test("client.salesDocuments.invoice reads Adobe's sample invoice and writes back every path")
    func invoiceKeepsEveryPath() async throws {
        let body = try SampleReplay.sample("invoice.sales-data-invoice-interface.json")
        let (client, transport) = SampleReplay.client(answering: [body])
        let invoice = try await client.salesDocuments.invoice(id: 1)
        #expect(transport.sent.first?.url.path.hasSuffix("/V1/invoices/1") == true)
        let (lost, equal) = try SampleReplay.compare(invoice, with: body)
        #expect(lost.isEmpty, "lost \(lost)")
        #expect(equal, "every value written back as read")
        let original = try JSONValue(parsing: Data(body.utf8))
        #expect(invoice.baseGrandTotal == original["base_grand_total"]?.decimalValue && invoice.baseGrandTotal != nil)
        #expect(invoice.items?.first?.orderItemID == original["items"]?.arrayValue?.first?["order_item_id"]?.intValue)
    }

    @Test("OrderStatusHistory(comment:) sends the comment with both flags, 0 unless given")
    func statusHistoryInitializer() async throws {
        let (client, transport) = SampleReplay.client(answering: ["true", "true"])
        #expect(try await client.orders.addComment(orderID: 9, OrderStatusHistory(comment: "Exported")))
        var visible = OrderStatusHistory(comment: "Shipped", isVisibleOnFront: 1, isCustomerNotified: 1)
        visible.status = "processing"
        #expect(try await client.orders.addComment(orderID: 9, visible))
        let bodies = try transport.sent.map { try JSONValue(parsing: try #require($0.body)) }
        #expect(
            bodies == [
                [
                    "statusHistory": [
                        "comment": "Exported", "is_customer_notified": 0, "is_visible_on_front": 0,
                        "parent_id": 9,
                    ]
                ],
                [
                    "statusHistory": [
                        "comment": "Shipped", "is_customer_notified": 1, "is_visible_on_front": 1,
                        "parent_id": 9, "status": "processing",
                    ]
                ],
            ])
    }

    @Test("ShipmentTrackCreation(trackNumber:title:) defaults the carrier to custom; a comment is hidden unless set")
    func shipmentRequest() async throws {
        let (client, transport) = SampleReplay.client(answering: ["11", "12"])
        let id = try await client.orders.ship(
            orderID: 5, items: [.init(orderItemID: 7, qty: 2)],
            tracks: [ShipmentTrackCreation(trackNumber: "1Z999", title: "UPS", carrierCode: "ups")],
            comment: .init(comment: "ERP shipment S-1"))
        #expect(id == 11)
        _ = try await client.orders.ship(
            orderID: 5, tracks: [ShipmentTrackCreation(trackNumber: "T-2", title: "Courier")],
            comment: .init(comment: "Seen", isVisibleOnFront: 1))
        let bodies = try transport.sent.map { try JSONValue(parsing: try #require($0.body)) }
        #expect(
            bodies.first
                == [
                    "items": [["order_item_id": 7, "qty": 2]],
                    "tracks": [["carrier_code": "ups", "title": "UPS", "track_number": "1Z999"]],
                    "comment": ["comment": "ERP shipment S-1", "is_visible_on_front": 0],
                    "notify": false,
                ])
        #expect(bodies.last?["tracks"] == [["carrier_code": "custom", "title": "Courier", "track_number": "T-2"]])
        #expect(bodies.last?["comment"] == ["comment": "Seen", "is_visible_on_front": 1])
    }
}
