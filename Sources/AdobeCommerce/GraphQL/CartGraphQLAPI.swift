#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Carts and checkout over GraphQL, the whole path a headless channel needs: `graphQL.cart`.
///
/// ```swift
/// let cart = graphQL.cart
/// let id = try await cart.createGuestCart()
/// _ = try await cart.addProducts(cartID: id, [CartItemInput(sku: "24-MB01", quantity: 1)])
/// _ = try await cart.setShippingAddress(cartID: id, address)
/// _ = try await cart.setBillingAddress(cartID: id, address)
/// _ = try await cart.setShippingMethod(cartID: id, carrierCode: "flatrate", methodCode: "flatrate")
/// _ = try await cart.setGuestEmail(cartID: id, email: "ann@example.com")
/// _ = try await cart.setPaymentMethod(cartID: id, code: "checkmo")
/// let orderNumber = try await cart.placeOrder(cartID: id)
/// ```
public struct CartGraphQLAPI: Sendable {
    let client: CommerceGraphQLClient

    struct CartOutput: Decodable, Sendable { var cart: StorefrontCart? }
    struct GuestCartData: Decodable, Sendable {
        struct Output: Decodable, Sendable {
            struct Cart: Decodable, Sendable { var id: String? }
            var cart: Cart?
        }
        var createGuestCart: Output?
    }
    struct CustomerCartData: Decodable, Sendable { var customerCart: StorefrontCart? }
    struct CartData: Decodable, Sendable { var cart: StorefrontCart? }
    struct AddData: Decodable, Sendable {
        struct Output: Decodable, Sendable {
            var cart: StorefrontCart?
            var userErrors: [UserError]?
        }
        var addProductsToCart: Output?
    }
    /// A problem adding one line (GraphQL `CartUserInputError` / `PlaceOrderError`).
    public struct UserError: Decodable, Sendable, Hashable {
        /// A machine code such as `PRODUCT_NOT_FOUND` or `INSUFFICIENT_STOCK`.
        public var code: String?
        /// The message.
        public var message: String?
    }
    struct UpdateData: Decodable, Sendable { var updateCartItems: CartOutput? }
    struct RemoveData: Decodable, Sendable { var removeItemFromCart: CartOutput? }
    struct GuestEmailData: Decodable, Sendable { var setGuestEmailOnCart: CartOutput? }
    struct ShippingAddressData: Decodable, Sendable { var setShippingAddressesOnCart: CartOutput? }
    struct BillingAddressData: Decodable, Sendable { var setBillingAddressOnCart: CartOutput? }
    struct ShippingMethodData: Decodable, Sendable { var setShippingMethodsOnCart: CartOutput? }
    struct PaymentMethodData: Decodable, Sendable { var setPaymentMethodOnCart: CartOutput? }
    struct CouponData: Decodable, Sendable { var applyCouponToCart: CartOutput? }
    struct PlaceOrderData: Decodable, Sendable {
        struct Output: Decodable, Sendable {
            struct Order: Decodable, Sendable { var number: String? }
            var orderV2: Order?
            var errors: [UserError]?
        }
        var placeOrder: Output?
    }

    private static func cartDocument(_ document: String) -> String {
        document + GraphQLDocuments.cart + GraphQLDocuments.money
    }

