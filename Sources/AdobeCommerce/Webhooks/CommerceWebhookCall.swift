#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One synchronous call from Adobe Commerce's webhooks module, parsed: the payload, the observer event it names,
/// and Commerce's request id.
///
/// Commerce sends the method's default payload (`{"eventName": …, "data": {…}}` for an observer, the method's
/// arguments by parameter name for a plugin) or, when the hook has `fields`, only the mapped paths. The request id
/// (`x-adobe-commerce-request-id`) is the key to Commerce's webhook log: log it with every answer.
///
/// ```swift
/// let call = try CommerceWebhookCall(request)          // after CommerceWebhookSignature.verify(request)
/// call.eventName                                       // "sales_quote_add_item"
/// call.payload["data"]?["quoteItem"]?["sku"]           // "24-MB01"
/// ```
public struct CommerceWebhookCall: Sendable, Hashable {
    /// The header carrying Commerce's id of the call, for its webhook log.
    public static let requestIDHeader = "x-adobe-commerce-request-id"

    /// The JSON body.
    public var payload: JSONValue
    /// The observer event the payload names (`eventName`), such as `sales_quote_add_item`; `nil` for plugin methods
    /// and for hooks whose `fields` leave it out.
    public var eventName: String?
    /// Commerce's id of the call (`x-adobe-commerce-request-id`), when sent.
    public var requestID: String?

    /// Creates a call from its parts.
    /// - Parameters:
    ///   - payload: The JSON body.
    ///   - eventName: The observer event, when the payload names one.
    ///   - requestID: Commerce's id of the call.
    public init(payload: JSONValue, eventName: String? = nil, requestID: String? = nil) {
        self.payload = payload
        self.eventName = eventName
        self.requestID = requestID
    }

    /// Parses a request's body. Verify the signature first (``CommerceWebhookSignature/verify(_:)``): parsing does not.
    /// - Parameter request: The request as received.
    /// - Throws: ``CommerceWebhookError`` with `malformedPayload` when the body is not a JSON object.
    public init(_ request: InboundHTTPRequest) throws(CommerceWebhookError) {
        guard let payload = try? JSONValue(parsing: request.body), case .object(let object) = payload else {
            throw CommerceWebhookError(
                .malformedPayload, at: "$",
                "the body is not a JSON object; Commerce sends the method's payload as one (check the hook's URL)")
        }
        let requestID = request.headers[Self.requestIDHeader].flatMap { $0.isEmpty ? nil : $0 }
        self.init(payload: payload, eventName: object["eventName"]?.stringValue, requestID: requestID)
    }

    /// The observer method the payload names (`observer.<eventName>`), when it names one.
    public var observerMethod: CommerceWebhookMethod? {
        eventName.flatMap { $0.isEmpty ? nil : CommerceWebhookMethod(observerEvent: $0) }
    }
}
