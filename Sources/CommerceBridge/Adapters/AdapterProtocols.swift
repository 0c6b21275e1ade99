#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// On-hand stock from the system that owns inventory (the ERP or WMS). Implement this to feed inventory sync
/// and the reservation fallback.
public protocol InventorySource: Sendable {
    /// The on-hand quantity of a SKU at a source.
    func onHand(sku: String, sourceCode: String) async throws -> Decimal
    /// Levels changed after `date`, oldest first, at most `limit`.
    func inventoryChanges(since date: Date, limit: Int) async throws -> [InventoryLevel]
    /// Every level, for the daily full pass.
    func inventorySnapshot() async throws -> [InventoryLevel]
}

/// One SKU's on-hand quantity at one source.
public struct InventoryLevel: Sendable, Hashable, Codable {
    /// The SKU.
    public var sku: String
    /// The source (warehouse) code, as in Commerce MSI.
    public var sourceCode: String
    /// The on-hand quantity: never a salable quantity.
    public var quantity: Decimal
    /// When the owner last changed it.
    public var updatedAt: Date

    /// Creates a level.
    public init(sku: String, sourceCode: String, quantity: Decimal, updatedAt: Date) {
        self.sku = sku
        self.sourceCode = sourceCode
        self.quantity = quantity
        self.updatedAt = updatedAt
    }
}

/// Who is buying, which decides the price: customer or group, website, currency and quantity.
public struct PricingContext: Sendable, Hashable, Codable {
    /// The SKU.
    public var sku: String
    /// The customer's id in Commerce, when signed in.
    public var customerID: String?
    /// The customer group.
    public var customerGroupID: Int
    /// The website code.
    public var website: String
    /// The ISO currency.
    public var currency: String
    /// The quantity, for tiered prices.
    public var quantity: Decimal

    /// Creates a context.
    public init(
        sku: String, customerID: String? = nil, customerGroupID: Int = 0, website: String = "base",
        currency: String = "USD",
        quantity: Decimal = 1
    ) {
        self.sku = sku
        self.customerID = customerID
        self.customerGroupID = customerGroupID
        self.website = website
        self.currency = currency
        self.quantity = quantity
    }
}

/// Prices computed by the system that owns pricing, for one buyer at a time (B2B contracts, tiers).
public protocol PricingEngine: Sendable {
    /// The unit price for `context`.
    /// - Throws: ``AdapterError`` (``AdapterError/Kind/unavailable`` when the ERP is slow or down).
    func price(for context: PricingContext) async throws -> Decimal
}

/// An order to create in the ERP.
public struct ERPOrderRequest: Sendable, Hashable, Codable {
    /// A line.
    public struct Line: Sendable, Hashable, Codable {
        /// The SKU.
        public var sku: String
        /// The quantity.
        public var quantity: Decimal
        /// The unit price charged.
        public var unitPrice: Decimal

        /// Creates a line.
        public init(sku: String, quantity: Decimal, unitPrice: Decimal) {
            self.sku = sku
            self.quantity = quantity
            self.unitPrice = unitPrice
        }
    }

    /// The Commerce order number (`increment_id`).
    public var commerceOrderNumber: String
    /// The customer's e-mail.
    public var customerEmail: String
    /// The lines.
    public var lines: [Line]
    /// The grand total.
    public var grandTotal: Decimal
    /// The currency.
    public var currency: String

    /// Creates a request.
    public init(
        commerceOrderNumber: String, customerEmail: String, lines: [Line], grandTotal: Decimal, currency: String
    ) {
        self.commerceOrderNumber = commerceOrderNumber
        self.customerEmail = customerEmail
        self.lines = lines
        self.grandTotal = grandTotal
        self.currency = currency
    }
}

/// Receives orders: creates each once (by idempotency key) and reports its status.
public protocol OrderSink: Sendable {
    /// Creates the order, or returns the number of the one already created with this key.
    /// - Returns: The ERP's order number.
    func createOrder(_ order: ERPOrderRequest, idempotencyKey: String) async throws -> String
    /// The ERP's status of an order, such as `open`, `released`, `shipped`, `cancelled`.
    func orderStatus(erpOrderNumber: String) async throws -> String
}

/// An order as the ERP's ledger lists it, for reconciliation.
public struct ERPOrderSummary: Sendable, Hashable, Codable {
    /// The ERP's order number.
    public var erpOrderNumber: String
    /// The Commerce order number (`increment_id`) the ERP recorded with it.
    public var commerceOrderNumber: String
    /// The grand total the ERP holds.
    public var grandTotal: Decimal
    /// The ERP's status.
    public var status: String
    /// When the ERP created it.
    public var createdAt: Date

    /// Creates a summary.
    public init(
        erpOrderNumber: String, commerceOrderNumber: String, grandTotal: Decimal, status: String, createdAt: Date
    ) {
        self.erpOrderNumber = erpOrderNumber
        self.commerceOrderNumber = commerceOrderNumber
        self.grandTotal = grandTotal
        self.status = status
        self.createdAt = createdAt
    }
}

/// The ERP's list of orders, which order reconciliation compares with Commerce over the ID map.
public protocol OrderLedger: Sendable {
    /// Every order the ERP created at or after `date`, whatever its origin.
    func orders(createdSince date: Date) async throws -> [ERPOrderSummary]
}

/// A shipment the ERP or WMS made, with tracking.
public struct ERPShipment: Sendable, Hashable, Codable {
    /// A shipped line.
    public struct Line: Sendable, Hashable, Codable {
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

