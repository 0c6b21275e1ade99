public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension FakeCommerce {
    /// Adds `productCount` simple products `SKU-000001`… with names, prices from 10.99 upwards, quantities at
    /// the default source, and category links, going through the same save path as the REST API.
    /// - Throws: `CommerceError` when a product is refused.
    public func seedCatalog(productCount: Int, skuPrefix: String = "SKU-") throws {
        for index in 1...max(1, productCount) where productCount > 0 {
            let number = String(index)
            let sku = skuPrefix + String(repeating: "0", count: max(0, 6 - number.count)) + number
            var product = Product(sku: sku)
            product.name = "Product \(index)"
            product.price = Decimal(10 + index % 90) + Decimal(string: "0.99")!
            product.weight = Decimal(1 + index % 5)
            product.typeID = "simple"
            product.extensionAttributes = CommerceSchema.CatalogProductExtension(
                categoryLinks: [CategoryLink(categoryID: index % 2 == 0 ? "4" : "5", position: index)])
            product.setCustomAttribute("description", to: "Description of product \(index).")
            try add(product, quantity: Decimal(index % 7 == 0 ? 0 : 100 + index % 50))
        }
    }

    /// Adds or replaces a product, and sets its quantity at the default source when given.
    /// - Throws: `CommerceError` with Magento's message when the product is refused.
    public func add(_ product: Product, quantity: Decimal? = nil) throws {
        let json = try JSONValue(encoding: product).objectValue ?? [:]
        try direct { state, context throws(FakeError) in
            _ = try FakeCatalogHandlers.save(json, sku: nil, store: "admin", state: &state, now: context.now)
            if let quantity, let sku = product.sku {
                state.sourceItems[FakeState.sourceItemKey(sku, "default")] = [
                    "sku": .string(sku), "source_code": "default", "quantity": .number(quantity),
                    "status": .int(quantity > 0 ? 1 : 0),
                ]
            }
        }
    }

    /// Adds a customer account, with a password for the customer-token endpoint.
    /// - Returns: The customer as stored, with its id.
    @discardableResult
    public func add(_ customer: Customer, password: String? = nil) throws -> Customer {
        var body: JSONObject = ["customer": try JSONValue(encoding: customer)]
        if let password { body["password"] = .string(password) }
        let request = FakeRequest(method: .post, store: "default", path: [:], query: [:], body: .object(body))
        let stored = try state.withLock { state throws(CommerceError) -> JSONValue in
            do throws(FakeError) {
                return try run(.customersCreate, request, state: &state)
            } catch {
                throw error.commerceError
            }
        }
        return try stored.decode(Customer.self)
    }

    /// A variant of a configurable product to seed.
    public struct Variant: Sendable, Hashable {
        /// The simple product's SKU.
        public var sku: String
        /// The option value's label, such as `Red`.
        public var label: String
        /// The price.
        public var price: Decimal
        /// The quantity at the default source.
        public var quantity: Decimal

        /// Creates a variant.
        public init(sku: String, label: String, price: Decimal, quantity: Decimal) {
            self.sku = sku
            self.label = label
            self.price = price
            self.quantity = quantity
        }
    }

    /// Adds a configurable product whose variants differ by one select attribute (`color` by default), as
    /// the storefront sees it: the parent is visible, the simple variants are not visible individually.
    public func addConfigurableProduct(
        sku: String,
        name: String,
        attributeCode: String = "color",
        variants: [Variant]
    ) throws {
        for variant in variants {
            var child = Product(sku: variant.sku)
            child.name = "\(name) \(variant.label)"
            child.price = variant.price
            child.productVisibility = .notVisibleIndividually
            try add(child, quantity: variant.quantity)
        }
        var parent = Product(sku: sku)
        parent.name = name
        parent.typeID = "configurable"
        parent.price = variants.map(\.price).min() ?? 0
        try add(parent)
        try direct { state, _ throws(FakeError) in
            let parentID = try state.productID(sku: sku)
            guard let attribute = state.attributes[attributeCode], let attributeID = attribute["attribute_id"]?.intValue
            else {
                throw FakeError(400, "The attribute \(attributeCode) does not exist.")
            }
            let options = attribute["options"]?.arrayValue ?? []
            var seeded: [FakeConfigurable.Variant] = []
            for (offset, variant) in variants.enumerated() {
                let index =
                    options.first { $0["label"]?.stringValue == variant.label }?["value"]?.intValue ?? 1_000 + offset
                seeded.append(
                    .init(productID: try state.productID(sku: variant.sku), label: variant.label, valueIndex: index))
            }
            state.configurables[parentID] = FakeConfigurable(
                attributeID: attributeID, attributeCode: attributeCode,
                label: attribute["default_frontend_label"]?.stringValue ?? attributeCode, variants: seeded)
        }
    }

    /// Assigns a source to a stock, so its quantities count towards that stock's salable quantity.
    public func link(sourceCode: String, toStock stockID: Int) {
        state.withLock { state in
            if !(state.stockSources[stockID] ?? []).contains(sourceCode) {
                state.stockSources[stockID, default: []].append(sourceCode)
            }
        }
    }

    /// A line of an order to place.
    public struct OrderLine: Sendable, Hashable {
        /// The SKU.
        public var sku: String
        /// The quantity.
        public var quantity: Decimal
        /// Creates a line.
        public init(sku: String, quantity: Decimal) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// Places an order as a storefront checkout would: priced from the catalog, `pending` in state `new`,
    /// paid by check/money order, with a reservation of each line's quantity.
    /// - Throws: `CommerceError` with code `CommerceError.Code.notFound` for an unknown SKU, or
    ///   `CommerceError.Code.badRequest` when there are no lines or a quantity is not positive.
    @discardableResult
    public func placeOrder(
        customerEmail: String,
        lines: [OrderLine],
        shippingAmount: Decimal = 5,
        customerID: Int? = nil
    ) throws -> Order {
        let order = try direct { state, context throws(FakeError) -> JSONValue in
            guard !lines.isEmpty else { throw FakeError(400, "The order has no items.") }
            var priced: [FakeOrderBuilder.Line] = []
            for line in lines {
                guard line.quantity > 0 else { throw FakeError(400, "The requested qty is not available") }
                let productID = try state.productID(sku: line.sku)
                let price = state.product(id: productID, store: "default")["price"]?.decimalValue ?? 0
                priced.append(FakeOrderBuilder.Line(productID: productID, quantity: line.quantity, price: price))
            }
            return .object(
                FakeOrderBuilder.place(
                    &state, now: context.now, email: customerEmail, customerID: customerID, lines: priced,
                    shippingAmount: shippingAmount))
        }
        return try order.decode(Order.self)
    }

    /// The product as stored, through the global (admin) scope.
    public func product(sku: String) -> Product? {
        state.withLock { state in
            guard let id = state.skuIndex[FakeState.key(sku)] else { return nil }
            return try? JSONValue.object(state.product(id: id, store: "admin")).decode(Product.self)
        }
    }

    /// The order as stored.
    public func order(id: Int) -> Order? {
        state.withLock { state in state.orders[id].flatMap { try? JSONValue.object($0).decode(Order.self) } }
    }

    /// How many customers the store holds.
    public var customerCount: Int { state.withLock { $0.customers.count } }

    /// Magento's numeric quote id of a storefront cart (`cartId` is the masked id GraphQL uses): what checkout
    /// webhook payloads and the order placed from the cart call `quote_id`. `nil` for an unknown cart.
    public func quoteID(cartID: String) -> Int? {
        state.withLock { $0.carts[cartID]?.quoteID }
    }

    /// The quantity of a SKU at a source, or `nil` when it is not assigned.
    public func sourceQuantity(sku: String, sourceCode: String = "default") -> Decimal? {
        state.withLock { $0.sourceItems[FakeState.sourceItemKey(sku, sourceCode)]?["quantity"]?.decimalValue }
    }

    /// Runs a seeding step inside the lock, mapping the fake's error to `CommerceError`.
    @discardableResult
    private func direct<T>(
        _ body: (inout FakeState, FakeContext) throws(FakeError) -> T
    ) throws(CommerceError) -> T {
        let context = FakeContext(options: options, now: MagentoDate(options.time.now()).rawValue)
        return try state.withLock { state throws(CommerceError) -> T in
            do throws(FakeError) {
                return try body(&state, context)
            } catch {
                throw error.commerceError
            }
        }
    }
}

extension FakeError {
    var commerceError: CommerceError {
        CommerceError(
            code: .forStatus(status), message: MagentoMessage.fill(message, parameters: parameters), httpStatus: status)
    }
}
