import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct CustomersAPITests {
    @Test("Customers are created with addresses, found by e-mail, and updated")
    func lifecycle() async throws {
        let client = FakeCommerce().makeClient()
        var customer = Customer(email: "ann@example.com", firstname: "Ann", lastname: "Lee")
        var address = CustomerAddress()
        address.street = ["1 Main St"]
        address.city = "Austin"
        address.countryID = "US"
        address.postcode = "78701"
        address.telephone = "555"
        address.firstname = "Ann"
        address.lastname = "Lee"
        address.defaultBilling = true
        customer.addresses = [address]
        let created = try await client.customers.create(customer, password: "Secret-123")
        let id = try #require(created.id)
        #expect(created.groupID == 1 && created.websiteID == 1)
        #expect(created.addresses?.first?.id != nil && created.addresses?.first?.customerID == id)
        let found = try await client.customers.search(SearchCriteria().filter("email", .eq, "ANN@example.com"))
        #expect(found.items.map(\.id) == [id], "e-mail matches case-insensitively, as MySQL does")
        var change = try await client.customers.get(id: id)
        change.lastname = "Smith"
        change.groupID = 2
        let updated = try await client.customers.update(change)
        #expect(updated.lastname == "Smith" && updated.groupID == 2)
        #expect(try await client.customers.group(id: 2).code == "Wholesale")
        #expect(try await client.customers.searchGroups().totalCount == 4)
    }

    @Test("A duplicate e-mail, a bad e-mail, a missing name and an unknown id each get Magento's error")
    func errors() async throws {
        let fake = FakeCommerce()
        let client = fake.makeClient()
        _ = try await client.customers.create(Customer(email: "dup@example.com", firstname: "A", lastname: "B"))
        await #expect(
            performing: {
                try await client.customers.create(Customer(email: "dup@example.com", firstname: "C", lastname: "D"))
            },
            throws: {
                ($0 as? CommerceError)?.message
                    == "A customer with the same email address already exists in an associated website."
            })
        await #expect(
            performing: {
                try await client.customers.create(Customer(email: "not-an-email", firstname: "C", lastname: "D"))
            },
            throws: { ($0 as? CommerceError)?.message == "\"not-an-email\" is not a valid email address." })
        await #expect(
            performing: {
                try await client.customers.create(Customer(email: "x@example.com", firstname: "", lastname: "D"))
            },
            throws: { ($0 as? CommerceError)?.message == "\"firstname\" is required. Enter and try again." })
        await #expect(
            performing: { try await client.customers.get(id: 404) },
            throws: { ($0 as? CommerceError)?.message == "No such entity with customerId = 404" })
        await #expect(
            performing: { try await client.customers.update(Customer(email: "a@b.co", firstname: "A", lastname: "B")) },
            throws: { ($0 as? CommerceError)?.code == .invalidRequest })
    }
}
