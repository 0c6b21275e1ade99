import AdobeCommerce
import Foundation
import Testing

struct StoreEventTests {
    /// An I/O Events delivery of a Commerce order event, shaped as Adobe documents it (ids and values invented).
    static let delivery = Data(
        #"""
        {"specversion":"1.0","type":"com.adobe.commerce.observer.sales_order_save_commit_after",
         "source":"urn:uuid:5b1e6c3a-0b7d-4c1e-8f36-1d2a3b4c5d6e","id":"7a0f3b7e-1111-4c1e-8f36-000000000001",
         "time":"2026-01-02T03:04:05.678Z","datacontenttype":"application/json",
         "eventid":"e-222","event_id":"e-222","recipientclientid":"client-1","recipient_client_id":"client-1",
         "data":{"key":"k-333","source":"acme.prod",
                 "value":{"entity_id":"42","increment_id":"000000042","status":"pending","grand_total":200,
                          "updated_at":"2026-01-02 03:04:01","items":[{"sku":"X","qty":"2.000000"}]},
                 "_metadata":{"commerceEdition":"Adobe Commerce","commerceVersion":"2.4.8","storeId":"1"}}}
        """#.utf8)

    @Test func readsTheCloudEventsEnvelopeAndCommercesData() throws {
        let events = try StoreEvent.events(in: Self.delivery)
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.name == StoreEventName.orderSaved)
        #expect(event.type == "com.adobe.commerce.observer.sales_order_save_commit_after")
        #expect(event.eventID == "e-222")
        #expect(event.recipientClientID == "client-1")
        #expect(event.key == "k-333")
        #expect(event.storeSource == "acme.prod")
        #expect(event.deduplicationKey == "k-333", "Commerce's tracking id outranks the I/O ids")
        #expect(event.entity == "order:42")
        #expect(event.value["grand_total"]?.decimalValue == 200)
        #expect(event.value["items"]?.arrayValue?.first?["qty"]?.decimalValue == 2)
        #expect(event.metadata?["commerceVersion"]?.stringValue == "2.4.8")
        // updated_at (second precision) is when the change happened; the event time is when I/O made the event.
        #expect(event.occurredAt == Date(timeIntervalSince1970: 1_767_323_041))
        let time = try #require(event.time)
        #expect(abs(time.timeIntervalSince1970 - 1_767_323_045.678) < 0.0005)
    }

    @Test func theJSONItWritesReadsBackEqual() throws {
        let event = try #require(try StoreEvent.events(in: Self.delivery).first)
        let again = try StoreEvent(json: try JSONValue(parsing: event.json.jsonData))
        #expect(again == event)
        #expect(event.json["event_id"]?.stringValue == "e-222", "both spellings are written, as I/O still sends both")
        #expect(event.json["recipient_client_id"]?.stringValue == "client-1")
    }

    @Test func readsBatchesAndJournalEntries() throws {
        let object = try JSONValue(parsing: Self.delivery)
        let batch = JSONValue.array([object, object, object]).jsonData
        #expect(try StoreEvent.events(in: batch).count == 3)
        let entry: JSONValue = ["position": "p-1", "event": object]
        #expect(try StoreEvent(json: entry).eventID == "e-222")
    }

    @Test func olderIdSpellingsAndNumbersAreAccepted() throws {
        let body = Data(
            #"{"type":"com.adobe.commerce.observer.catalog_product_save_commit_after","id":17,"source":"s","event_id":"old","recipient_client_id":"c","data":{"value":{"id":7,"sku":"A"}}}"#
                .utf8)
        let event = try #require(try StoreEvent.events(in: body).first)
        #expect(event.id == "17")
        #expect(event.eventID == "old")
        #expect(event.recipientClientID == "c")
        #expect(event.deduplicationKey == "old")
        #expect(event.entity == "product:7")
        #expect(event.time == nil && event.occurredAt == nil)
    }

    @Test func badBodiesSayWhere() {
        do {
            _ = try StoreEvent.events(in: Data("{not json".utf8))
            Issue.record("not JSON was read")
        } catch {
            #expect(error.code == .malformedJSON)
        }
        do {
            _ = try StoreEvent.events(in: Data(#"[{"type":"t","id":"1"},{"type":"t"}]"#.utf8))
            Issue.record("an event without an id was read")
        } catch {
            #expect(error.code == .notAnEvent)
            #expect(error.place == "$[1].id")
        }
        do {
            _ = try StoreEvent.events(in: Data(#"{"id":"1","type":"t","data":"x"}"#.utf8))
            Issue.record("a string `data` was read")
        } catch {
            #expect(error.code == .notAnEvent)
            #expect(error.place == "$.data")
        }
        do {
            _ = try StoreEvent.events(in: Data("[1]".utf8))
            Issue.record("a number was read as an event")
        } catch {
            #expect(error.place == "$[0]")
        }
    }

    @Test(arguments: [
        ("2026-01-02T03:04:05Z", 1_767_323_045.0),
        ("2026-01-02T03:04:05.5Z", 1_767_323_045.5),
        ("2026-01-02T05:04:05.25+02:00", 1_767_323_045.25),
        ("2026-01-01T22:04:05-05:00", 1_767_323_045.0),
    ])
    func timestampsWithFractionsAndOffsets(text: String, seconds: Double) throws {
        let body = Data(#"{"id":"1","type":"t","time":"\#(text)"}"#.utf8)
        let time = try #require(try StoreEvent.events(in: body).first?.time)
        #expect(abs(time.timeIntervalSince1970 - seconds) < 0.0005)
    }

    @Test(arguments: [
        "2026-01-02 03:04:05", "2026-01-02T03:04:05", "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05+0200",
    ])
    func malformedTimestampsAreNoTime(text: String) throws {
        let body = Data(#"{"id":"1","type":"t","time":"\#(text)"}"#.utf8)
        #expect(try StoreEvent.events(in: body).first?.time == nil)
    }

    @Test func entityKindsOfTheEventsAConnectorNeeds() {
        #expect(StoreEventName.entityKind(of: StoreEventName.orderPlaced) == "order")
        #expect(StoreEventName.entityKind(of: StoreEventName.invoiceSaved) == "invoice")
        #expect(StoreEventName.entityKind(of: StoreEventName.shipmentSaved) == "shipment")
        #expect(StoreEventName.entityKind(of: StoreEventName.creditMemoSaved) == "creditmemo")
        #expect(StoreEventName.entityKind(of: StoreEventName.stockItemSaved) == "stock_item")
        #expect(StoreEventName.entityKind(of: "com.adobe.commerce." + StoreEventName.customerSaved) == "customer")
        #expect(StoreEventName.entityKind(of: "observer.customer_group_save_commit_after") == "customer_group")
        #expect(StoreEventName.entityKind(of: "observer.something_else") == nil)
    }
}
