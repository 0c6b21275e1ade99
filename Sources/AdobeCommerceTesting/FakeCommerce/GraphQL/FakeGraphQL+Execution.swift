import AdobeCommerce

extension FakeGraphQL {
    /// The resolver calls that answer one root field: each resolver's name and the variables it reads.
    struct Route {
        var calls: [(resolver: String, variables: JSONObject)]
        /// The key the resolvers put their answer under.
        var resultKey: String
    }

    static let queryFields: Set<String> = ["products", "storeConfig", "customer", "customerCart", "cart"]

    /// Runs every root field of `operation`, each through its resolvers, and shapes the answers by the
    /// selection set. A field that fails is `null` with an error naming its path; the others still answer.
    func execute(
        _ operation: GraphQLDocument.Operation, of document: GraphQLDocument, variables: JSONObject,
        identity: FakeIdentity, state: inout FakeState
    ) -> (JSONValue, Int) {
        let rootType = operation.kind == "mutation" ? "Mutation" : "Query"
        let fields = document.fields(of: operation.selections, typeName: rootType, variables: variables)
        var routes: [String: Route] = [:]
        var unknown: [JSONValue] = []
        for field in fields where field.name != "__typename" {
            if let route = Self.route(field, kind: operation.kind, document: document, variables: variables) {
                routes[field.responseKey] = route
            } else {
                unknown.append(
                    [
                        "message": .string("Cannot query field \"\(field.name)\" on type \"\(rootType)\"."),
                        "extensions": ["category": "graphql"],
                    ])
            }
        }
        guard unknown.isEmpty else { return (["errors": .array(unknown)], 200) }
        var data: JSONObject = [:]
        var errors: [JSONValue] = []
        for field in fields {
            guard let route = routes[field.responseKey] else {
                data[field.responseKey] = .string(rootType)  // __typename
                continue
            }
            do throws(GraphQLFailure) {
                var value = JSONValue.null
                for call in route.calls {
                    guard let resolver = Self.handlers[call.resolver] else { continue }
                    let request = Request(
                        operationName: call.resolver, variables: call.variables, identity: identity,
                        now: MagentoDate(fake.options.time.now()).rawValue, options: fake.options)
                    value = Self.merge(value, try resolver(&state, request)[route.resultKey] ?? .null)
                }
                if field.name == "createEmptyCart" { value = value["cart"]?["id"] ?? .null }
                data[field.responseKey] = Self.shape(value, by: field.selections, in: document, variables: variables)
            } catch {
                data[field.responseKey] = .null
                errors.append(
                    [
                        "message": .string(error.message), "extensions": ["category": .string(error.category)],
                        "path": [.string(field.responseKey)],
                    ])
                if error.status != 200 { return (["errors": .array(errors)], error.status) }
            }
        }
        var body: JSONObject = ["data": .object(data)]
        if !errors.isEmpty { body["errors"] = .array(errors) }
        return (.object(body), 200)
    }

    /// Which resolvers answer `field`, with its arguments as their variables.
    static func route(
        _ field: GraphQLDocument.Field, kind: String, document: GraphQLDocument, variables: JSONObject
    ) -> Route? {
        guard queryFields.contains(field.name) == (kind == "query") else { return nil }
        let arguments = field.arguments(variables)
        switch field.name {
        case "products":
            // A lookup by SKU answers whatever the visibility; a search shows what the catalog shows.
            let filter = arguments["filter"]?.objectValue ?? [:]
            if arguments["search"] == nil, filter.keys.sorted() == ["sku"], let sku = filter["sku"] {
                let skus = sku["in"]?.arrayValue ?? sku["eq"].map { [$0] } ?? []
                var lookup = arguments
                lookup["skus"] = .array(skus)
                return Route(calls: [("ProductsBySKU", lookup)], resultKey: "products")
            }
            return Route(calls: [("ProductSearch", arguments)], resultKey: "products")
        case "storeConfig":
            return Route(calls: [("StoreConfig", [:])], resultKey: "storeConfig")
        case "customer":
            var calls: [(resolver: String, variables: JSONObject)] = [("Customer", [:])]
            let selected = document.fields(of: field.selections, typeName: "Customer", variables: variables)
            if let orders = selected.first(where: { $0.name == "orders" }) {
                calls.append(("CustomerOrders", orders.arguments(variables)))
            }
            return Route(calls: calls, resultKey: "customer")
        case "customerCart":
            return Route(calls: [("CustomerCart", [:])], resultKey: "customerCart")
        case "cart":
            return Route(calls: [("Cart", ["cartId": arguments["cart_id"] ?? .null])], resultKey: "cart")
        case "generateCustomerToken", "addProductsToCart", "revokeCustomerToken":
            return Route(calls: [(capitalized(field.name), arguments)], resultKey: field.name)
        case "createGuestCart", "createEmptyCart":
            return Route(calls: [("CreateGuestCart", [:])], resultKey: "createGuestCart")
        case "updateCartItems", "removeItemFromCart", "setGuestEmailOnCart", "setShippingAddressesOnCart",
            "setBillingAddressOnCart", "setShippingMethodsOnCart", "setPaymentMethodOnCart", "applyCouponToCart",
            "placeOrder":
            return Route(
                calls: [(capitalized(field.name), ["input": arguments["input"] ?? .null])], resultKey: field.name)
        default:
            return nil
        }
    }

    /// `value` with only the fields `selections` ask for, under their aliases; a selected field the resolver does
    /// not produce is `null`.
    static func shape(
        _ value: JSONValue, by selections: [GraphQLDocument.Selection], in document: GraphQLDocument,
        variables: JSONObject
    ) -> JSONValue {
        guard !selections.isEmpty else { return value }
        switch value {
        case .array(let items):
            return .array(items.map { shape($0, by: selections, in: document, variables: variables) })
        case .object(let object):
            var shaped: JSONObject = [:]
            let typeName = object["__typename"]?.stringValue
            for field in document.fields(of: selections, typeName: typeName, variables: variables) {
                let child = object[field.name] ?? .null
                shaped[field.responseKey] = shape(child, by: field.selections, in: document, variables: variables)
            }
            return .object(shaped)
        default:
            return value
        }
    }

    /// Two resolvers' answers for one field, objects merged key by key.
    static func merge(_ first: JSONValue, _ second: JSONValue) -> JSONValue {
        guard case .object(var merged) = first, case .object(let other) = second else {
            return second == .null ? first : second
        }
        for (key, value) in other { merged[key] = merge(merged[key] ?? .null, value) }
        return .object(merged)
    }

    private static func capitalized(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }
}
