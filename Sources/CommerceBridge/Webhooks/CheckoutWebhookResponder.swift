public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Answers Adobe Commerce's synchronous checkout webhooks from the connector's engines: last-unit stock at
/// add-to-cart and at order placement from ``ReservationEngine``, item prices from ``PricingEngine``, always within
/// ``Configuration/deadline``.
///
/// | method (subscribe the hook's URL as `<base>/<method>`) | answer |
/// |---|---|
/// | `observer.sales_quote_add_item`, `observer.checkout_cart_product_add_before`, `observer.sales_quote_item_save_before` | reserves the line; `success`, or `exception` with ``Configuration/insufficientStockMessage`` |
/// | `plugin.magento.sales.api.order_management.place` (before), `observer.sales_order_place_before` | reserves every line; `success`, or `exception` naming the SKUs short |
/// | `plugin.magento.out_of_process_totals_collector.api.get_total_modifications.item_prices` (after) | `replace` `result/price_updates` with `[{item_id, base_price}]` |
/// | anything else | `success`, counted in ``Statistics/unknownMethods`` |
/// | unsigned, or a signature no configured key verifies | `401` |
///
/// The method is read from the last path segment of the request (`…/observer.sales_quote_add_item`), else from the
/// payload's `eventName`, else from the payload's shape (an `order` with `items`, a `shippingAssignment`).
///
/// **Reservations.** A line is reserved under ``reservationKey(quoteID:sku:)`` (the cart's id and the SKU), the same
/// key at add-to-cart and at placement, so a line held since add-to-cart is not held twice and a retried call repeats
/// its answer. Give the same engine to ``DualWriteOrderEngine`` (`reservations:`) and it confirms the keys of every order
/// it exports with the ERP's order number; release them when the cart is abandoned; the engine's TTL releases forgotten
/// ones. A refused line's answer is forgotten at once, so the shopper's next try asks the ERP again.
/// A quantity raised after add-to-cart is not held again until the key is released (the engine is idempotent by key):
/// the ERP's allocation at export stays the last check. `checkout_cart_product_add_before` carries no cart id: its
/// lines are reserved under the request id and lapse at the TTL; prefer `sales_quote_add_item`.
///
/// **The deadline.** Commerce blocks the shopper until the hook answers (its hook `timeout` is 0, no limit, unless
/// set). The engines already fall back on their own (cached stock after ``ReservationEngine/Configuration/timeout``,
/// last known or base price after ``PricingEngine/Configuration/timeout``); should an answer still take longer than
/// ``Configuration/deadline`` (a slow store, a claim held by another worker), the responder answers by
/// ``Configuration/whenLate`` and lets the engine finish on its own, so its answer is there for Commerce's retry. A late
/// price answer is `success`: Commerce keeps its own (base) price. Set the hook's `timeout` above the deadline.
///
/// **Failures block checkout.** A hook is `required` by default, and Commerce aborts the action on any answer other
/// than `2xx`, on a timeout, and on a body it cannot read: a `401` for a bad signature therefore stops every
/// add-to-cart and order until the keys match again (the shopper sees the hook's `fallback_error_message`, or "Cannot
/// perform the operation due to an error."). Alert on ``Statistics/refusedSignatures``, and configure both keys while
/// regenerating the pair in the Admin (`CommerceWebhookSignature`).
///
/// ```swift
/// let responder = CheckoutWebhookResponder(
///     signature: try CommerceWebhookSignature(publicKeyPEM: adminPEM), reservations: reservations, pricing: pricing)
/// var router = HTTPRouter()
/// for method in CheckoutWebhookResponder.handledMethods {
///     router.route("/commerce-webhooks/\(method)", method: .post, to: responder)
/// }
/// ```
public struct CheckoutWebhookResponder: HTTPEndpoint {
    /// What to answer when the engines have not decided by the deadline, or failed without a fallback.
    public enum StockFallback: Sendable, Hashable {
        /// `success`: let the checkout go on; Commerce's own salable quantity still applies.
        case allow
        /// `exception` with this message: refuse rather than risk selling stock the ERP may not have.
        case refuse(message: String)
    }

    /// Limits and messages.
    public struct Configuration: Sendable {
        /// The longest the responder takes to answer. Keep it well under the hook's `timeout` in Commerce.
        public var deadline: Duration = .seconds(2)
        /// The stock answer when the reservation engine is late or fails.
        public var whenLate: StockFallback = .allow
        /// The message shown to the shopper when a line is short; `%1` is the SKU, `%2` the quantity asked for.
        public var insufficientStockMessage = "The requested qty of \"%1\" is not available."
        /// The website code of the pricing context.
        public var website = "base"
        /// The currency of the pricing context when the payload names none.
        public var currency = "USD"

        /// The defaults: a 2 s deadline, checkout allowed when late.
        public init() {}
    }