    static let createGuestCartOperation = GraphQLOperation<GuestCartData>(
        name: "CreateGuestCart", document: GraphQLDocuments.createGuestCart, kind: .mutation)
    static let customerCartOperation = GraphQLOperation<CustomerCartData>(
        name: "CustomerCart", document: cartDocument(GraphQLDocuments.customerCart))
    static let cartOperation = GraphQLOperation<CartData>(
        name: "Cart", document: cartDocument(GraphQLDocuments.cartQuery))
    static let addOperation = GraphQLOperation<AddData>(
        name: "AddProductsToCart", document: cartDocument(GraphQLDocuments.addProductsToCart), kind: .mutation)
    static let updateOperation = GraphQLOperation<UpdateData>(
        name: "UpdateCartItems", document: cartDocument(GraphQLDocuments.updateCartItems), kind: .mutation)
    static let removeOperation = GraphQLOperation<RemoveData>(
        name: "RemoveItemFromCart", document: cartDocument(GraphQLDocuments.removeItemFromCart), kind: .mutation)
    static let guestEmailOperation = GraphQLOperation<GuestEmailData>(
        name: "SetGuestEmailOnCart", document: cartDocument(GraphQLDocuments.setGuestEmail), kind: .mutation)
    static let shippingAddressOperation = GraphQLOperation<ShippingAddressData>(
        name: "SetShippingAddressesOnCart", document: cartDocument(GraphQLDocuments.setShippingAddresses),
        kind: .mutation)
    static let billingAddressOperation = GraphQLOperation<BillingAddressData>(
        name: "SetBillingAddressOnCart", document: cartDocument(GraphQLDocuments.setBillingAddress), kind: .mutation)
    static let shippingMethodOperation = GraphQLOperation<ShippingMethodData>(
        name: "SetShippingMethodsOnCart", document: cartDocument(GraphQLDocuments.setShippingMethods), kind: .mutation)
    static let paymentMethodOperation = GraphQLOperation<PaymentMethodData>(
        name: "SetPaymentMethodOnCart", document: cartDocument(GraphQLDocuments.setPaymentMethod), kind: .mutation)
    static let couponOperation = GraphQLOperation<CouponData>(
        name: "ApplyCouponToCart", document: cartDocument(GraphQLDocuments.applyCoupon), kind: .mutation)
    static let placeOrderOperation = GraphQLOperation<PlaceOrderData>(
        name: "PlaceOrder", document: GraphQLDocuments.placeOrder, kind: .mutation)

    /// Creates a guest cart and returns its masked id.
    public func createGuestCart() async throws -> String {
        try await client.execute(Self.createGuestCartOperation)
            .value({ $0.createGuestCart?.cart?.id }, operation: "CreateGuestCart")
    }

    /// The signed-in customer's active cart, created if needed.
    public func customerCart() async throws -> StorefrontCart {
        try await client.execute(Self.customerCartOperation).value({ $0.customerCart }, operation: "CustomerCart")
    }

    /// A cart by masked id.
    public func get(cartID: String) async throws -> StorefrontCart {
        try await client.execute(Self.cartOperation, variables: ["cartId": .string(cartID)])
            .value({ $0.cart }, operation: "Cart")
    }

    /// Adds simple or configurable products; lines Magento refuses come back as user errors with the cart.
    public func addProducts(cartID: String, _ items: [CartItemInput]) async throws -> (
        cart: StorefrontCart, errors: [UserError]
    ) {
        let variables: [String: JSONValue] = ["cartId": .string(cartID), "cartItems": try JSONValue(encoding: items)]
        let result = try await client.execute(Self.addOperation, variables: variables)
        let cart = try result.value({ $0.addProductsToCart?.cart }, operation: "AddProductsToCart")
        return (cart, result.data?.addProductsToCart?.userErrors ?? [])
    }

    /// Sets line quantities by line uid (a quantity of 0 removes the line).
    public func updateItems(cartID: String, _ quantities: [(uid: String, quantity: Decimal)]) async throws
        -> StorefrontCart
    {
        let input: JSONValue = [
            "cart_id": .string(cartID),
            "cart_items": .array(
                quantities.map { ["cart_item_uid": .string($0.uid), "quantity": .number($0.quantity)] }),
        ]
        return try await client.execute(Self.updateOperation, variables: ["input": input])
            .value({ $0.updateCartItems?.cart }, operation: "UpdateCartItems")
    }

