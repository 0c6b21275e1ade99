import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

struct GraphQLClientTests {
    private func graphQL(_ fake: FakeCommerce, authentication: CommerceAuthentication = .none) -> CommerceGraphQLClient
    {
        CommerceGraphQLClient(
            configuration: AdobeCommerceConfiguration(baseURL: fake.baseURL, authentication: authentication),
            transport: fake,
            headers: .init(store: .default, currency: "USD"))
    }

    private let address = CartAddressInput(
        firstname: "Ann", lastname: "Lee", street: ["1 Main St"], city: "Austin", region: "TX", postcode: "78701",
        countryCode: "US", telephone: "5125550100")

    private func store() throws -> FakeCommerce {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 30)
        try fake.addConfigurableProduct(
            sku: "MH01", name: "Chaz Hoodie",
            variants: [
                .init(sku: "MH01-Black", label: "Black", price: Decimal(string: "52.00")!, quantity: 10),
                .init(sku: "MH01-Red", label: "Red", price: Decimal(string: "54.00")!, quantity: 0),
            ])
        return fake
    }

    @Test("A product written over REST is read back over GraphQL, with prices, stock and categories")
    func productsBySKU() async throws {
        let fake = try store()
        var product = Product(sku: "NEW-1")
        product.name = "Written over REST"
        product.price = Decimal(string: "19.99")
        product.extensionAttributes = CommerceSchema.CatalogProductExtension(
            categoryLinks: [CategoryLink(categoryID: "4")])
        try await fake.makeClient().products.create(product)
        try await fake.makeClient().inventory.sourceItems.save([
            SourceItem(sku: "NEW-1", sourceCode: "default", quantity: 3)
        ])
        let found = try #require(try await graphQL(fake).catalog.product(sku: "NEW-1"))
        #expect(found.name == "Written over REST")
        #expect(found.priceRange?.minimumPrice?.finalPrice == Money(value: Decimal(string: "19.99"), currency: "USD"))
        #expect(found.stockStatus == "IN_STOCK" && found.typename == "SimpleProduct")
        #expect(found.categories?.map(\.name) == ["Bags"])
        #expect(
            try await graphQL(fake).catalog.products(skus: ["SKU-000001", "nope", "SKU-000002"]).map(\.sku) == [
                "SKU-000001", "SKU-000002",
            ])
    }

    @Test("Configurable products list options and variants with their stock")
    func configurable() async throws {
        let hoodie = try #require(try await graphQL(try store()).catalog.product(sku: "MH01"))
        #expect(hoodie.typename == "ConfigurableProduct")
        #expect(hoodie.configurableOptions?.first?.values?.map(\.label) == ["Black", "Red"])
        #expect(hoodie.variants?.map { $0.product?.stockStatus } == ["IN_STOCK", "OUT_OF_STOCK"])
        #expect(hoodie.priceRange?.maximumPrice?.regularPrice?.value == Decimal(string: "54"))
    }

    @Test("Search filters, sorts, pages and returns facets; pages stop by total_count")
    func search() async throws {
        let fake = try store()
        let client = graphQL(fake)
        let page = try await client.catalog.search(
            text: "product 1", filter: ["price": ["from": "15", "to": "30"]], sort: ["price": "DESC"], pageSize: 3)
        #expect(page.items?.map(\.sku) == ["SKU-000019", "SKU-000018", "SKU-000017"])
        #expect(page.totalCount == 10 && page.pageInfo?.totalPages == 4, "Product 10 to 19 cost 20.99 to 29.99")
        #expect(page.aggregations?.first?.attributeCode == "category_id")
        let all = try await client.catalog.pages(pageSize: 7).collect()
        #expect(all.count == 31, "30 simple products and the configurable parent; variants are not visible")
        #expect(fake.requests.filter { $0.operationID == "graphql" }.count == 1 + 5)
        await #expect(
            performing: { try await client.catalog.search(pageSize: 10, currentPage: 9) },
            throws: { error in
                (error as? CommerceError)?.code == .badRequest
                    && (error as? CommerceError)?.message
                        == "currentPage value 9 specified is greater than the 4 page(s) available."
            })
    }

    @Test("Cacheable queries go by GET with Store and Content-Currency headers; mutations by POST")
    func transportShape() async throws {
        let fake = try store()
        let observer = RecordingObserver()
        var configuration = AdobeCommerceConfiguration(baseURL: fake.baseURL, authentication: .none)
        configuration.observer = observer
        let client = CommerceGraphQLClient(
            configuration: configuration, transport: fake,
            headers: .init(store: .default, currency: "EUR", cacheID: "abc"))
        _ = try await client.catalog.storeConfig()
        _ = try await client.cart.createGuestCart()
        let requests = observer.requests
        #expect(requests.map(\.method) == [.get, .post])
        #expect(requests[0].url.contains("operationName=StoreConfig"))
        let headers = Dictionary(requests[0].requestHeaders.map { ($0.name, $0.value) }) { first, _ in first }
        #expect(
            headers["Store"] == "default" && headers["Content-Currency"] == "EUR"
                && headers["X-Magento-Cache-Id"] == "abc")
        #expect(try await client.catalog.storeConfig().baseCurrencyCode == "USD")
    }

    @Test("The whole guest checkout: cart, simple and configurable lines, addresses, methods, coupon, order in REST")
    func guestCheckout() async throws {
        let fake = try store()
        let cart = graphQL(fake).cart
        let id = try await cart.createGuestCart()
        let hoodie = try #require(try await graphQL(fake).catalog.product(sku: "MH01"))
        let black = try #require(hoodie.configurableOptions?.first?.values?.first?.uid)
        var (current, errors) = try await cart.addProducts(
            cartID: id,
            [
                CartItemInput(sku: "SKU-000001", quantity: 2),
                CartItemInput(sku: "MH01", quantity: 1, selectedOptions: [black]),
            ])
        #expect(errors.isEmpty)
        #expect(current.items?.map(\.typename) == ["SimpleCartItem", "ConfigurableCartItem"])
        #expect(current.items?.last?.configuredVariant?.sku == "MH01-Black")
        let simpleLine = try #require(current.items?.first?.uid)
        current = try await cart.updateItems(cartID: id, [(uid: simpleLine, quantity: 3)])
        #expect(current.totalQuantity == 4)
        let extra = try await cart.addProducts(cartID: id, [CartItemInput(sku: "SKU-000002", quantity: 1)])
        current = try await cart.removeItem(cartID: id, uid: try #require(extra.cart.items?.last?.uid))
        #expect(current.items?.count == 2)
        current = try await cart.setGuestEmail(cartID: id, email: "ann@example.com")
        current = try await cart.setShippingAddress(cartID: id, address)
        #expect(
            current.shippingAddresses?.first?.availableShippingMethods?.map(\.carrierCode) == [
                "flatrate", "freeshipping",
            ])
        current = try await cart.setBillingAddress(cartID: id, address)
        current = try await cart.setShippingMethod(cartID: id, carrierCode: "flatrate", methodCode: "flatrate")
        #expect(current.shippingAddresses?.first?.selectedShippingMethod?.amount?.value == 20)
        #expect(current.availablePaymentMethods?.map(\.code) == ["checkmo"])
        current = try await cart.setPaymentMethod(cartID: id, code: "checkmo")
        current = try await cart.applyCoupon(cartID: id, code: "SAVE10")
        let subtotal = 3 * Decimal(string: "11.99")! + 52
        #expect(current.prices?.subtotalExcludingTax?.value == subtotal)
        #expect(current.prices?.discounts?.first?.amount?.value == Decimal(string: "8.80"))
        #expect(current.prices?.grandTotal?.value == subtotal - Decimal(string: "8.80")! + 20)
        let number = try await cart.placeOrder(cartID: id)

        let orders = try await fake.makeClient().orders.search(SearchCriteria().filter("increment_id", .eq, number))
        let order = try #require(orders.items.first)
        #expect(order.customerEmail == "ann@example.com" && order.customerIsGuest == 1)
        #expect(order.items?.map(\.sku) == ["SKU-000001", "MH01-Black"])
        #expect(order.grandTotal == current.prices?.grandTotal?.value)
        #expect(order.billingAddress?.city == "Austin")
        #expect(
            order.items?.compactMap(\.discountAmount).reduce(0, +) == Decimal(string: "8.80"),
            "the coupon's discount is shared over the lines")
        let invoiceID = try await fake.makeClient().orders.invoice(orderID: try #require(order.entityID), capture: true)
        let invoice = try await fake.makeClient().salesDocuments.invoice(id: invoiceID)
        #expect(invoice.grandTotal == order.grandTotal, "the invoice takes the lines' discount")
        #expect(try await fake.makeClient().inventory.salableQuantity(sku: "MH01-Black", stockID: 1) == 9)
        await #expect(
            performing: { try await cart.get(cartID: id) },
            throws: { error in
                (error as? CommerceError)?.code == .notFound
                    && (error as? CommerceError)?.message == "The cart isn't active."
            })
    }

    @Test("A customer signs in, checks out from their cart, sees the order in their history, and signs out")
    func customerCheckout() async throws {
        let fake = try store()
        var account = Customer(email: "bo@example.com", firstname: "Bo", lastname: "Ng")
        var book = CustomerAddress()
        book.city = "Denver"
        book.countryID = "US"
        book.street = ["2 Elm St"]
        account.addresses = [book]
        try fake.add(account, password: "Secret-123")
        let token = try await graphQL(fake).customer.generateToken(email: "bo@example.com", password: "Secret-123")
        let signedIn = graphQL(fake, authentication: .bearer(token))
        let profile = try await signedIn.customer.profile()
        #expect(profile.email == "bo@example.com" && profile.addresses?.first?.city == "Denver")
        let cart = try await signedIn.cart.customerCart()
        let id = try #require(cart.id)
        #expect(try await signedIn.cart.customerCart().id == id, "the active cart is reused")
        _ = try await signedIn.cart.addProducts(cartID: id, [CartItemInput(sku: "SKU-000005", quantity: 1)])
        _ = try await signedIn.cart.setShippingAddress(cartID: id, address)
        _ = try await signedIn.cart.setBillingAddress(cartID: id, address)
        _ = try await signedIn.cart.setShippingMethod(cartID: id, carrierCode: "flatrate", methodCode: "flatrate")
        _ = try await signedIn.cart.setPaymentMethod(cartID: id, code: "checkmo")
        let number = try await signedIn.cart.placeOrder(cartID: id)
        let history = try await signedIn.customer.orders()
        #expect(history.items?.map(\.number) == [number] && history.totalCount == 1)
        #expect(history.items?.first?.items?.first?.productSku == "SKU-000005")
        await #expect(
            performing: { try await graphQL(fake).cart.get(cartID: id) },
            throws: { ($0 as? CommerceError)?.code != nil })
        #expect(try await signedIn.customer.revokeToken())
        await #expect(
            performing: { try await signedIn.customer.profile() },
            throws: { error in
                (error as? CommerceError)?.code == .unauthorized && (error as? CommerceError)?.httpStatus == 401
            })
    }

    @Test("Each error category maps onto the shared error type")
    func errorCategories() async throws {
        let fake = try store()
        let guest = graphQL(fake)
        await #expect(
            performing: { try await guest.customer.profile() },
            throws: { error in
                (error as? CommerceError)?.code == .unauthorized
                    && (error as? CommerceError)?.message == "The current customer isn't authorized."
            })
        await #expect(
            performing: { try await guest.customer.generateToken(email: "x@example.com", password: "nope") },
            throws: {
                ($0 as? CommerceError)?.code == .unauthorized
            })
        await #expect(
            performing: { try await guest.cart.get(cartID: "missing") },
            throws: { error in
                (error as? CommerceError)?.code == .notFound
                    && (error as? CommerceError)?.message == "Could not find a cart with ID \"missing\""
            })
        let id = try await guest.cart.createGuestCart()
        await #expect(
            performing: {
                try await guest.cart.setShippingMethod(cartID: id, carrierCode: "flatrate", methodCode: "flatrate")
            },
            throws: {
                ($0 as? CommerceError)?.code == .badRequest
                    && ($0 as? CommerceError)?.operationID == "graphql.SetShippingMethodsOnCart"
            })
        _ = try await guest.cart.addProducts(cartID: id, [CartItemInput(sku: "SKU-000003", quantity: 1)])
        await #expect(
            performing: { try await guest.cart.applyCoupon(cartID: id, code: "FREE") },
            throws: { ($0 as? CommerceError)?.code == .notFound })
        await #expect(
            performing: { try await guest.cart.placeOrder(cartID: id) },
            throws: { error in
                (error as? CommerceError)?.message == "Guest email for cart is missing."
            })
        let (_, lineErrors) = try await guest.cart.addProducts(
            cartID: id,
            [
                CartItemInput(sku: "GHOST", quantity: 1), CartItemInput(sku: "MH01", quantity: 1),
                CartItemInput(sku: "SKU-000003", quantity: 10_000),
            ])
        #expect(lineErrors.map(\.code) == ["PRODUCT_NOT_FOUND", "UNDEFINED", "INSUFFICIENT_STOCK"])
    }

    @Test("Partial data with errors is returned; an HTML page and a malformed body get clear errors")
    func partialDataAndBrokenBodies() async throws {
        let partial = ScriptedTransport([
            .respond(
                200,
                body:
                    #"{"data":{"products":{"total_count":1,"items":[{"sku":"A"}]}},"errors":[{"message":"Price unavailable","path":["products"],"extensions":{"category":"internal"}}]}"#
            ),
            .respond(502, headers: ["Content-Type": "text/html"], body: "<html><title>502 Bad Gateway</title></html>"),
            .respond(200, body: "{\"data\": "),
            .respond(
                200,
                body: #"{"errors":[{"message":"Field \"nope\" is not defined","extensions":{"category":"graphql"}}]}"#),
        ])
        var configuration = AdobeCommerceConfiguration(
            baseURL: URL(string: "https://shop.example")!, authentication: .none)
        configuration.retry = .none
        let client = CommerceGraphQLClient(configuration: configuration, transport: partial)
        struct Products: Decodable, Sendable {
            struct Page: Decodable, Sendable {
                var totalCount: Int?
                var items: [StorefrontProduct]?
            }
            var products: Page?
        }
        let result = try await client.run(
            document: "query { products(search: \"a\") { total_count items { sku } } }", as: Products.self)
        #expect(result.data?.products?.items?.first?.sku == "A")
        #expect(result.errors.map(\.code) == [.serverError])
        await #expect(
            performing: { try await client.run(document: "query { storeConfig { store_code } }", as: JSONValue.self) },
            throws: {
                ($0 as? CommerceError)?.code == .htmlResponse
            })
        await #expect(
            performing: { try await client.run(document: "query { storeConfig { store_code } }", as: JSONValue.self) },
            throws: {
                ($0 as? CommerceError)?.code == .malformedResponse
            })
        await #expect(
            performing: { try await client.run(document: "query { nope }", as: JSONValue.self) },
            throws: { error in
                (error as? CommerceError)?.message == "Field \"nope\" is not defined"
            })
        #expect(
            partial.sent.allSatisfy { $0.method == .post && $0.url.absoluteString == "https://shop.example/graphql" })
    }

    @Test("The escape hatch runs any document into any Decodable; the fake refuses operations it does not know")
    func escapeHatch() async throws {
        let fake = try store()
        struct Mine: Decodable, Sendable {
            struct Config: Decodable, Sendable { var storeCode: String? }
            var storeConfig: Config?
        }
        let result = try await graphQL(fake).run(
            document: "query StoreConfig { storeConfig { store_code } }", operationName: "StoreConfig", usingGET: true,
            as: Mine.self)
        #expect(try result.get().storeConfig?.storeCode == "default")
        await #expect(
            performing: {
                try await graphQL(fake).run(
                    document: "query Unknown { countries { id } }", operationName: "Unknown", as: JSONValue.self)
            }, throws: { ($0 as? CommerceError)?.code == .badRequest })
        await #expect(
            performing: {
                try await graphQL(fake).run(
                    document: "mutation CreateGuestCart { createGuestCart { cart { id } } }",
                    operationName: "CreateGuestCart", usingGET: true, as: JSONValue.self)
            }, throws: { ($0 as? CommerceError)?.message == "Mutation requests allowed only for POST requests" })
    }
}
