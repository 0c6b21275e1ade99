/// One operation in a Commerce webhook answer: go on, abort with a message, or change the payload Commerce continues
/// with.
///
/// Paths use `/` and are relative to the method's arguments (`result/price_updates`, `data/order/status`). An
/// `exception` aborts the action (adding to the cart, placing the order) and Commerce shows its `message` to the
/// shopper; without a message Commerce shows the hook's `fallback_error_message`, then a generic one.
///
/// ```swift
/// let answer = WebhookOperation.response([
///     .replace(path: "result/price_updates", value: [["item_id": 491, "base_price": 19.99]])
/// ])
/// let refusal = WebhookOperation.response([.exception(message: "Only 0 left of 24-MB01.")])
/// ```
public enum WebhookOperation: Sendable, Hashable {
    /// Go on unchanged: `{"op": "success"}`.
    case success
    /// Abort the action: `{"op": "exception", "message": …, "type": …}`. `type` is the exception class Commerce
    /// throws (`\Magento\Framework\Exception\LocalizedException` when absent).
    case exception(message: String? = nil, type: String? = nil)
    /// Add `value` at `path`; `instance` names the data-object class Commerce builds from `value`.
    case add(path: String, value: JSONValue, instance: String? = nil)
    /// Replace the value at `path` with `value`; `instance` names the data-object class Commerce builds from `value`.
    case replace(path: String, value: JSONValue, instance: String? = nil)
    /// Remove the node at `path`.
    case remove(path: String)

    /// The operation as Commerce reads it: `{"op": …}` with its fields, absent optional fields left out.
    public var json: JSONValue {
        switch self {
        case .success:
            return ["op": "success"]
        case .exception(let message, let type):
            var object: [String: JSONValue] = ["op": "exception"]
            if let message { object["message"] = .string(message) }
            if let type { object["type"] = .string(type) }
            return .object(object)
        case .add(let path, let value, let instance), .replace(let path, let value, let instance):
            var object: [String: JSONValue] = [
                "op": .string(isAdd ? "add" : "replace"), "path": .string(path), "value": value,
            ]
            if let instance { object["instance"] = .string(instance) }
            return .object(object)
        case .remove(let path):
            return ["op": "remove", "path": .string(path)]
        }
    }

    private var isAdd: Bool { if case .add = self { true } else { false } }

    /// Reads one operation object.
    /// - Parameter json: `{"op": …}` with the operation's fields.
    /// - Throws: ``CommerceWebhookError`` with `malformedResponse` for an unknown `op` or a missing `path`.
    public init(json: JSONValue) throws(CommerceWebhookError) {
        guard case .object(let object) = json, let op = object["op"]?.stringValue else {
            throw CommerceWebhookError(.malformedResponse, at: "$.op", "an operation is an object with an \"op\"")
        }
        func path() throws(CommerceWebhookError) -> String {
            guard let path = object["path"]?.stringValue, !path.isEmpty else {
                throw CommerceWebhookError(.malformedResponse, at: "$.path", "the \"\(op)\" operation needs a path")
            }
            return path
        }
        switch op {
        case "success":
            self = .success
        case "exception":
            self = .exception(message: object["message"]?.stringValue, type: object["type"]?.stringValue)
        case "add":
            self = .add(path: try path(), value: object["value"] ?? .null, instance: object["instance"]?.stringValue)
        case "replace":
            self = .replace(
                path: try path(), value: object["value"] ?? .null, instance: object["instance"]?.stringValue)
        case "remove":
            self = .remove(path: try path())
        default:
            throw CommerceWebhookError(
                .malformedResponse, at: "$.op",
                "\"\(op.prefix(40))\" is not an operation Commerce knows (success, exception, add, replace, remove)")
        }
    }
}
