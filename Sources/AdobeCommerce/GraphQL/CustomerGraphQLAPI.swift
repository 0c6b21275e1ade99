#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Customer tokens, profile and order history over GraphQL: `graphQL.customer`.
public struct CustomerGraphQLAPI: Sendable {
    let client: CommerceGraphQLClient

    struct TokenData: Decodable, Sendable {
        struct Token: Decodable, Sendable { var token: String? }
        var generateCustomerToken: Token?
    }
    struct RevokeData: Decodable, Sendable {
        struct Output: Decodable, Sendable { var result: Bool? }
        var revokeCustomerToken: Output?
    }
    struct CustomerData: Decodable, Sendable { var customer: StorefrontCustomer? }
    struct OrdersData: Decodable, Sendable {
        struct Customer: Decodable, Sendable { var orders: StorefrontOrderPage? }
        var customer: Customer?
    }

    static let generateToken = GraphQLOperation<TokenData>(
        name: "GenerateCustomerToken", document: GraphQLDocuments.generateCustomerToken, kind: .mutation)
    static let revokeToken = GraphQLOperation<RevokeData>(
        name: "RevokeCustomerToken", document: GraphQLDocuments.revokeCustomerToken, kind: .mutation)
    static let profile = GraphQLOperation<CustomerData>(name: "Customer", document: GraphQLDocuments.customer)
    static let orders = GraphQLOperation<OrdersData>(
        name: "CustomerOrders", document: GraphQLDocuments.customerOrders + GraphQLDocuments.money)

    /// Signs a customer in and returns the token; use it with `CommerceAuthentication.bearer`.
    /// - Throws: ``CommerceError`` with ``CommerceError/Code/unauthorized`` for wrong credentials.
    public func generateToken(email: String, password: String) async throws -> String {
        try await client.execute(
            Self.generateToken, variables: ["email": .string(email), "password": .string(password)]
        )
        .value({ $0.generateCustomerToken?.token }, operation: "GenerateCustomerToken")
    }

    /// Revokes the signed-in customer's tokens.
    @discardableResult
    public func revokeToken() async throws -> Bool {
        try await client.execute(Self.revokeToken).value(
            { $0.revokeCustomerToken?.result }, operation: "RevokeCustomerToken")
    }

    /// The signed-in customer.
    /// - Throws: ``CommerceError/Code/unauthorized`` without a customer token.
    public func profile() async throws -> StorefrontCustomer {
        try await client.execute(Self.profile).value({ $0.customer }, operation: "Customer")
    }

    /// One page of the signed-in customer's orders.
    public func orders(pageSize: Int = 20, currentPage: Int = 1) async throws -> StorefrontOrderPage {
        try await client.execute(
            Self.orders,
            variables: ["pageSize": .number(Decimal(pageSize)), "currentPage": .number(Decimal(currentPage))]
        ).value({ $0.customer?.orders }, operation: "CustomerOrders")
    }

    /// Every page of the signed-in customer's orders.
    public func orderPages(pageSize: Int = 20) -> PageSequence<StorefrontOrderPage.Order> {
        PageSequence(pageSize: pageSize) { page in
            let result = try await orders(pageSize: pageSize, currentPage: page)
            return SearchResults(items: result.items ?? [], totalCount: result.totalCount ?? 0)
        }
    }
}
