import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// Documents other clients write (inline arguments, aliases, fragments, directives, defaults), answered and
/// shaped as Magento would, not only the operations `CommerceGraphQLClient` sends.
struct FakeGraphQLTests {
    private func post(_ fake: FakeCommerce, _ query: String, variables: JSONValue? = nil) async throws -> JSONValue {
        var body: [String: JSONValue] = ["query": .string(query)]
        if let variables { body["variables"] = variables }
        let response = try await fake.send(
            HTTPRequest(
                method: .post, url: URL(string: "http://commerce.test/graphql")!,
                headers: ["Content-Type": "application/json"], body: try JSONEncoder().encode(JSONValue.object(body))))
        return try JSONDecoder().decode(JSONValue.self, from: response.body)
    }

    private func store() throws -> FakeCommerce {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 12)
        return fake
    }

    @Test("Inline arguments, aliases, fragments and __typename shape the answer to exactly what was asked")
    func shapesBySelection() async throws {
        let answer = try await post(
            try store(),
            """
            # a storefront's own query
            query {
              second: products(filter: { sku: { eq: "SKU-000002" } }) {
                total_count
                items { __typename sku ...Prices }
              }
            }
            fragment Prices on ProductInterface { price_range { minimum_price { final_price { value currency } } } }
            """)
        let price = JSONValue.number(Decimal(string: "12.99")!)
        let expected: JSONValue = [
            "data": [
                "second": [
                    "total_count": 1,
                    "items": [
                        [
                            "__typename": "SimpleProduct", "sku": "SKU-000002",
                            "price_range": ["minimum_price": ["final_price": ["value": price, "currency": "USD"]]],
                        ]
                    ],
                ]
            ]
        ]
        #expect(answer == expected)
    }

    @Test("Variables with defaults, enum arguments and @include / @skip")
    func variablesAndDirectives() async throws {
        let answer = try await post(
            try store(),
            """
            query Search($size: Int = 3, $withInfo: Boolean!) {
              products(search: "Product", pageSize: $size, sort: { price: DESC }) {
                items { sku name @skip(if: true) }
                page_info @include(if: $withInfo) { page_size current_page }
              }
            }
            """, variables: ["withInfo": true])
        let products = answer["data"]?["products"]
        #expect(
            products?["items"]?.arrayValue?.map { $0["sku"]?.stringValue } == [
                "SKU-000012", "SKU-000011", "SKU-000010",
            ])
        #expect(products?["items"]?.arrayValue?.first?["name"] == nil, "skipped")
        #expect(products?["page_info"] == ["page_size": 3, "current_page": 1])
    }

    @Test("A guest cart by ad-hoc mutations: createEmptyCart, addProductsToCart inline, then the cart")
    func cartMutations() async throws {
        let fake = try store()
        let created = try await post(fake, "mutation { createEmptyCart }")
        let cartID = try #require(created["data"]?["createEmptyCart"]?.stringValue)
        let added = try await post(
            fake,
            """
            mutation { addProductsToCart(cartId: "\(cartID)", cartItems: [{ sku: "SKU-000003", quantity: 2 }]) {
              cart { total_quantity items { product { sku } quantity } }
              user_errors { code message }
            } }
            """)
        #expect(added["data"]?["addProductsToCart"]?["cart"]?["total_quantity"] == 2)
        #expect(added["data"]?["addProductsToCart"]?["user_errors"] == [])
        let cart = try await post(
            fake, "query ($id: String!) { cart(cart_id: $id) { id total_quantity } }",
            variables: ["id": .string(cartID)])
        #expect(cart == ["data": ["cart": ["id": .string(cartID), "total_quantity": 2]]])
    }

    @Test("Unknown fields, syntax errors, ambiguous and GET mutations get graphql-php's errors")
    func errors() async throws {
        let fake = try store()
        let unknown = try await post(fake, "{ products(search: \"x\") { total_count } nope }")
        #expect(unknown["errors"]?.arrayValue?.first?["message"] == "Cannot query field \"nope\" on type \"Query\".")
        #expect(unknown["data"] == nil, "a document that does not validate is not executed")
        let syntax = try await post(fake, "{ products(search: ) { total_count } }")
        #expect(syntax["errors"]?.arrayValue?.first?["message"]?.stringValue?.hasPrefix("Syntax Error:") == true)
        let ambiguous = try await post(
            fake, "query A { storeConfig { store_code } } query B { storeConfig { locale } }")
        #expect(
            ambiguous["errors"]?.arrayValue?.first?["message"]
                == "Must provide operation name if query contains multiple operations.")
        let productsInMutation = try await post(fake, "mutation { products(search: \"x\") { total_count } }")
        #expect(
            productsInMutation["errors"]?.arrayValue?.first?["message"]
                == "Cannot query field \"products\" on type \"Mutation\".")
        let bare = try await post(fake, "{ products { total_count } }")
        #expect(bare["data"] == ["products": nil])
        #expect(bare["errors"]?.arrayValue?.first?["message"] == "'search' or 'filter' input argument is required.")
        #expect(bare["errors"]?.arrayValue?.first?["path"] == ["products"])
        let zero = try await post(fake, "{ products(search: \"x\", pageSize: 0) { total_count } }")
        #expect(zero["errors"]?.arrayValue?.first?["message"] == "pageSize value must be greater than 0.")
        let viaGet = try await fake.send(
            HTTPRequest(
                method: .get, url: URL(string: "http://commerce.test/graphql?query=mutation%7BcreateEmptyCart%7D")!))
        let refused = try JSONDecoder().decode(JSONValue.self, from: viaGet.body)
        #expect(refused["errors"]?.arrayValue?.first?["message"] == "Mutation requests allowed only for POST requests")
    }
}
