public import AdobeCommerce
import AdobeCommerceTesting
public import CommerceBridge

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An in-memory ERP implementing every adapter protocol, with faults injected from a seed: latency,
/// errors, hangs, outage windows, duplicate and out-of-order change feeds.
///
/// ```swift
/// var faults = FakeERP.Faults(seed: 7)
/// faults.errorRate = 0.2
/// let erp = FakeERP(faults: faults, time: clock.timeSource())
/// await erp.setPrice(sku: "24-MB01", price: 30)
/// ```
public actor FakeERP: ERPInventorySource, ERPPriceSource, OrderSink, OrderLedger, FulfillmentSource, CustomerMaster,
    ProductInformationSource,
    ReservationService
{
    /// What goes wrong, decided by a seeded generator so runs repeat.
    public struct Faults: Sendable {
        /// Each call waits a random time in this range, on the injected clock.
        public var latency: ClosedRange<Duration> = .zero ... .zero
        /// The share of calls that fail with `AdapterError.Code.unavailable`.
        public var errorRate: Double = 0
        /// The share of calls that never answer (until cancelled).
        public var hangRate: Double = 0
        /// Times when every call fails with `AdapterError.Code.unavailable`.
        public var outages: [ClosedRange<Date>] = []
        /// The share of change-feed records delivered twice.
        public var duplicateRate: Double = 0
        /// Whether change feeds come out of order.
        public var outOfOrder = false
        /// The seed.
        public var seed: UInt64

        /// No faults.
        public init(seed: UInt64 = 1) { self.seed = seed }
    }

    /// A reservation as the ERP holds it.
    public struct Reservation: Sendable, Hashable {
        /// The lines.
        public var lines: [ERPOrderRequest.Line]
        /// When it lapses unless confirmed.
        public var deadline: Date
        /// `reserved`, `confirmed` or `released`.
        public var state: String
        // MARK: Reservation confirmation
        /// The ERP order number the reservation was confirmed for, once confirmed.
        public var erpOrderNumber: String? = nil
    }

    let time: TimeSource
    /// The faults in force; change them at any time.
    public var faults: Faults
    private var random: SeededRandomNumberGenerator
    private var prices: [String: [(group: Int?, minimumQuantity: Decimal, price: Decimal)]] = [:]
    private var onHand: [String: InventoryLevel] = [:]
    private var ordersByKey: [String: String] = [:]
    /// Orders created, by ERP number.
    public private(set) var orders: [String: ERPOrderRequest] = [:]
    private var statuses: [String: String] = [:]
    private var created: [String: Date] = [:]
    private var orderSequence = 1000
    private var shipmentLog: [ERPShipment] = []
    private var invoiceLog: [ERPInvoice] = []
    private var customers: [String: MasterCustomer] = [:]
    private var customerKeys: [String: String] = [:]
    private var products: [String: SourceProduct] = [:]
    // MARK: Order adjustments
    /// Cancellations and credit memos the ERP recorded, how it deduplicates them and how it fails taking them (see
    /// `FakeERP+OrderAdjustments.swift`).
    public internal(set) var adjustments = Adjustments()
    /// Reservations, by key.
    public private(set) var reservations: [String: Reservation] = [:]
    /// Calls received, by operation name, faulty ones included.
    public private(set) var calls: [String: Int] = [:]
    // MARK: Price list
    /// The price list by row key; removed rows stay, flagged, for the change feed.
    var priceRows: [String: PriceListRow] = [:]
    // MARK: Product structure
    /// Variant families, by parent SKU (``FakeERP/setVariantFamily(_:)``).
    var variantFamilies: [String: VariantFamily] = [:]
    // MARK: Order lifecycle
    /// Order events queued for Commerce, oldest first.
    var lifecycleEvents: [ERPOrderEvent] = []
    /// Credit memos issued, oldest first.
    var creditMemoLog: [ERPCreditMemo] = []
    /// Returns, by number, in their current state.
    var returnLog: [String: ERPReturn] = [:]

    /// Creates an empty ERP.
    public init(faults: Faults = Faults(), time: TimeSource) {
        self.faults = faults
        self.time = time
        self.random = SeededRandomNumberGenerator(seed: faults.seed)
    }

    /// Replaces the faults and reseeds the generator.
    public func setFaults(_ faults: Faults) {
        self.faults = faults
        random = SeededRandomNumberGenerator(seed: faults.seed)
    }

    func inject(_ operation: String) async throws {
        calls[operation, default: 0] += 1
        let (lower, upper) = (faults.latency.lowerBound, faults.latency.upperBound)
        if upper > .zero {
            let span = (upper - lower) * random.unit()
            try await time.sleep(for: lower + span)
        }
        let now = time.now()
        if faults.outages.contains(where: { $0.contains(now) }) {
            throw AdapterError(.unavailable, system: .erp, "\(operation): the ERP is in an outage window")
        }
        if random.unit() < faults.hangRate {
            try await time.sleep(for: .seconds(86_400))
        }
        if random.unit() < faults.errorRate {
            throw AdapterError(.unavailable, system: .erp, "\(operation): injected failure")
        }
    }

    /// Applies the feed faults to a change list sorted oldest first.
    func feed<T>(_ records: [T]) -> [T] {
        var output: [T] = []
        for record in records {
            output.append(record)
            if random.unit() < faults.duplicateRate { output.append(record) }
        }
        if faults.outOfOrder, output.count > 1 {
            for index in stride(from: output.count - 1, to: 0, by: -1) {
                output.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
        }
        return output
    }

    // MARK: Seeding

    /// Sets a price: a list price, or a contract price for a customer group from a minimum quantity.
    public func setPrice(sku: String, price: Decimal, group: Int? = nil, minimumQuantity: Decimal = 1) {
        prices[sku, default: []].removeAll { $0.group == group && $0.minimumQuantity == minimumQuantity }
        prices[sku, default: []].append((group, minimumQuantity, price))
    }

    /// Sets the on-hand quantity of a SKU at a source, stamped now or, to imitate an ERP with a wrong clock or
    /// a bad record, at `updatedAt`.
    public func setOnHand(sku: String, sourceCode: String = "default", quantity: Decimal, updatedAt: Date? = nil) {
        onHand["\(sku)\u{0}\(sourceCode)"] = InventoryLevel(
            sku: sku, sourceCode: sourceCode, quantity: quantity, updatedAt: updatedAt ?? time.now())
    }

    /// Adds or changes a product, stamped now.
    public func setProduct(sku: String, attributes: [String: String]) {
        products[sku] = SourceProduct(sku: sku, attributes: attributes, updatedAt: time.now())
    }

    /// Changes a customer on the ERP side, stamped now, bumping its version.
    public func setCustomer(email: String, fields: [String: String]) {
        let key = email.lowercased()
        let version = (customers[key]?.version ?? 0) + 1
        customers[key] = MasterCustomer(
            masterID: customers[key]?.masterID ?? "C-\(customers.count + 1)", email: email, fields: fields,
            version: version,
            updatedAt: time.now())
    }

    /// Deletes a customer behind the connector's back (drift for reconciliation).
    public func removeCustomer(email: String) {
        customers[email.lowercased()] = nil
    }

    /// The customer as the ERP holds it.
    public func customer(email: String) -> MasterCustomer? { customers[email.lowercased()] }

    /// Ships an order (or part of it) with tracking, stamped now.
    @discardableResult
    public func ship(
        erpOrderNumber: String, carrierCode: String = "ups", trackingNumber: String, lines: [ERPShipment.Line]? = nil
    )
        -> ERPShipment
    {
        let order = orders[erpOrderNumber]
        let shipment = ERPShipment(
            number: "SH-\(shipmentLog.count + 1)", erpOrderNumber: erpOrderNumber, carrierCode: carrierCode,
            carrierTitle: carrierCode.uppercased(), trackingNumber: trackingNumber,
            lines: lines ?? order?.lines.map { .init(sku: $0.sku, quantity: $0.quantity) } ?? [], shippedAt: time.now())
        shipmentLog.append(shipment)
        statuses[erpOrderNumber] = "shipped"
        return shipment
    }

    /// Invoices an order (or, with `lines`, part of it), stamped now.
    @discardableResult
    public func invoice(erpOrderNumber: String, lines: [ERPShipment.Line] = []) -> ERPInvoice {
        let order = orders[erpOrderNumber]
        let amount =
            lines.isEmpty
            ? order?.grandTotal ?? 0
            : lines.reduce(Decimal(0)) { total, line in
                total + line.quantity * (order?.lines.first { $0.sku == line.sku }?.unitPrice ?? 0)
            }
        let invoice = ERPInvoice(
            number: "IN-\(invoiceLog.count + 1)", erpOrderNumber: erpOrderNumber, amount: amount, lines: lines,
            issuedAt: time.now())
        invoiceLog.append(invoice)
        return invoice
    }

    // MARK: ERPInventorySource

    /// The on-hand quantity.
    public func onHand(sku: String, sourceCode: String) async throws -> Decimal {
        try await inject("onHand")
        guard let level = onHand["\(sku)\u{0}\(sourceCode)"] else {
            throw AdapterError(.notFound, system: .erp, "no stock record for \(sku) at \(sourceCode)")
        }
        return level.quantity
    }

    /// Levels after `cursor`, in feed order.
    public func inventoryChanges(after cursor: FeedCursor, limit: Int) async throws -> [InventoryLevel] {
        try await inject("inventoryChanges")
        return feed(onHand.values.page(after: cursor, limit: limit))
    }

    /// Every level.
    public func inventorySnapshot() async throws -> [InventoryLevel] {
        try await inject("inventorySnapshot")
        return onHand.values.sorted { ($0.sku, $0.sourceCode) < ($1.sku, $1.sourceCode) }
    }

    // MARK: ERPPriceSource

    /// The best matching price: the group's contract price at the largest minimum quantity reached, else the
    /// list price.
    public func price(for context: PricingContext) async throws -> Decimal {
        try await inject("price")
        let candidates = (prices[context.sku] ?? []).filter {
            ($0.group == nil || $0.group == context.customerGroupID) && $0.minimumQuantity <= context.quantity
        }
        guard let best = candidates.min(by: { $0.price < $1.price }) else {
            throw AdapterError(.notFound, system: .erp, "no price for \(context.sku)")
        }
        return best.price
    }

    // MARK: OrderSink

    /// Creates the order once per idempotency key.
    public func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String {
        try await inject("createOrder")
        if let existing = ordersByKey[idempotencyKey] { return existing }
        guard !order.lines.isEmpty else {
            throw AdapterError(.rejected, system: .erp, "order \(order.commerceOrderNumber) has no lines")
        }
        orderSequence += 1
        let number = "SO-\(orderSequence)"
        ordersByKey[idempotencyKey] = number
        orders[number] = order
        statuses[number] = "open"
        created[number] = time.now()
        return number
    }

    /// Changes an order behind the connector's back, as a clerk in the ERP would (drift for reconciliation).
    public func amendOrder(_ erpOrderNumber: String, grandTotal: Decimal) {
        orders[erpOrderNumber]?.grandTotal = grandTotal
    }

    /// Deletes an order behind the connector's back (drift for reconciliation).
    public func removeOrder(_ erpOrderNumber: String) {
        orders[erpOrderNumber] = nil
        statuses[erpOrderNumber] = nil
        created[erpOrderNumber] = nil
    }

    /// The order's status.
    public func orderStatus(erpOrderNumber: String) async throws -> String {
        try await inject("orderStatus")
        guard let status = statuses[erpOrderNumber] else {
            throw AdapterError(.notFound, system: .erp, "no order \(erpOrderNumber)")
        }
        return status
    }

    // MARK: OrderLedger

    /// Orders created at or after `date`, by ERP number.
    public func orders(createdSince date: Date) async throws -> [ERPOrderSummary] {
        try await inject("orders")
        return orders.compactMap { number, order in
            guard let createdAt = created[number], createdAt >= date else { return nil }
            return ERPOrderSummary(
                erpOrderNumber: number, commerceOrderNumber: order.commerceOrderNumber, grandTotal: order.grandTotal,
                status: statuses[number] ?? "open", createdAt: createdAt)
        }
        .sorted { $0.erpOrderNumber < $1.erpOrderNumber }
    }

    // MARK: FulfillmentSource

    /// Shipments after `cursor`, in feed order.
    public func shipments(after cursor: FeedCursor, limit: Int) async throws -> [ERPShipment] {
        try await inject("shipments")
        return feed(shipmentLog.page(after: cursor, limit: limit))
    }

    /// Invoices after `cursor`, in feed order.
    public func invoices(after cursor: FeedCursor, limit: Int) async throws -> [ERPInvoice] {
        try await inject("invoices")
        return feed(invoiceLog.page(after: cursor, limit: limit))
    }

    // MARK: CustomerMaster

    /// Customers after `cursor`, in feed order.
    public func customerChanges(after cursor: FeedCursor, limit: Int) async throws -> [MasterCustomer] {
        try await inject("customerChanges")
        return feed(customers.values.page(after: cursor, limit: limit))
    }

    /// Creates or updates a customer by e-mail, once per idempotency key.
    public func upsertCustomer(_ customer: MasterCustomer, idempotencyKey: String) async throws -> String {
        try await inject("upsertCustomer")
        if let existing = customerKeys[idempotencyKey] { return existing }
        let key = customer.email.lowercased()
        let id = customers[key]?.masterID ?? "C-\(customers.count + 1)"
        customers[key] = MasterCustomer(
            masterID: id, email: customer.email, fields: customer.fields, version: (customers[key]?.version ?? 0) + 1,
            updatedAt: time.now())
        customerKeys[idempotencyKey] = id
        return id
    }

    // MARK: ProductInformationSource

    /// Products after `cursor`, in feed order.
    public func productChanges(after cursor: FeedCursor, limit: Int) async throws -> [SourceProduct] {
        try await inject("productChanges")
        return feed(products.values.page(after: cursor, limit: limit))
    }

    // MARK: ReservationService

    /// Reserves against on-hand less other live reservations; the same key returns the same answer.
    public func reserve(key: String, lines: [ERPOrderRequest.Line], until deadline: Date) async throws -> Bool {
        try await inject("reserve")
        if let existing = reservations[key], existing.state != "released" { return true }
        let now = time.now()
        for line in lines {
            let available = onHand.values.filter { $0.sku == line.sku }.reduce(Decimal(0)) { $0 + $1.quantity }
            let held = reservations.values.filter {
                $0.state == "confirmed" || ($0.state == "reserved" && $0.deadline > now)
            }
            .flatMap(\.lines).filter { $0.sku == line.sku }.reduce(Decimal(0)) { $0 + $1.quantity }
            if available - held < line.quantity { return false }
        }
        reservations[key] = Reservation(lines: lines, deadline: deadline, state: "reserved")
        return true
    }

    /// Confirms a reservation.
    public func confirm(key: String, erpOrderNumber: String?) async throws {
        try await inject("confirm")
        guard reservations[key] != nil else { throw AdapterError(.notFound, system: .erp, "no reservation \(key)") }
        reservations[key]?.state = "confirmed"
        reservations[key]?.erpOrderNumber = erpOrderNumber
    }

    /// Releases a reservation.
    public func release(key: String) async throws {
        try await inject("release")
        reservations[key]?.state = "released"
    }
}