    /// The ERP's shipment number.
    public var number: String
    /// The ERP order it belongs to.
    public var erpOrderNumber: String
    /// The carrier code (`ups`, `fedex`, `custom` …).
    public var carrierCode: String
    /// The carrier's name.
    public var carrierTitle: String
    /// The tracking number.
    public var trackingNumber: String
    /// The lines shipped.
    public var lines: [Line]
    /// When it shipped.
    public var shippedAt: Date

    /// Creates a shipment.
    public init(
        number: String, erpOrderNumber: String, carrierCode: String, carrierTitle: String, trackingNumber: String,
        lines: [Line], shippedAt: Date
    ) {
        self.number = number
        self.erpOrderNumber = erpOrderNumber
        self.carrierCode = carrierCode
        self.carrierTitle = carrierTitle
        self.trackingNumber = trackingNumber
        self.lines = lines
        self.shippedAt = shippedAt
    }
}

/// An invoice the ERP issued.
public struct ERPInvoice: Sendable, Hashable, Codable {
    /// The ERP's invoice number.
    public var number: String
    /// The ERP order it belongs to.
    public var erpOrderNumber: String
    /// The amount.
    public var amount: Decimal
    /// When it was issued.
    public var issuedAt: Date

    /// Creates an invoice.
    public init(number: String, erpOrderNumber: String, amount: Decimal, issuedAt: Date) {
        self.number = number
        self.erpOrderNumber = erpOrderNumber
        self.amount = amount
        self.issuedAt = issuedAt
    }
}

/// Shipments and invoices made by the system that owns fulfilment.
public protocol FulfillmentSource: Sendable {
    /// Shipments made after `date`, oldest first.
    func shipments(since date: Date, limit: Int) async throws -> [ERPShipment]
    /// Invoices issued after `date`, oldest first.
    func invoices(since date: Date, limit: Int) async throws -> [ERPInvoice]
}

/// A customer as the master system holds it.
public struct MasterCustomer: Sendable, Hashable, Codable {
    /// The master system's id, when it has one.
    public var masterID: String?
    /// The e-mail (with the website, the natural key in Commerce).
    public var email: String
    /// The fields the systems share (`firstname`, `lastname`, `telephone`, `group` …).
    public var fields: [String: String]
    /// A version that grows with every change, when the system keeps one.
    public var version: Int64?
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a customer.
    public init(masterID: String?, email: String, fields: [String: String], version: Int64? = nil, updatedAt: Date) {
        self.masterID = masterID
        self.email = email
        self.fields = fields
        self.version = version
        self.updatedAt = updatedAt
    }
}

/// The customer master on the other side (ERP or CRM): both sides write, the engine converges them.
public protocol CustomerMaster: Sendable {
    /// Customers changed after `date`, oldest first.
    func customerChanges(since date: Date, limit: Int) async throws -> [MasterCustomer]
    /// Creates or updates a customer by e-mail and returns the master id.
    func upsertCustomer(_ customer: MasterCustomer, idempotencyKey: String) async throws -> String
    /// Every customer, for reconciliation. The default pages through ``customerChanges(since:limit:)``; override
    /// it when the master can list its customers directly.
    func allCustomers() async throws -> [MasterCustomer]
}

extension CustomerMaster {
    /// Pages through ``customerChanges(since:limit:)`` from the beginning, 1,000 at a time, and keeps the newest
    /// record per e-mail.
    /// - Throws: ``AdapterError/Kind/rejected`` when 1,000 changes share one timestamp, so paging by time cannot
    ///   move on: implement `allCustomers()` for this master.
    public func allCustomers() async throws -> [MasterCustomer] {
        let pageSize = 1_000
        var byEmail: [String: MasterCustomer] = [:]
        var since = Date.distantPast
        while true {
            let page = try await customerChanges(since: since, limit: pageSize)
            var learned = false
            for record in page {
                let email = record.email.lowercased()
                if let known = byEmail[email], known.updatedAt > record.updatedAt { continue }
                learned = learned || byEmail[email] != record
                byEmail[email] = record
            }
            guard page.count == pageSize, let last = page.last?.updatedAt else { break }
            guard learned, last > since else {
                throw AdapterError(
                    .rejected, system: .erp,
                    "more than \(pageSize) customer changes share the time \(last); paging by time cannot list them "
                        + "all: implement allCustomers() for this master")
            }
            // `since` is exclusive: step back a millisecond so changes at the same instant as the page's last one
            // are read again, not skipped; the e-mail de-duplicates them.
            since = last.addingTimeInterval(-0.001)
        }
        return byEmail.values.sorted { $0.email.lowercased() < $1.email.lowercased() }
    }
}

/// A product as the PIM or ERP holds it.
public struct SourceProduct: Sendable, Hashable, Codable {
    /// The SKU.
    public var sku: String
    /// The attributes the source owns (`name`, `description`, `price` …), as strings.
    public var attributes: [String: String]
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a product.
    public init(sku: String, attributes: [String: String], updatedAt: Date) {
        self.sku = sku
        self.attributes = attributes
        self.updatedAt = updatedAt
    }
}

/// Products from the system that owns product information.
public protocol ProductInformationSource: Sendable {
    /// Products changed after `date`, oldest first, at most `limit`.
    func productChanges(since date: Date, limit: Int) async throws -> [SourceProduct]
}

/// Holds stock for a checkout until the order is placed, or lets it go.
public protocol ReservationService: Sendable {
    /// Reserves the lines under `key` until `deadline`; repeating a key returns the same reservation.
    /// - Returns: Whether every line could be reserved.
    func reserve(key: String, lines: [ERPOrderRequest.Line], until deadline: Date) async throws -> Bool
    /// Turns the reservation into an allocation for the placed order.
    func confirm(key: String, erpOrderNumber: String?) async throws
    /// Releases the reservation (cancel, failure or expiry); releasing twice is harmless.
    func release(key: String) async throws
}
