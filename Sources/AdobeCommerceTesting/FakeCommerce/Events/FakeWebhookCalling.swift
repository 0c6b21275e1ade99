public import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where the fake's webhook calls go, what it recorded, and what the hooks decided for the request being answered.
struct FakeWebhookCalling {
    /// Endpoints in this process, by hook URL.
    var endpoints: [String: any HTTPEndpoint] = [:]
    /// The transport for every other URL.
    var transport: (any HTTPTransport)?
    /// Whether calls carry `x-adobe-commerce-webhook-signature`.
    var signs = true
    /// Every call made, oldest first.
    var log: [FakeWebhookCall] = []
    /// What the hooks decided for the request being answered now (set and cleared under the lock).
    var outcome: FakeWebhookOutcome?
}

/// What the hooks of one request decided, applied by the handlers.
struct FakeWebhookOutcome: Sendable {
    /// Lines of `cartItems` aborted, by position, with the message the shopper sees.
    var lineErrors: [Int: String] = [:]
    /// The message that aborts the order placement.
    var placeOrderError: String?
    /// Prices set by `replace` at `result/price_updates`, by cart item uid.
    var priceUpdates: [String: Decimal] = [:]
}

extension FakeCommerce {
    /// Sends the webhook calls for `url` to `endpoint` in this process, as if it were served there.
    ///
    /// ```swift
    /// fake.routeWebhooks(to: responder, for: "https://connector.test/hooks/observer.sales_quote_add_item")
    /// ```
    /// - Parameters:
    ///   - endpoint: The endpoint that answers.
    ///   - url: The hook's `url` as subscribed.
    public func routeWebhooks(to endpoint: any HTTPEndpoint, for url: String) {
        state.withLock { $0.webhookCalling.endpoints[url] = endpoint }
    }

    /// Sends the webhook calls for every URL not routed to an endpoint through `transport` (a real HTTP client, for
    /// a connector on a loopback port). Without one, such calls fail as an unreachable host does.
    /// - Parameter transport: The transport.
    public func routeWebhooks(through transport: any HTTPTransport) {
        state.withLock { $0.webhookCalling.transport = transport }
    }

    /// Turns the signature of webhook calls on (the default here; Commerce's default is off) or off.
    /// - Parameter enabled: Whether calls carry `x-adobe-commerce-webhook-signature`, made with the key whose public
    ///   half is ``FakeCommerce/webhookPublicKeyPEM``.
    public func setWebhookSigning(enabled: Bool) {
        state.withLock { $0.webhookCalling.signs = enabled }
    }

    /// Every webhook call made so far, oldest first.
    ///
    /// The fake calls the hooks subscribed through `/V1/webhooks/subscribe` as Commerce does: at GraphQL
    /// `addProductsToCart`, `observer.sales_quote_add_item` for each new cart item, then
    /// `plugin.magento.out_of_process_totals_collector.api.get_total_modifications.item_prices` (after) with the
    /// cart's items; at GraphQL `placeOrder`, `plugin.magento.sales.api.order_management.place` (before; also its SaaS
    /// name) and `observer.sales_order_place_before`. Batches run by `batch_order`, hooks of a batch in parallel;
    /// `fields` and `rules` apply, `headers` are sent with `x-adobe-commerce-request-id` and the signature; a hook's
    /// `timeout` is a hard limit. An `exception`, or a required hook that fails or times out, aborts the action with
    /// the message (the exception's, else `fallback_error_message`, else "Cannot perform the operation due to an
    /// error."): a `user_errors` entry for the cart line, an `UNABLE_TO_PLACE_ORDER` error for the order. An optional
    /// hook's failure is recorded and skipped. A `replace` at `result/price_updates` sets the cart items' prices.
    /// Not modelled: `ttl` caching, `soft_timeout` notices, OAuth headers, the storefront-only
    /// `observer.checkout_cart_product_add_before`.
    public var webhookCalls: [FakeWebhookCall] { state.withLock { $0.webhookCalling.log } }
}