    /// Counters for dashboards and alerts.
    public struct Statistics: Sendable, Hashable {
        /// Calls answered, by method.
        public var calls: [CommerceWebhookMethod: Int] = [:]
        /// Calls for a method the responder does not handle (answered `success`).
        public var unknownMethods = 0
        /// Calls refused with `401`: unsigned or badly signed. Each one blocked a checkout step.
        public var refusedSignatures = 0
        /// Calls whose body is not JSON, or names no SKU where one is needed (answered `400` and `success`).
        public var unreadablePayloads = 0
        /// `exception` answers: lines short.
        public var exceptions = 0
        /// Answers given by ``Configuration/whenLate`` because the deadline passed or an engine failed.
        public var lateAnswers = 0
    }

    /// The configuration.
    public let configuration: Configuration
    private let signature: CommerceWebhookSignature
    private let reservations: ReservationEngine?
    private let pricing: PricingEngine?
    private let time: TimeSource
    private let counters = Counters()

    /// Creates a responder.
    /// - Parameters:
    ///   - signature: The public keys Commerce's signatures must verify with.
    ///   - reservations: The reservation engine for stock methods; without one they are answered `success`.
    ///   - pricing: The pricing engine for item prices; without one they are answered `success`.
    ///   - configuration: The deadline, the fallback and the shopper's message.
    ///   - time: The clock the deadline is measured on.
    public init(
        signature: CommerceWebhookSignature, reservations: ReservationEngine? = nil, pricing: PricingEngine? = nil,
        configuration: Configuration = Configuration(), time: TimeSource = .system
    ) {
        self.signature = signature
        self.reservations = reservations
        self.pricing = pricing
        self.configuration = configuration
        self.time = time
    }

    /// The counters so far.
    public var statistics: Statistics { counters.state.withLock { $0 } }

    /// The reservation key of a cart line: `<quote id>/<sku>`. ``DualWriteOrderEngine`` confirms it when the order is
    /// exported (given the ``ReservationEngine``); release it with ``ReservationEngine/release(key:)``.
    /// - Parameters:
    ///   - quoteID: The cart's (quote's) id.
    ///   - sku: The SKU.
    /// - Returns: The key.
    public static func reservationKey(quoteID: String, sku: String) -> String { "\(quoteID)/\(sku)" }

    /// Verifies the signature and answers one webhook call.
    /// - Parameter request: The call as received.
    /// - Returns: `401` when unsigned or badly signed, `400` when the body is not a JSON object, else `200` with the
    ///   operations.
    public func respond(to request: InboundHTTPRequest) async -> HTTPResponse {
        do {
            try signature.verify(request)
        } catch {
            counters.state.withLock { $0.refusedSignatures += 1 }
            return Self.refusal(401, error.description)
        }
        let call: CommerceWebhookCall
        do {
            call = try CommerceWebhookCall(request)
        } catch {
            counters.state.withLock { $0.unreadablePayloads += 1 }
            return Self.refusal(400, error.description)
        }
        let method = Self.method(of: call, path: request.path)
        return WebhookOperation.response(await answer(call, method: method))
    }

    /// The operations answering `call` for `method`, within the deadline: for mounting without HTTP (after verifying
    /// the signature yourself) and for tests.
    /// - Parameters:
    ///   - call: The parsed call.
    ///   - method: The webhook method; `nil` for one the responder could not tell.
    /// - Returns: The operations.
    public func answer(_ call: CommerceWebhookCall, method: CommerceWebhookMethod?) async -> [WebhookOperation] {
        let kind = method.flatMap(Self.kind(of:))
        counters.state.withLock { state in
            if let method { state.calls[method, default: 0] += 1 }
            if kind == nil { state.unknownMethods += 1 }
        }
        guard let kind else { return [.success] }
        let late: [WebhookOperation] = kind == .prices ? [.success] : lateStockAnswer
        let (operations, isLate) = await WebhookDeadline.run(within: configuration.deadline, time: time, late: late) {
            [self] in
            switch kind {
            case .addToCart: return await stockOnAdd(call)
            case .placeOrder: return await stockOnPlace(call)
            case .prices: return await prices(call)
            }
        }
        counters.state.withLock { state in
            if isLate { state.lateAnswers += 1 }
            if operations.contains(where: { if case .exception = $0 { true } else { false } }) {
                state.exceptions += 1
            }
        }
        return operations
    }

    // MARK: Methods

    /// The methods the responder answers from its engines; subscribe each hook at `<base URL>/<method>`.
    public static let handledMethods: [CommerceWebhookMethod] = [
        .salesQuoteAddItem, .checkoutCartProductAddBefore, .salesQuoteItemSaveBefore, .orderPlace, .orderPlaceSaaS,
        .salesOrderPlaceBefore, .itemPrices, .itemPricesSaaS,
    ]

    enum Kind { case addToCart, placeOrder, prices }

    static func kind(of method: CommerceWebhookMethod) -> Kind? {
        switch method {
        case .checkoutCartProductAddBefore, .salesQuoteAddItem, .salesQuoteItemSaveBefore: .addToCart
        case .orderPlace, .orderPlaceSaaS, .salesOrderPlaceBefore: .placeOrder
        case .itemPrices, .itemPricesSaaS: .prices
        default: nil
        }
    }

