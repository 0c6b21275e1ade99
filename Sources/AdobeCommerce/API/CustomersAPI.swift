/// Customers and customer groups: `client.customers`.
public struct CustomersAPI: Sendable {
    let client: AdobeCommerceClient

    /// A customer by id (`GET /V1/customers/{customerId}`).
    public func get(id: Int) async throws -> Customer {
        try await client.call(.customersGet, path: ["customerId": String(id)])
    }

    /// One page of customers (`GET /V1/customers/search`).
    public func search(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<Customer> {
        try await client.search(.customersSearch, criteria)
    }

    /// Every page of customers matching `criteria`.
    public func pages(_ criteria: SearchCriteria = SearchCriteria()) -> PageSequence<Customer> {
        client.pages(.customersSearch, criteria)
    }

    /// Creates an account (`POST /V1/customers`), with a password or, when `nil`, none (the customer sets one
    /// through the reset e-mail).
    /// - Throws: ``CommerceError/Code/badRequest`` when the e-mail is taken on the website.
    public func create(_ customer: Customer, password: String? = nil) async throws -> Customer {
        var body: [String: any Encodable] = ["customer": customer]
        if let password { body["password"] = password }
        return try await client.call(.customersCreate, body: body)
    }

    /// Updates the customer with `customer.id` (`PUT /V1/customers/{customerId}`).
    /// - Throws: ``CommerceError/Code/invalidRequest`` when the customer has no id.
    public func update(_ customer: Customer) async throws -> Customer {
        guard let id = customer.id else {
            throw CommerceError(
                code: .invalidRequest, message: "The customer has no id; search by e-mail first.",
                operationID: CommerceOperation.customersUpdate.id)
        }
        return try await client.call(.customersUpdate, path: ["customerId": String(id)], body: ["customer": customer])
    }

    /// A customer group by id (`GET /V1/customerGroups/{id}`).
    public func group(id: Int) async throws -> CustomerGroup {
        try await client.call(.customerGroupsGet, path: ["id": String(id)])
    }

    /// One page of customer groups (`GET /V1/customerGroups/search`).
    public func searchGroups(_ criteria: SearchCriteria = SearchCriteria()) async throws -> SearchResults<CustomerGroup>
    {
        try await client.search(.customerGroupsSearch, criteria)
    }
}
