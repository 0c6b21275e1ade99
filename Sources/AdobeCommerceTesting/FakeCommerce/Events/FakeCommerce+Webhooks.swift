import AdobeCommerce
import Dispatch
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The checkout webhooks of a request, in three steps so no hook is called under the store's lock: resolve the hooks
/// and their payloads under the lock (``webhookPlan(for:)``), call them without it (``FakeWebhookPlan/execute(on:)``),
/// then answer the request under the lock with what they decided (``FakeWebhookOutcome``, read by the cart handlers).
extension FakeCommerce {
    /// The signing key of webhook calls; a constant of the package, so it always parses.
    static let webhookSigningKey: RSAPrivateKey = try! RSAPrivateKey(pem: FakeSigningKeys.commerceWebhooks)

    /// The public key of the pair the fake signs its webhook calls with (`x-adobe-commerce-webhook-signature`), as
    /// PEM: what a merchant copies from the Admin (Adobe Services ▸ Webhooks) into the connector's configuration.
    /// A published test key: never trust it outside tests.
    public static var webhookPublicKeyPEM: String { webhookSigningKey.publicKey.pem }

    static let addItemMethods: Set<String> = [CommerceWebhookMethod.salesQuoteAddItem.rawValue]
    static let itemPricesMethods: Set<String> = [
        CommerceWebhookMethod.itemPrices.rawValue, CommerceWebhookMethod.itemPricesSaaS.rawValue,
    ]
    static let placePluginMethods: Set<String> = [
        CommerceWebhookMethod.orderPlace.rawValue, CommerceWebhookMethod.orderPlaceSaaS.rawValue,
    ]

    /// Calls the hooks `request` triggers; `nil` when it triggers none.
    func webhookOutcome(for request: HTTPRequest) async -> FakeWebhookOutcome? {
        guard let plan = webhookPlan(for: request) else { return nil }
        return await plan.execute(on: self)
    }

    /// ``webhookOutcome(for:)`` for a caller on its own thread (``FakeCommerceServer``'s connections): the thread
    /// waits while the calls run on the concurrency pool.
    func webhookOutcomeBlocking(for request: HTTPRequest) -> FakeWebhookOutcome? {
        guard let plan = webhookPlan(for: request) else { return nil }
        let result = Mutex<FakeWebhookOutcome?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome = await plan.execute(on: self)
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }

    /// The hooks of a GraphQL `addProductsToCart` or `placeOrder`, with their payloads; `nil` for any other request,
    /// one no hook is subscribed for, or one the fake will refuse anyway (no such cart, an order that cannot be placed).
    func webhookPlan(for request: HTTPRequest) -> FakeWebhookPlan? {
        guard request.method == .post, request.url.path(percentEncoded: true).hasSuffix("/graphql"),
            state.withLock({ !$0.webhookSubscriptions.isEmpty }),
            let body = request.body, let json = try? JSONValue(parsing: body), let query = json["query"]?.stringValue,
            let document = try? GraphQLDocument(parsing: query),
            let operation = try? document.operation(named: json["operationName"]?.stringValue),
            operation.kind == "mutation"
        else { return nil }
        var variables = json["variables"]?.objectValue ?? [:]
        for (name, value) in operation.defaults where variables[name] == nil { variables[name] = value.resolved([:]) }
        let fields = document.fields(of: operation.selections, typeName: "Mutation", variables: variables)
        return state.withLock { state -> FakeWebhookPlan? in
            guard !state.webhookSubscriptions.isEmpty else { return nil }
            let runner = FakeWebhookRunner(
                endpoints: state.webhookCalling.endpoints, transport: state.webhookCalling.transport,
                key: state.webhookCalling.signs ? Self.webhookSigningKey : nil, time: options.time)
            for field in fields {
                let arguments = field.arguments(variables)
                if field.name == "addProductsToCart", let cartID = arguments["cartId"]?.stringValue,
                    let lines = arguments["cartItems"]?.arrayValue
                {
                    return addToCartPlan(cartID: cartID, lines: lines, runner: runner, state: state)
                }
                if field.name == "placeOrder", let cartID = arguments["input"]?["cart_id"]?.stringValue {
                    return placeOrderPlan(cartID: cartID, runner: runner, state: state)
                }
            }
            return nil
        }
    }

