public import AdobeCommerce

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// One call ``FakeCommerce`` made to a subscribed webhook (`/V1/webhooks/subscribe`), as its webhook log records it.
public struct FakeWebhookCall: Sendable, Hashable {
    /// How the call ended.
    public enum Result: Sendable, Hashable {
        /// A `2xx` answer with these operations.
        case answered([WebhookOperation])
        /// No usable answer: a status other than `2xx` (`nil` when the endpoint could not be reached), or a body that
        /// is not operations.
        case failed(status: Int?, reason: String)
        /// No answer within the hook's `timeout`.
        case timedOut
    }

    /// The webhook method, such as `observer.sales_quote_add_item`.
    public var method: String
    /// `before` or `after`.
    public var type: String
    /// The batch name.
    public var batchName: String
    /// The hook name.
    public var hookName: String
    /// The URL called.
    public var url: String
    /// Whether a failure aborts the action (`required`).
    public var isRequired: Bool
    /// The `x-adobe-commerce-request-id` sent.
    public var requestID: String
    /// The headers sent.
    public var headers: HTTPHeaders
    /// The body sent, exactly.
    public var body: Data
    /// How the call ended.
    public var result: Result
    /// How long the call took, up to the timeout.
    public var duration: Duration

    /// The body sent, parsed.
    public var payload: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
}