    /// The method: the path's last segment, the payload's `eventName`, or the payload's shape.
    static func method(of call: CommerceWebhookCall, path: String) -> CommerceWebhookMethod? {
        if let last = path.split(separator: "/").last, last.hasPrefix("observer.") || last.hasPrefix("plugin.") {
            return CommerceWebhookMethod(rawValue: String(last))
        }
        if let observer = call.observerMethod { return observer }
        if (call.payload["order"] ?? call.payload["data"]?["order"])?["items"]?.arrayValue != nil { return .orderPlace }
        if call.payload["shippingAssignment"] != nil { return .itemPrices }
        return nil
    }

    // MARK: Stock

    private var lateStockAnswer: [WebhookOperation] {
        switch configuration.whenLate {
        case .allow: [.success]
        case .refuse(let message): [.exception(message: message)]
        }
    }

    private func stockOnAdd(_ call: CommerceWebhookCall) async -> [WebhookOperation] {
        guard let reservations else { return [.success] }
        guard let (line, quoteID) = CheckoutWebhookPayload.addedItem(in: call.payload) else {
            counters.state.withLock { $0.unreadablePayloads += 1 }
            return [.success]
        }
        let key =
            quoteID.map { Self.reservationKey(quoteID: $0, sku: line.sku) }
            ?? "request/\(call.requestID ?? UUID().uuidString.lowercased())/\(line.sku)"
        switch await reserve(line, key: key, on: reservations) {
        case .available: return [.success]
        case .short: return [.exception(message: shortMessage([line]))]
        case .failed: return lateStockAnswer
        }
    }

    private func stockOnPlace(_ call: CommerceWebhookCall) async -> [WebhookOperation] {
        guard let reservations else { return [.success] }
        guard let order = CheckoutWebhookPayload.order(in: call.payload), !order.lines.isEmpty else {
            counters.state.withLock { $0.unreadablePayloads += 1 }
            return [.success]
        }
        let owner = order.quoteID ?? "order-\(order.incrementID ?? call.requestID ?? UUID().uuidString.lowercased())"
        let outcomes = await withTaskGroup(of: (Int, StockOutcome).self) { group in
            for (index, line) in order.lines.enumerated() {
                group.addTask { [self] in
                    (
                        index,
                        await reserve(line, key: Self.reservationKey(quoteID: owner, sku: line.sku), on: reservations)
                    )
                }
            }
            var outcomes = [StockOutcome](repeating: .available, count: order.lines.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
        let short = zip(order.lines, outcomes).filter { $0.1 == .short }.map(\.0)
        if !short.isEmpty { return [.exception(message: shortMessage(short))] }
        if outcomes.contains(.failed) { return lateStockAnswer }
        return [.success]
    }

    enum StockOutcome: Equatable { case available, short, failed }

    /// Reserves one line; a refusal is forgotten at once, so the next try asks the ERP again.
    private func reserve(_ line: CheckoutWebhookPayload.Line, key: String, on engine: ReservationEngine) async
        -> StockOutcome
    {
        let decision: ReservationEngine.Decision
        do {
            decision = try await engine.reserve(
                key: key, lines: [ERPOrderRequest.Line(sku: line.sku, quantity: line.quantity, unitPrice: 0)])
        } catch {
            return .failed
        }
        switch decision {
        case .reserved, .fallback(available: true, _):
            return .available
        case .insufficient, .fallback(available: false, _):
            try? await engine.release(key: key)
            return .short
        }
    }

    private func shortMessage(_ lines: [CheckoutWebhookPayload.Line]) -> String {
        lines.map { line in
            configuration.insufficientStockMessage.replacing("%1", with: line.sku)
                .replacing("%2", with: "\(line.quantity)")
        }.joined(separator: " ")
    }

    // MARK: Prices

    private func prices(_ call: CommerceWebhookCall) async -> [WebhookOperation] {
        guard let pricing else { return [.success] }
        let request = CheckoutWebhookPayload.pricedItems(in: call.payload)
        guard !request.items.isEmpty else { return [.success] }
        let (website, defaultCurrency) = (configuration.website, configuration.currency)
        let prices = await withTaskGroup(of: (Int, Decimal?).self) { group in
            for (index, item) in request.items.enumerated() {
                let context = PricingContext(
                    sku: item.sku, customerID: request.customerID, customerGroupID: request.customerGroupID ?? 0,
                    website: website, currency: request.currency ?? defaultCurrency, quantity: item.quantity)
                group.addTask { (index, try? await pricing.price(for: context).price) }
            }
            var prices = [Decimal?](repeating: nil, count: request.items.count)
            for await (index, price) in group { prices[index] = price }
            return prices
        }
        let updates: [JSONValue] = zip(request.items, prices).compactMap { item, price in
            price.map { ["item_id": item.itemID, "base_price": .number($0)] }
        }
        guard !updates.isEmpty else { return [.success] }
        return [.replace(path: "result/price_updates", value: .array(updates))]
    }

    private static func refusal(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "application/json"],
            body: JSONValue.object(["message": .string(message)]).jsonData)
    }

    /// The counters, shared by copies of the responder.
    private final class Counters: Sendable {
        let state = Mutex(Statistics())
    }
}
