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
            product.categoryLinks = [CategoryLink(categoryID: index % 2 == 0 ? "4" : "5", position: index)]
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
            let id = state.nextOrderID
            state.nextOrderID += 1
            var items: [JSONValue] = []
            var subtotal = Decimal(0)
            var quantity = Decimal(0)
            for line in lines {
                guard line.quantity > 0 else { throw FakeError(400, "The requested qty is not available") }
                let productID = try state.productID(sku: line.sku)
                let product = state.product(id: productID, store: "default")
                let price = product["price"]?.decimalValue ?? 0
                subtotal += price * line.quantity
                quantity += line.quantity
                items.append([
                    "item_id": .int(state.nextOrderItemID), "order_id": .int(id),
                    "sku": product["sku"] ?? .string(line.sku),
                    "name": product["name"] ?? "", "product_id": .int(productID),
                    "product_type": product["type_id"] ?? "simple",
                    "qty_ordered": .number(line.quantity), "qty_invoiced": 0, "qty_shipped": 0, "qty_refunded": 0,
                    "qty_canceled": 0, "price": .number(price), "base_price": .number(price),
                    "original_price": .number(price),
                    "row_total": .number(price * line.quantity), "tax_amount": 0, "tax_percent": 0,
                    "discount_amount": 0,
                    "weight": product["weight"] ?? 0, "is_virtual": 0, "created_at": .string(context.now),
                    "updated_at": .string(context.now),
                ])
                state.nextOrderItemID += 1
                state.reservations[FakeState.key(line.sku), default: 0] += line.quantity
            }
            let total = subtotal + shippingAmount
            let address: JSONValue = [
                "address_type": "billing", "firstname": "Test", "lastname": "Customer", "street": ["1 Main Street"],
                "city": "Austin", "region": "Texas", "region_code": "TX", "postcode": "78701", "country_id": "US",
                "telephone": "5125550100", "email": .string(customerEmail), "parent_id": .int(id),
                "entity_id": .int(id),
            ]
            let order: JSONObject = [
                "entity_id": .int(id), "increment_id": .string(FakeSalesHandlers.pad(id)), "state": "new",
                "status": "pending",
                "store_id": 1, "customer_email": .string(customerEmail), "customer_firstname": "Test",
                "customer_lastname": "Customer", "customer_group_id": .int(customerID == nil ? 0 : 1),
                "customer_is_guest": .int(customerID == nil ? 1 : 0),
                "customer_id": customerID.map { .int($0) } ?? .null,
                "created_at": .string(context.now), "updated_at": .string(context.now), "order_currency_code": "USD",
                "base_currency_code": "USD", "grand_total": .number(total), "base_grand_total": .number(total),
                "subtotal": .number(subtotal), "base_subtotal": .number(subtotal), "tax_amount": 0,
                "shipping_amount": .number(shippingAmount), "discount_amount": 0, "total_paid": 0, "total_invoiced": 0,
                "total_refunded": 0, "total_qty_ordered": .number(quantity), "total_item_count": .int(lines.count),
                "shipping_description": "Flat Rate - Fixed", "items": .array(items), "billing_address": address,
                "payment": [
                    "method": "checkmo", "amount_ordered": .number(total), "parent_id": .int(id), "entity_id": .int(id),
                ],
                "status_histories": [],
            ]
            state.orders[id] = order.filter { $0.value != .null }
            return .object(state.orders[id]!)
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

    /// The quantity of a SKU at a source, or `nil` when it is not assigned.
    public func sourceQuantity(sku: String, sourceCode: String = "default") -> Decimal? {
        state.withLock { $0.sourceItems[FakeState.sourceItemKey(sku, sourceCode)]?["quantity"]?.decimalValue }
    }

    /// Runs a seeding step inside the lock, mapping the fake's error to `CommerceError`.
    @discardableResult
    private func direct<T>(
        _ body: (inout FakeState, FakeContext) throws(FakeError) -> T
    ) throws(CommerceError) -> T {
        let context = FakeContext(options: options, now: MagentoDate(options.now()).rawValue)
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