    private func addToCartPlan(cartID: String, lines: [JSONValue], runner: FakeWebhookRunner, state: FakeState)
        -> FakeWebhookPlan?
    {
        let addHooks = Self.subscriptions(Self.addItemMethods, types: ["before", "after"], in: state)
        let priceHooks = Self.subscriptions(Self.itemPricesMethods, types: ["after"], in: state)
        guard !addHooks.isEmpty || !priceHooks.isEmpty, state.carts[cartID]?.active == true else { return nil }
        var simulated = state
        var newItems: [(index: Int, payload: JSONValue)] = []
        for (index, line) in lines.enumerated() {
            let before = Set(simulated.carts[cartID]?.items.map(\.uid) ?? [])
            guard FakeGraphQLCart.add(line, to: cartID, state: &simulated) == nil, let cart = simulated.carts[cartID],
                let item = cart.items.first(where: { !before.contains($0.uid) })
            else { continue }
            var quoteItem = Self.quoteItemJSON(item, cart: cart, state: simulated)
            quoteItem["item_id"] = .null  // not saved yet
            newItems.append(
                (index, ["eventName": "sales_quote_add_item", "data": ["quoteItem": .object(quoteItem)]]))
        }
        return FakeWebhookPlan(
            runner: runner, step: .addToCart(cartID: cartID, lines: lines, newItems: newItems),
            addHooks: addHooks, priceHooks: priceHooks, placeHooks: [])
    }

    private func placeOrderPlan(cartID: String, runner: FakeWebhookRunner, state: FakeState) -> FakeWebhookPlan? {
        let hooks =
            Self.subscriptions(Self.placePluginMethods, types: ["before"], in: state)
            + Self.subscriptions(
                [CommerceWebhookMethod.salesOrderPlaceBefore.rawValue], types: ["before", "after"], in: state)
        guard !hooks.isEmpty, let cart = state.carts[cartID], cart.active, !cart.items.isEmpty,
            cart.email ?? cart.customerID.flatMap({ state.customers[$0]?["email"]?.stringValue }) != nil,
            cart.shippingAddress != nil, cart.shippingMethod != nil, cart.billingAddress != nil,
            cart.paymentMethod != nil
        else { return nil }
        return FakeWebhookPlan(
            runner: runner, step: .placeOrder(order: Self.orderJSON(cart, state: state)), addHooks: [], priceHooks: [],
            placeHooks: hooks)
    }

    /// The subscriptions of `methods` and `types`, grouped by method and type, in subscription order.
    static func subscriptions(_ methods: Set<String>, types: [String], in state: FakeState) -> [FakeWebhookPlan.Hooks] {
        var groups: [FakeWebhookPlan.Hooks] = []
        for hook in state.webhookSubscriptions {
            guard let method = hook["webhook_method"]?.stringValue, methods.contains(method),
                let type = hook["webhook_type"]?.stringValue, types.contains(type)
            else { continue }
            if let index = groups.firstIndex(where: { $0.method == method && $0.type == type }) {
                groups[index].hooks.append(hook)
            } else {
                groups.append(FakeWebhookPlan.Hooks(method: method, type: type, hooks: [hook]))
            }
        }
        return groups
    }

    /// The number in a cart item's uid (`cart-item-<n>`, base64), Commerce's `item_id` in webhook payloads.
    static func itemNumber(_ uid: String) -> Int? {
        guard let data = Data(base64Encoded: uid), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("cart-item-")
        else { return nil }
        return Int(text.dropFirst("cart-item-".count))
    }

