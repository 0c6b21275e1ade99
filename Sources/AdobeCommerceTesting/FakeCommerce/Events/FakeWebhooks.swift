import AdobeCommerce

/// The webhooks module's subscriptions (`/V1/webhooks/*`): which endpoint Commerce calls, and how, during a
/// checkout step.
enum FakeWebhooks {
    /// The webhook routes the fake answers.
    static let operations: [CommerceOperation] = [
        CommerceSchema.Operations.Webhooks.postWebhooksSubscribeOperation,
        CommerceSchema.Operations.Webhooks.postWebhooksUnsubscribeOperation,
        CommerceSchema.Operations.Webhooks.getWebhooksListOperation,
    ]

    static let handlers: [String: FakeHandler] = [
        CommerceSchema.Operations.Webhooks.postWebhooksSubscribeOperation.id: { state, request, _ throws(FakeError) in
            let hook = try validated(try request.requiredObject("webhook"))
            state.webhookSubscriptions.removeAll { identity(of: $0) == identity(of: hook) }
            state.webhookSubscriptions.append(hook)
            return .null
        },
        CommerceSchema.Operations.Webhooks.postWebhooksUnsubscribeOperation.id: { state, request, _ throws(FakeError) in
            let hook = try request.requiredObject("webhook")
            for field in ["webhook_method", "webhook_type", "batch_name", "hook_name"]
            where (hook[field]?.stringValue ?? "").isEmpty {
                throw FakeError.required(field)
            }
            let before = state.webhookSubscriptions.count
            state.webhookSubscriptions.removeAll { identity(of: $0) == identity(of: hook) }
            guard state.webhookSubscriptions.count < before else {
                throw FakeError(
                    404, "Webhook with the name \"%1\" was not found.", .array([hook["hook_name"] ?? .null]))
            }
            return .null
        },
        CommerceSchema.Operations.Webhooks.getWebhooksListOperation.id: { state, _, _ throws(FakeError) in
            .array(state.webhookSubscriptions.map { .object($0) })
        },
    ]

    /// Method, type, batch and hook name: what makes a hook one.
    static func identity(of hook: JSONObject) -> [String] {
        ["webhook_method", "webhook_type", "batch_name", "hook_name"].map { hook[$0]?.stringValue ?? "" }
    }

    private static func validated(_ hook: JSONObject) throws(FakeError) -> JSONObject {
        for field in ["webhook_method", "webhook_type", "batch_name", "hook_name", "url"]
        where (hook[field]?.stringValue ?? "").isEmpty {
            throw FakeError.required(field)
        }
        guard ["before", "after"].contains(hook["webhook_type"]?.stringValue ?? "") else {
            throw FakeError(400, "Webhook type must be \"before\" or \"after\".")
        }
        for name in ["batch_name", "hook_name"] {
            let value = hook[name]?.stringValue ?? ""
            guard
                value.unicodeScalars.allSatisfy({
                    $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
                })
            else {
                throw FakeError(
                    400, "%1 can contain only letters, numbers, and underscores.", .array([.string(name)]))
            }
        }
        for name in ["timeout", "soft_timeout", "ttl"] where (hook[name]?.intValue ?? 0) < 0 {
            throw FakeError(400, "%1 must be a non-negative number.", .array([.string(name)]))
        }
        for field in hook["fields"]?.arrayValue ?? [] where (field["name"]?.stringValue ?? "").isEmpty {
            throw FakeError(400, "Each webhook field needs a name.")
        }
        let operators: Set<String> = [
            "greaterThan", "lessThan", "equal", "notEqual", "regex", "in", "isEmpty", "notEmpty",
        ]
        for rule in hook["rules"]?.arrayValue ?? [] {
            guard (rule["field"]?.stringValue ?? "").isEmpty == false, rule["value"] != nil,
                operators.contains(rule["operator"]?.stringValue ?? "")
            else { throw FakeError(400, "Each webhook rule needs a field, a supported operator and a value.") }
        }
        for header in hook["headers"]?.arrayValue ?? []
        where (header["name"]?.stringValue ?? "").isEmpty || header["value"] == nil {
            throw FakeError(400, "Each webhook header needs a name and a value.")
        }
        var hook = hook
        hook["method"] = hook["method"] ?? "POST"
        hook["priority"] = hook["priority"] ?? .int(0)
        hook["required"] = hook["required"] ?? .bool(true)
        hook["timeout"] = hook["timeout"] ?? .int(0)
        hook["soft_timeout"] = hook["soft_timeout"] ?? .int(0)
        hook["ttl"] = hook["ttl"] ?? .int(0)
        hook["batch_order"] = hook["batch_order"] ?? .int(0)
        return hook
    }
}