    /// Removes a line by uid.
    public func removeItem(cartID: String, uid: String) async throws -> StorefrontCart {
        let input: JSONValue = ["cart_id": .string(cartID), "cart_item_uid": .string(uid)]
        return try await client.execute(Self.removeOperation, variables: ["input": input])
            .value({ $0.removeItemFromCart?.cart }, operation: "RemoveItemFromCart")
    }

    /// Sets the e-mail of a guest cart (required before a guest order is placed).
    public func setGuestEmail(cartID: String, email: String) async throws -> StorefrontCart {
        let input: JSONValue = ["cart_id": .string(cartID), "email": .string(email)]
        return try await client.execute(Self.guestEmailOperation, variables: ["input": input])
            .value({ $0.setGuestEmailOnCart?.cart }, operation: "SetGuestEmailOnCart")
    }

    /// Sets the shipping address; the cart then lists its shipping methods.
    public func setShippingAddress(cartID: String, _ address: CartAddressInput) async throws -> StorefrontCart {
        let input: JSONValue = [
            "cart_id": .string(cartID), "shipping_addresses": [["address": try JSONValue(encoding: address)]],
        ]
        return try await client.execute(Self.shippingAddressOperation, variables: ["input": input])
            .value({ $0.setShippingAddressesOnCart?.cart }, operation: "SetShippingAddressesOnCart")
    }

    /// Sets the billing address.
    public func setBillingAddress(cartID: String, _ address: CartAddressInput) async throws -> StorefrontCart {
        let input: JSONValue = [
            "cart_id": .string(cartID), "billing_address": ["address": try JSONValue(encoding: address)],
        ]
        return try await client.execute(Self.billingAddressOperation, variables: ["input": input])
            .value({ $0.setBillingAddressOnCart?.cart }, operation: "SetBillingAddressOnCart")
    }

    /// Chooses a shipping method listed on the shipping address.
    public func setShippingMethod(cartID: String, carrierCode: String, methodCode: String) async throws
        -> StorefrontCart
    {
        let input: JSONValue = [
            "cart_id": .string(cartID),
            "shipping_methods": [["carrier_code": .string(carrierCode), "method_code": .string(methodCode)]],
        ]
        return try await client.execute(Self.shippingMethodOperation, variables: ["input": input])
            .value({ $0.setShippingMethodsOnCart?.cart }, operation: "SetShippingMethodsOnCart")
    }

    /// Chooses a payment method listed on the cart.
    public func setPaymentMethod(cartID: String, code: String) async throws -> StorefrontCart {
        let input: JSONValue = ["cart_id": .string(cartID), "payment_method": ["code": .string(code)]]
        return try await client.execute(Self.paymentMethodOperation, variables: ["input": input])
            .value({ $0.setPaymentMethodOnCart?.cart }, operation: "SetPaymentMethodOnCart")
    }

    /// Applies a coupon code.
    /// - Throws: ``CommerceError/Code/notFound`` for an unknown code.
    public func applyCoupon(cartID: String, code: String) async throws -> StorefrontCart {
        let input: JSONValue = ["cart_id": .string(cartID), "coupon_code": .string(code)]
        return try await client.execute(Self.couponOperation, variables: ["input": input])
            .value({ $0.applyCouponToCart?.cart }, operation: "ApplyCouponToCart")
    }

    /// Places the order and returns its number (the REST `increment_id`).
    /// - Throws: ``CommerceError/Code/badRequest`` naming what is missing (e-mail, address, method, payment, stock).
    public func placeOrder(cartID: String) async throws -> String {
        let output = try await client.execute(
            Self.placeOrderOperation, variables: ["input": ["cart_id": .string(cartID)]]
        )
        .value({ $0.placeOrder }, operation: "PlaceOrder")
        if let number = output.orderV2?.number { return number }
        let errors = output.errors ?? []
        throw CommerceError(
            code: .badRequest, message: errors.first?.message ?? "The order was not placed.",
            operationID: "graphql.PlaceOrder",
            details: errors.dropFirst().compactMap(\.message))
    }
}