    /// A cart item as a quote item in webhook payloads.
    static func quoteItemJSON(_ item: FakeCart.Item, cart: FakeCart, state: FakeState) -> JSONObject {
        let product = state.products[item.productID] ?? [:]
        return [
            "item_id": itemNumber(item.uid).map { .number(Decimal($0)) } ?? .null, "quote_id": cart.quoteIDJSON,
            "product_id": .number(Decimal(item.productID)), "sku": product["sku"] ?? "", "name": product["name"] ?? "",
            "qty": .number(item.quantity), "price": .number(item.price),
            "product_type": item.parentID == nil ? "simple" : "configurable", "store_id": 1,
            "parent_item_id": .null,
        ]
    }

    /// The customer group of a cart: the customer's, or 0 (NOT LOGGED IN) for a guest.
    static func customerGroup(of cart: FakeCart, state: FakeState) -> Int {
        guard let id = cart.customerID else { return 0 }
        return state.customers[id]?["group_id"]?.intValue ?? 1
    }

    /// The arguments of `get_total_modifications.item_prices` for a cart, and the uid of each `item_id`.
    static func itemPricesPayload(_ cart: FakeCart, state: FakeState) -> (payload: JSONValue, uids: [Int: String]) {
        var uids: [Int: String] = [:]
        let items: [JSONValue] = cart.items.compactMap { item in
            guard let number = itemNumber(item.uid) else { return nil }
            uids[number] = item.uid
            var json = quoteItemJSON(item, cart: cart, state: state)
            json["row_total"] = .number(item.price * item.quantity)
            return .object(json)
        }
        let quote: JSONValue = [
            "entity_id": cart.quoteIDJSON, "is_active": true, "items_count": .number(Decimal(cart.items.count)),
            "items_qty": .number(cart.quantity), "store_id": 1,
            "customer_group_id": .number(Decimal(customerGroup(of: cart, state: state))),
            "customer_id": cart.customerID.map { .number(Decimal($0)) } ?? .null,
            "subtotal": .number(cart.subtotal), "base_subtotal": .number(cart.subtotal),
            "currency": ["base_currency_code": "USD", "store_currency_code": "USD", "quote_currency_code": "USD"],
        ]
        let payload: JSONValue = [
            "quote": quote,
            "shippingAssignment": [
                "shipping": ["address": .object(cart.shippingAddress ?? [:])], "items": .array(items),
            ],
            "total": ["subtotal": .number(cart.subtotal), "base_subtotal": .number(cart.subtotal)],
            "result": ["price_updates": []],
        ]
        return (payload, uids)
    }

    /// The order `OrderManagementInterface::place` receives for a cart, before it is saved.
    static func orderJSON(_ cart: FakeCart, state: FakeState) -> JSONValue {
        let email =
            cart.email.map(JSONValue.string) ?? cart.customerID.flatMap { state.customers[$0]?["email"] } ?? .null
        var addresses: [JSONValue] = []
        if let shipping = cart.shippingAddress {
            var address = FakeGraphQLCart.orderAddress(shipping)
            address["address_type"] = "shipping"
            addresses.append(.object(address))
        }
        if let billing = cart.billingAddress {
            var address = FakeGraphQLCart.orderAddress(billing)
            address["address_type"] = "billing"
            addresses.append(.object(address))
        }
        let items: [JSONValue] = cart.items.map { item in
            let product = state.products[item.productID] ?? [:]
            return [
                "sku": product["sku"] ?? "", "name": product["name"] ?? "",
                "product_id": .number(Decimal(item.productID)),
                "product_type": item.parentID == nil ? "simple" : "configurable",
                "qty_ordered": .number(item.quantity), "price": .number(item.price), "base_price": .number(item.price),
                "row_total": .number(item.price * item.quantity),
                "quote_item_id": itemNumber(item.uid).map { .number(Decimal($0)) } ?? .null, "parent_item_id": .null,
            ]
        }
        return [
            "quote_id": cart.quoteIDJSON, "customer_email": email,
            "customer_id": cart.customerID.map { .number(Decimal($0)) } ?? .null,
            "customer_is_guest": .bool(cart.customerID == nil),
            "customer_group_id": .number(Decimal(customerGroup(of: cart, state: state))),
            "base_currency_code": "USD", "order_currency_code": "USD", "store_id": 1,
            "base_subtotal": .number(cart.subtotal), "base_discount_amount": .number(-cart.discount),
            "base_shipping_amount": .number(cart.shippingAmount), "base_grand_total": .number(cart.grandTotal),
            "grand_total": .number(cart.grandTotal),
            "shipping_method": .string(cart.shippingMethod.map { "\($0.carrier)_\($0.method)" } ?? ""),
            "coupon_code": cart.coupon.map(JSONValue.string) ?? .null,
            "items": .array(items), "addresses": .array(addresses),
            "payment": ["method": .string(cart.paymentMethod ?? ""), "additional_data": .null],
        ]
    }
}

