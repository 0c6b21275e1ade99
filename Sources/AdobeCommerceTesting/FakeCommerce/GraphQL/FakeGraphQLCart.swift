import AdobeCommerce
import Foundation

/// Cart and checkout operations.
enum FakeGraphQLCart {
    static let coupons: Set<String> = ["SAVE10"]
    static let paymentMethods: [(code: String, title: String)] = [("checkmo", "Check / Money order")]

    static let handlers: [String: FakeGraphQL.Handler] = [
        "CreateGuestCart": { state, _ throws(GraphQLFailure) in
            let cart = newCart(customerID: nil, state: &state)
            return ["createGuestCart": ["cart": ["id": .string(cart)]]]
        },
        "CustomerCart": { state, request throws(GraphQLFailure) in
            let id = try FakeGraphQLCatalog.customerID(request)
            let cartID =
                state.carts.values.first { $0.customerID == id && $0.active }?.id
                ?? newCart(customerID: id, state: &state)
            return ["customerCart": json(cartID, state: state)]
        },
        "Cart": { state, request throws(GraphQLFailure) in
            ["cart": json(try cartID(request, "cartId", state: state), state: state)]
        },
        "AddProductsToCart": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cartId", state: state)
            var errors: [JSONValue] = []
            let hooks = state.webhookCalling.outcome
            for (index, line) in (request.variables["cartItems"]?.arrayValue ?? []).enumerated() {
                // A hook's exception aborts the line as Magento reports a LocalizedException there.
                if let message = hooks?.lineErrors[index] {
                    errors.append(["code": "UNDEFINED", "message": .string(message)])
                    continue
                }
                if let error = add(line, to: id, state: &state) { errors.append(error) }
            }
            for (uid, price) in hooks?.priceUpdates ?? [:] {
                if let index = state.carts[id]?.items.firstIndex(where: { $0.uid == uid }) {
                    state.carts[id]?.items[index].price = price
                }
            }
            return ["addProductsToCart": ["cart": json(id, state: state), "user_errors": .array(errors)]]
        },
        "UpdateCartItems": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            for entry in request.variables["input"]?["cart_items"]?.arrayValue ?? [] {
                let uid = entry["cart_item_uid"]?.stringValue ?? ""
                guard let index = state.carts[id]?.items.firstIndex(where: { $0.uid == uid }) else {
                    throw .noSuchEntity("Could not find cart item with id: \(uid)")
                }
                let quantity = entry["quantity"]?.decimalValue ?? 0
                if quantity <= 0 {
                    state.carts[id]?.items.remove(at: index)
                } else {
                    guard let item = state.carts[id]?.items[index], quantity <= salable(item.productID, state: state)
                    else {
                        throw .input("The requested qty is not available")
                    }
                    state.carts[id]?.items[index].quantity = quantity
                }
            }
            return ["updateCartItems": ["cart": json(id, state: state)]]
        },
        "RemoveItemFromCart": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            let uid = request.variables["input"]?["cart_item_uid"]?.stringValue ?? ""
            guard let index = state.carts[id]?.items.firstIndex(where: { $0.uid == uid }) else {
                throw .noSuchEntity("The cart doesn't contain the item")
            }
            state.carts[id]?.items.remove(at: index)
            return ["removeItemFromCart": ["cart": json(id, state: state)]]
        },
        "SetGuestEmailOnCart": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            guard state.carts[id]?.customerID == nil else {
                throw .input("The request is not allowed for logged in customers")
            }
            let email = request.variables["input"]?["email"]?.stringValue ?? ""
            guard email.contains("@"), email.contains(".") else { throw .input("Invalid email format") }
            state.carts[id]?.email = email
            return ["setGuestEmailOnCart": ["cart": json(id, state: state)]]
        },
        "SetShippingAddressesOnCart": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            guard
                let address = request.variables["input"]?["shipping_addresses"]?.arrayValue?.first?["address"]?
                    .objectValue
            else {
                throw .input("The shipping address must contain either \"customer_address_id\" or \"address\".")
            }
            state.carts[id]?.shippingAddress = try validated(address)
            state.carts[id]?.shippingMethod = nil
            return ["setShippingAddressesOnCart": ["cart": json(id, state: state)]]
        },
        "SetBillingAddressOnCart": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            guard let address = request.variables["input"]?["billing_address"]?["address"]?.objectValue else {
                throw .input(
                    "The billing address must contain either \"customer_address_id\", \"address\", or \"same_as_shipping\"."
                )
            }
            state.carts[id]?.billingAddress = try validated(address)
            return ["setBillingAddressOnCart": ["cart": json(id, state: state)]]
        },
        "SetShippingMethodsOnCart": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            guard let cart = state.carts[id], cart.shippingAddress != nil else {
                throw .input("The shipping address is missing. Set the address and try again.")
            }
            let method = request.variables["input"]?["shipping_methods"]?.arrayValue?.first
            let carrier = method?["carrier_code"]?.stringValue ?? ""
            let code = method?["method_code"]?.stringValue ?? ""
            guard cart.shippingMethods.contains(where: { $0.carrier == carrier && $0.method == code && $0.available })
            else {
                throw .input("Carrier with such method not found: \(carrier), \(code)")
            }
            state.carts[id]?.shippingMethod = FakeCart.ShippingChoice(carrier: carrier, method: code)
            return ["setShippingMethodsOnCart": ["cart": json(id, state: state)]]
        },
        "SetPaymentMethodOnCart": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            let code = request.variables["input"]?["payment_method"]?["code"]?.stringValue ?? ""
            guard paymentMethods.contains(where: { $0.code == code }) else {
                throw .input("The requested Payment Method is not available.")
            }
            state.carts[id]?.paymentMethod = code
            return ["setPaymentMethodOnCart": ["cart": json(id, state: state)]]
        },
        "ApplyCouponToCart": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            let code = request.variables["input"]?["coupon_code"]?.stringValue ?? ""
            guard state.carts[id]?.items.isEmpty == false else { throw .input("Cart does not contain products.") }
            guard coupons.contains(code.uppercased()) else {
                throw .noSuchEntity("The coupon code \"\(code)\" is not valid.")
            }
            guard state.carts[id]?.coupon == nil else {
                throw .input("A coupon is already applied to the cart. Please remove it to apply another")
            }
            state.carts[id]?.coupon = code.uppercased()
            return ["applyCouponToCart": ["cart": json(id, state: state)]]
        },
        "PlaceOrder": { state, request throws(GraphQLFailure) in
            let id = try cartID(request, "cart_id", in: "input", state: state)
            let cart = state.carts[id]!
            func refuse(_ message: String) -> JSONValue {
                [
                    "placeOrder": [
                        "orderV2": .null, "errors": [["code": "UNABLE_TO_PLACE_ORDER", "message": .string(message)]],
                    ]
                ]
            }
            let email = cart.email ?? cart.customerID.flatMap { state.customers[$0]?["email"]?.stringValue }
            guard !cart.items.isEmpty else {
                return refuse(
                    "A server error stopped your order from being placed. Please try to place your order again.")
            }
            guard let email else { return refuse("Guest email for cart is missing.") }
            guard cart.shippingAddress != nil else {
                return refuse("Some addresses can't be used due to the configurations for specific countries.")
            }
            guard cart.shippingMethod != nil else {
                return refuse("The shipping method is missing. Select the shipping method and try again.")
            }
            guard let billing = cart.billingAddress else {
                return refuse("Please check the billing address information.")
            }
            guard let payment = cart.paymentMethod else { return refuse("Enter a valid payment method and try again.") }
            if let message = state.webhookCalling.outcome?.placeOrderError { return refuse(message) }
            for item in cart.items where item.quantity > salable(item.productID, state: state) {
                return refuse("Some of the products are out of stock.")
            }
            let order = FakeOrderBuilder.place(
                &state, now: request.now, email: email, customerID: cart.customerID, quoteID: cart.quoteID,
                lines: cart.items.map {
                    FakeOrderBuilder.Line(productID: $0.productID, quantity: $0.quantity, price: $0.price)
                },
                shippingAmount: cart.shippingAmount, discount: cart.discount, couponCode: cart.coupon,
                shippingMethod: cart.shippingMethod.map { "\($0.carrier)_\($0.method)" } ?? "",
                shippingDescription: cart.shippingMethods.first { $0.carrier == cart.shippingMethod?.carrier }.map {
                    "\($0.carrierTitle) - \($0.methodTitle)"
                } ?? "",
                paymentMethod: payment, billingAddress: orderAddress(billing),
                shippingAddress: cart.shippingAddress.map(orderAddress))
            state.carts[id]?.active = false
            return ["placeOrder": ["orderV2": ["number": order["increment_id"] ?? ""], "errors": []]]
        },
    ]

    static func newCart(customerID: Int?, state: inout FakeState) -> String {
        let id = String((UUID().uuidString + UUID().uuidString).filter { $0 != "-" }.prefix(32))
        // Quote ids count carts, as Magento's `quote.entity_id` does; carts are never removed.
        state.carts[id] = FakeCart(id: id, quoteID: state.carts.count + 1, customerID: customerID)
        return id
    }

    /// The cart named by a variable (top level, or inside `input`), checked for existence, activity and owner.
    static func cartID(_ request: FakeGraphQL.Request, _ name: String, in container: String? = nil, state: FakeState)
        throws(GraphQLFailure) -> String
    {
        let source = container.map { request.variables[$0]?.objectValue ?? [:] } ?? request.variables
        guard let id = source[name]?.stringValue, !id.isEmpty else {
            throw .input("Required parameter \"cart_id\" is missing")
        }
        guard let cart = state.carts[id] else { throw .noSuchEntity("Could not find a cart with ID \"\(id)\"") }
        guard cart.active else { throw .noSuchEntity("The cart isn't active.") }
        if let owner = cart.customerID, request.identity != .customer(owner) {
            throw .authorization("The current user cannot perform operations on cart \"\(id)\"")
        }
        return id
    }

    static func salable(_ productID: Int, state: FakeState) -> Decimal {
        state.salableQuantity(sku: state.products[productID]?["sku"]?.stringValue ?? "", stockID: 1)
    }

    /// Adds one `CartItemInput`; returns a user error when Magento would refuse the line.
    static func add(_ line: JSONValue, to id: String, state: inout FakeState) -> JSONValue? {
        let sku = line["sku"]?.stringValue ?? ""
        let quantity = line["quantity"]?.decimalValue ?? 0
        func error(_ code: String, _ message: String) -> JSONValue {
            ["code": .string(code), "message": .string(message)]
        }
        guard let productID = state.skuIndex[FakeState.key(sku)] else {
            return error("PRODUCT_NOT_FOUND", "Could not find a product with SKU \"\(sku)\"")
        }
        guard quantity > 0 else {
            return error("INVALID_PARAMETER_VALUE", "The product quantity should be greater than 0")
        }
        var item = FakeCart.Item(uid: "", productID: productID, quantity: quantity, price: 0)
        if let configuration = state.configurables[productID] {
            let selected = line["selected_options"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard
                let variant = configuration.variants.first(where: {
                    selected.contains(configuration.valueUID($0.valueIndex))
                })
            else {
                return error("UNDEFINED", "You need to choose options for your item.")
            }
            item.parentID = productID
            item.productID = variant.productID
            item.optionLabel = configuration.label
            item.valueLabel = variant.label
            item.valueUID = configuration.valueUID(variant.valueIndex)
        }
        item.price = state.products[item.productID]?["price"]?.decimalValue ?? 0
        var cart = state.carts[id]!
        let existing = cart.items.firstIndex { $0.productID == item.productID }
        let total = quantity + (existing.map { cart.items[$0].quantity } ?? 0)
        guard total <= salable(item.productID, state: state) else {
            return error("INSUFFICIENT_STOCK", "The requested qty is not available")
        }
        if let existing {
            cart.items[existing].quantity = total
        } else {
            item.uid = Data("cart-item-\(cart.nextItem)".utf8).base64EncodedString()
            cart.nextItem += 1
            cart.items.append(item)
        }
        state.carts[id] = cart
        return nil
    }

    static func validated(_ address: JSONObject) throws(GraphQLFailure) -> JSONObject {
        for field in ["firstname", "lastname", "city", "country_code", "telephone"]
        where (address[field]?.stringValue ?? "").isEmpty {
            throw .input("Field CartAddressInput.\(field) of required type String! was not provided.")
        }
        guard address["street"]?.arrayValue?.isEmpty == false else {
            throw .input("Field CartAddressInput.street of required type [String]! was not provided.")
        }
        return address
    }

    static func orderAddress(_ address: JSONObject) -> JSONObject {
        [
            "firstname": address["firstname"] ?? .null, "lastname": address["lastname"] ?? .null,
            "street": address["street"] ?? [],
            "city": address["city"] ?? .null, "region": address["region"] ?? .null,
            "postcode": address["postcode"] ?? .null,
            "country_id": address["country_code"] ?? .null, "telephone": address["telephone"] ?? .null,
        ]
    }

    static func addressJSON(_ address: JSONObject) -> JSONObject {
        let country = address["country_code"]?.stringValue ?? ""
        return [
            "firstname": address["firstname"] ?? .null, "lastname": address["lastname"] ?? .null,
            "street": address["street"] ?? [],
            "city": address["city"] ?? .null, "postcode": address["postcode"] ?? .null,
            "telephone": address["telephone"] ?? .null,
            "country": ["code": .string(country), "label": .string(country)],
            "region": ["code": address["region"] ?? .null, "label": address["region"] ?? .null],
        ]
    }

    /// The cart as `CartFields` selects it.
    static func json(_ id: String, state: FakeState) -> JSONValue {
        let cart = state.carts[id]!
        let money = FakeGraphQLCatalog.money
        let items: [JSONValue] = cart.items.map { item in
            let product = state.products[item.parentID ?? item.productID] ?? [:]
            var line: JSONObject = [
                "__typename": item.parentID == nil ? "SimpleCartItem" : "ConfigurableCartItem",
                "uid": .string(item.uid),
                "quantity": .number(item.quantity),
                "product": [
                    "uid": .string(FakeGraphQLCatalog.uid(String(item.parentID ?? item.productID))),
                    "sku": product["sku"] ?? "", "name": product["name"] ?? "",
                ],
                "prices": ["price": money(item.price), "row_total": money(item.price * item.quantity)],
            ]
            if item.parentID != nil {
                line["configured_variant"] = ["sku": state.products[item.productID]?["sku"] ?? ""]
                line["configurable_options"] = [
                    [
                        "option_label": .string(item.optionLabel ?? ""), "value_label": .string(item.valueLabel ?? ""),
                        "configurable_product_option_value_uid": .string(item.valueUID ?? ""),
                    ]
                ]
            }
            return .object(line)
        }
        var shipping: [JSONValue] = []
        if let address = cart.shippingAddress {
            var object = addressJSON(address)
            object["available_shipping_methods"] = .array(
                cart.shippingMethods.map { method in
                    [
                        "carrier_code": .string(method.carrier), "carrier_title": .string(method.carrierTitle),
                        "method_code": .string(method.method), "method_title": .string(method.methodTitle),
                        "available": .bool(method.available), "amount": money(method.amount),
                    ]
                })
            if let selected = cart.shippingMethod,
                let method = cart.shippingMethods.first(where: { $0.carrier == selected.carrier })
            {
                object["selected_shipping_method"] = [
                    "carrier_code": .string(method.carrier), "carrier_title": .string(method.carrierTitle),
                    "method_code": .string(method.method), "method_title": .string(method.methodTitle),
                    "amount": money(method.amount),
                ]
            } else {
                object["selected_shipping_method"] = .null
            }
            shipping.append(.object(object))
        }
        let email: JSONValue =
            cart.email.map(JSONValue.string) ?? cart.customerID.flatMap { state.customers[$0]?["email"] } ?? .null
        return [
            "id": .string(cart.id), "email": email, "is_virtual": false, "total_quantity": .number(cart.quantity),
            "items": .array(items),
            "applied_coupons": cart.coupon.map { [["code": .string($0)]] } ?? .null,
            "prices": [
                "grand_total": money(cart.grandTotal), "subtotal_excluding_tax": money(cart.subtotal),
                "discounts": cart.coupon.map { [["label": .string($0), "amount": money(cart.discount)]] } ?? [],
            ],
            "shipping_addresses": .array(shipping),
            "billing_address": cart.billingAddress.map { .object(addressJSON($0)) } ?? .null,
            "available_payment_methods": .array(
                paymentMethods.map { ["code": .string($0.code), "title": .string($0.title)] }),
            "selected_payment_method": [
                "code": .string(cart.paymentMethod ?? ""),
                "title": .string(paymentMethods.first { $0.code == cart.paymentMethod }?.title ?? ""),
            ],
        ]
    }
}
