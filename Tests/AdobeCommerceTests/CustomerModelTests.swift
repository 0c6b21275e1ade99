import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// `Customer`, `CustomerAddress`, `CustomerRegion` and `CustomerGroup` are the generated models: the customer facade
/// reads keep every member of Adobe's documented payloads.
struct CustomerModelTests {
    @Test("client.customers.get reads Adobe's customer sample and writes back every JSON path")
    func getKeepsEverything() async throws {
        let sample = try SampleReplay.sample("customer.")
        let (client, transport) = SampleReplay.client(answering: [sample])
        let customer = try await client.customers.get(id: 2)
        #expect(transport.sent.first?.url.path == "/rest/default/V1/customers/2")
        #expect(customer.extensionAttributes?.isSubscribed == false, "the extension is typed")
        #expect(customer.addresses?.first?.region?.regionCode == "NY")
        #expect(customer.createdAt?.rawValue == "2020-07-22 23:12:47")
        let (lost, same) = try SampleReplay.compare(customer, with: sample)
        #expect(lost.isEmpty, "lost \(lost)")
        #expect(same, "every value written back as read")
    }

    @Test("client.customers.search keeps every member of each customer, and members the schema does not name")
    func searchKeepsEverything() async throws {
        let customer = try SampleReplay.sample("customer.")
            .replacingOccurrences(
                of: "\"is_subscribed\": false", with: "\"is_subscribed\": false, \"module_flag\": true"
            )
            .replacingOccurrences(of: "\"id\": 2,\n", with: "\"id\": 2, \"rewards_balance\": {\"points\": 120},\n")
        let page = #"{"items": [\#(customer)], "total_count": 1}"#
        let (client, _) = SampleReplay.client(answering: [page])
        let found = try await client.customers.search()
        #expect(found.totalCount == 1)
        #expect(found.items.first?.additionalFields["rewards_balance"] == ["points": 120])
        #expect(found.items.first?.extensionAttributes?.additionalFields["module_flag"] == true)
        let (lost, same) = try SampleReplay.compare(SampleReplay.page(found), with: page)
        #expect(lost.isEmpty, "lost \(lost)")
        #expect(same)
    }

    @Test("client.customers.group and searchGroups keep members the schema does not name")
    func groupsKeepEverything() async throws {
        let group = #"""
            {"id": 1, "code": "General", "tax_class_id": 3, "tax_class_name": "Retail Customer",
             "extension_attributes": {"exclude_website_ids": [2]}, "b2b_flag": "x"}
            """#
        let (client, _) = SampleReplay.client(answering: [group, #"{"items": [\#(group)], "total_count": 1}"#])
        let read = try await client.customers.group(id: 1)
        #expect(read.taxClassName == "Retail Customer")
        let (lost, same) = try SampleReplay.compare(read, with: group)
        #expect(lost.isEmpty && same, "lost \(lost)")
        let page = try await client.customers.searchGroups()
        #expect(page.items == [read])
    }

    @Test("A customer created from the generated initializer sends only what was set")
    func createSendsWhatWasSet() async throws {
        let (client, transport) = SampleReplay.client(answering: [#"{"id": 9, "email": "a@example.com"}"#])
        let created = try await client.customers.create(
            Customer(email: "a@example.com", firstname: "A", lastname: "B"), password: "Secret-123")
        #expect(created.id == 9)
        let body = try JSONValue(parsing: try #require(transport.sent.first?.body))
        #expect(
            body == [
                "customer": ["email": "a@example.com", "firstname": "A", "lastname": "B"], "password": "Secret-123",
            ])
    }

    @Test("Custom attributes are set, replaced and read as Magento writes them; lists are kept whole")
    func customAttributes() throws {
        var customer = Customer(email: "a@example.com", firstname: "A", lastname: "B")
        #expect(customer.customAttribute("loyalty_tier") == nil)
        customer.setCustomAttribute("loyalty_tier", to: "gold")
        customer.setCustomAttribute("loyalty_tier", to: "platinum")
        customer.setCustomAttribute("interests", to: ["golf", "tennis"])
        #expect(customer.customAttributes?.count == 2, "setting an attribute again replaces it")
        #expect(customer.customAttribute("loyalty_tier") == "platinum")
        #expect(customer.customAttribute("interests") == ["golf", "tennis"])
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(customer))
        #expect(
            written["custom_attributes"] == [
                ["attribute_code": "loyalty_tier", "value": "platinum"],
                ["attribute_code": "interests", "value": ["golf", "tennis"]],
            ])
        let read = try CommerceJSONDecoder().decode(Customer.self, from: CommerceJSONEncoder().encode(customer))
        #expect(read.customAttribute("interests") == ["golf", "tennis"], "a list reads back as it was written")
        #expect(read == customer)
    }

    @Test("An address's custom attributes are set, replaced and read like a customer's")
    func addressCustomAttributes() throws {
        var address = CustomerAddress(city: "Austin")
        address.setCustomAttribute("floor", to: "3")
        address.setCustomAttribute("floor", to: "4")
        address.setCustomAttribute("doors", to: ["north", "east"])
        #expect(address.customAttributes?.count == 2)
        #expect(address.customAttribute("floor") == "4" && address.customAttribute("doors") == ["north", "east"])
        #expect(address.customAttribute("missing") == nil)
        let json = #"{"city": "Austin", "custom_attributes": [{"attribute_code": "floor", "value": 12}]}"#
        let read = try CommerceJSONDecoder().decode(CustomerAddress.self, from: Data(json.utf8))
        #expect(read.customAttribute("floor") == 12, "a number Magento sent reads as it was sent")
    }
}