/// The hooks one request triggers, resolved under the lock, and how to call them.
struct FakeWebhookPlan: Sendable {
    /// The subscriptions of one method and type.
    struct Hooks: Sendable {
        var method: String
        var type: String
        var hooks: [JSONObject]
    }

    enum Step: Sendable {
        /// `addProductsToCart`: the requested lines, and the payload of each line that adds a new cart item.
        case addToCart(cartID: String, lines: [JSONValue], newItems: [(index: Int, payload: JSONValue)])
        /// `placeOrder`: the order about to be placed.
        case placeOrder(order: JSONValue)
    }

    let runner: FakeWebhookRunner
    let step: Step
    let addHooks: [Hooks]
    let priceHooks: [Hooks]
    let placeHooks: [Hooks]

    /// Calls the hooks, records the calls in `fake`'s log, and returns what they decided.
    func execute(on fake: FakeCommerce) async -> FakeWebhookOutcome {
        var outcome = FakeWebhookOutcome()
        var calls: [FakeWebhookCall] = []
        defer { fake.state.withLock { [calls] in $0.webhookCalling.log += calls } }
        switch step {
        case .addToCart(let cartID, let lines, let newItems):
            for (index, payload) in newItems {
                for group in addHooks {
                    let decision = await runner.run(
                        method: group.method, type: group.type, payload: payload, hooks: group.hooks)
                    calls += decision.calls
                    if let abort = decision.abort {
                        outcome.lineErrors[index] = abort
                        break
                    }
                }
            }
            guard !priceHooks.isEmpty else { return outcome }
            // Totals are collected on the cart as it is after the lines the add hooks let through.
            let vetoed = outcome.lineErrors
            let priced: (payload: JSONValue, uids: [Int: String])? = fake.state.withLock { state in
                var simulated = state
                for (index, line) in lines.enumerated() where vetoed[index] == nil {
                    _ = FakeGraphQLCart.add(line, to: cartID, state: &simulated)
                }
                guard let cart = simulated.carts[cartID], !cart.items.isEmpty else { return nil }
                return FakeCommerce.itemPricesPayload(cart, state: simulated)
            }
            guard let priced else { return outcome }
            for group in priceHooks {
                let decision = await runner.run(
                    method: group.method, type: group.type, payload: priced.payload, hooks: group.hooks)
                calls += decision.calls
                if let abort = decision.abort {
                    for index in lines.indices where outcome.lineErrors[index] == nil {
                        outcome.lineErrors[index] = abort
                    }
                    return outcome
                }
                for case .replace("result/price_updates", let value, _) in decision.operations {
                    for update in value.arrayValue ?? [] {
                        guard let number = update["item_id"]?.intValue, let uid = priced.uids[number],
                            let price = update["base_price"]?.decimalValue ?? update["price"]?.decimalValue
                        else { continue }
                        outcome.priceUpdates[uid] = price
                    }
                }
            }
        case .placeOrder(let order):
            for group in placeHooks {
                let payload: JSONValue =
                    group.method.hasPrefix("observer.")
                    ? ["eventName": "sales_order_place_before", "data": ["order": order]] : ["order": order]
                let decision = await runner.run(
                    method: group.method, type: group.type, payload: payload, hooks: group.hooks)
                calls += decision.calls
                if let abort = decision.abort {
                    outcome.placeOrderError = abort
                    break
                }
            }
        }
        return outcome
    }
}
