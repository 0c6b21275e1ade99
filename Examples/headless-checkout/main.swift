// Headless checkout: what a headless storefront, POS or marketplace channel does over GraphQL, end to end,
// against the in-process FakeCommerce. The order it places shows up in the REST order search.
import AdobeCommerce
import AdobeCommerceTesting
import Foundation

let store = FakeCommerce()
try store.seedCatalog(productCount: 40)
try store.addConfigurableProduct(
    sku: "MH01", name: "Chaz Hoodie",
    variants: [
        .init(sku: "MH01-Black", label: "Black", price: Decimal(string: "52.00")!, quantity: 12),
        .init(sku: "MH01-Blue", label: "Blue", price: Decimal(string: "54.00")!, quantity: 3),
    ])
let graphQL = CommerceGraphQLClient(
    configuration: AdobeCommerceConfiguration(baseURL: store.baseURL, authentication: .none), transport: store,
    headers: .init(store: .default, currency: "USD"))

// Browse: search with a price filter, sorted, with facets.
let results = try await graphQL.catalog.search(
    text: "product", filter: ["price": ["from": "20", "to": "40"]], sort: ["price": "ASC"], pageSize: 4)
print("\(results.totalCount ?? 0) products between 20 and 40; the cheapest four:")
for product in results.items ?? [] {
    print(
        "  \(product.sku ?? "?")  \(product.name ?? "")  \(product.priceRange?.minimumPrice?.finalPrice?.value ?? 0) USD"
    )
}

// Choose a hoodie colour.
let hoodie = try await graphQL.catalog.product(sku: "MH01")
let blue = hoodie?.configurableOptions?.first?.values?.first { $0.label == "Blue" }?.uid

// Check out as a guest.
let address = CartAddressInput(
    firstname: "Ann", lastname: "Lee", street: ["1 Main St"], city: "Austin", region: "TX", postcode: "78701",
    countryCode: "US", telephone: "5125550100")
let cart = graphQL.cart
let cartID = try await cart.createGuestCart()
let (_, problems) = try await cart.addProducts(
    cartID: cartID,
    [
        CartItemInput(sku: "SKU-000012", quantity: 2),
        CartItemInput(sku: "MH01", quantity: 1, selectedOptions: blue.map { [$0] }),
    ])
print("added to cart\(problems.isEmpty ? "" : " with problems: \(problems.compactMap(\.message))")")
_ = try await cart.setGuestEmail(cartID: cartID, email: "ann@example.com")
let withAddress = try await cart.setShippingAddress(cartID: cartID, address)
let methods = withAddress.shippingAddresses?.first?.availableShippingMethods?.filter { $0.available == true } ?? []
print(
    "shipping methods: " + methods.map { "\($0.carrierTitle ?? "") \($0.amount?.value ?? 0)" }.joined(separator: ", "))
_ = try await cart.setBillingAddress(cartID: cartID, address)
_ = try await cart.setShippingMethod(cartID: cartID, carrierCode: "flatrate", methodCode: "flatrate")
_ = try await cart.setPaymentMethod(cartID: cartID, code: "checkmo")
let priced = try await cart.applyCoupon(cartID: cartID, code: "SAVE10")
print(
    "subtotal \(priced.prices?.subtotalExcludingTax?.value ?? 0), discount \(priced.prices?.discounts?.first?.amount?.value ?? 0), total \(priced.prices?.grandTotal?.value ?? 0) USD"
)
let orderNumber = try await cart.placeOrder(cartID: cartID)
print("placed order \(orderNumber)")

// The back office sees it over REST.
let rest = store.makeClient()
let order = try await rest.orders.search(SearchCriteria().filter("increment_id", .eq, orderNumber)).items.first
print(
    "REST: order \(order?.incrementID ?? "?") is \(order?.status ?? "?"), \(order?.items?.count ?? 0) lines, \(order?.grandTotal ?? 0) USD"
)
