import AdobeCommerce
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Calls the hooks of one webhook method as Commerce's webhooks module does, outside the fake's lock.
struct FakeWebhookRunner: Sendable {
    /// The message Commerce shows when a hook fails without a `fallback_error_message`.
    static let genericError = "Cannot perform the operation due to an error."

    let endpoints: [String: any HTTPEndpoint]
    let transport: (any HTTPTransport)?
    let key: RSAPrivateKey?
    let time: TimeSource

    /// What the hooks of a method decided.
    struct Decision: Sendable {
        /// The message that aborts the action, if any.
        var abort: String?
        /// The operations other than `success`, in batch and priority order.
        var operations: [WebhookOperation] = []
        /// The calls made.
        var calls: [FakeWebhookCall] = []
    }

    /// Runs `hooks` (subscriptions of `method`/`type`) on `payload`: batches in `batch_order`, the hooks of a batch in
    /// parallel, their results merged by `priority` (highest first); stops at the first abort.
    func run(method: String, type: String, payload: JSONValue, hooks: [JSONObject]) async -> Decision {
        var decision = Decision()
        let applicable = hooks.filter { FakeWebhookPayload.rulesHold($0["rules"]?.arrayValue ?? [], in: payload) }
        let batches = Dictionary(grouping: applicable) { $0["batch_name"]?.stringValue ?? "" }
            .sorted { first, second in
                let (a, b) = (
                    first.value[0]["batch_order"]?.intValue ?? 0, second.value[0]["batch_order"]?.intValue ?? 0
                )
                return a == b ? first.key < second.key : a < b
            }
        for (_, batch) in batches {
            let calls = await withTaskGroup(of: (Int, FakeWebhookCall).self) { group in
                for (index, hook) in batch.enumerated() {
                    group.addTask { (index, await call(hook, method: method, type: type, payload: payload)) }
                }
                var calls = [FakeWebhookCall?](repeating: nil, count: batch.count)
                for await (index, call) in group { calls[index] = call }
                return calls.compactMap { $0 }
            }
            decision.calls += calls
            let ranked = zip(batch, calls).sorted {
                ($0.0["priority"]?.intValue ?? 0) > ($1.0["priority"]?.intValue ?? 0)
            }
            for (hook, call) in ranked {
                let fallback = hook["fallback_error_message"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                switch call.result {
                case .answered(let operations):
                    for operation in operations {
                        switch operation {
                        case .success: continue
                        case .exception(let message, _):
                            decision.abort = message.flatMap { $0.isEmpty ? nil : $0 } ?? fallback ?? Self.genericError
                            return decision
                        default: decision.operations.append(operation)
                        }
                    }
                case .failed, .timedOut:
                    if call.isRequired {
                        decision.abort = fallback ?? Self.genericError
                        return decision
                    }
                }
            }
        }
        return decision
    }

    /// Calls one hook, within its `timeout` when it has one.
    private func call(_ hook: JSONObject, method: String, type: String, payload: JSONValue) async -> FakeWebhookCall {
        let url = hook["url"]?.stringValue ?? ""
        let body = FakeWebhookPayload.select(hook["fields"]?.arrayValue ?? [], from: payload).jsonData
        let requestID = UUID().uuidString.lowercased()
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for header in hook["headers"]?.arrayValue ?? [] {
            if let name = header["name"]?.stringValue, let value = header["value"]?.stringValue {
                headers[name] = value
            }
        }
        headers[CommerceWebhookCall.requestIDHeader] = requestID
        if let key {
            headers[CommerceWebhookSignature.header] =
                key.signatureSHA256(for: CommerceWebhookSignature.signedMessage(for: body)).base64EncodedString()
        }
        let timeout = hook["timeout"]?.intValue ?? 0
        let stopwatch = ContinuousClock.now
        let attempt: @Sendable () async -> FakeWebhookCall.Result = { [self, headers] in
            await send(to: url, headers: headers, body: body, timeout: timeout)
        }
        let result =
            timeout > 0
            ? await Self.race(.milliseconds(timeout), time: time, late: .timedOut, attempt) : await attempt()
        return FakeWebhookCall(
            method: method, type: type, batchName: hook["batch_name"]?.stringValue ?? "",
            hookName: hook["hook_name"]?.stringValue ?? "", url: url,
            isRequired: hook["required"]?.boolValue ?? true, requestID: requestID, headers: headers, body: body,
            result: result, duration: ContinuousClock.now - stopwatch)
    }

    private func send(to url: String, headers: HTTPHeaders, body: Data, timeout: Int) async -> FakeWebhookCall.Result {
        let response: HTTPResponse
        if let endpoint = endpoints[url] {
            let components = URLComponents(string: url)
            let query = (components?.queryItems ?? []).map { (name: $0.name, value: $0.value ?? "") }
            response = await endpoint.respond(
                to: InboundHTTPRequest(
                    method: .post, path: components?.path ?? url, query: query, headers: headers, body: body))
        } else if let transport, let target = URL(string: url) {
            let limit: Duration = timeout > 0 ? .milliseconds(timeout) : .seconds(60)
            do {
                response = try await transport.send(
                    HTTPRequest(
                        method: .post, url: target, headers: headers, body: body,
                        context: RequestContext(timeout: limit)))
            } catch {
                return .failed(status: nil, reason: "the request failed: \(error)")
            }
        } else {
            return .failed(status: nil, reason: "no route to \(url): routeWebhooks(to:for:) or routeWebhooks(through:)")
        }
        guard response.isSuccess else {
            return .failed(status: response.status, reason: "answered \(response.status)")
        }
        do {
            return .answered(try WebhookOperation.operations(in: response.body))
        } catch {
            return .failed(status: response.status, reason: error.description)
        }
    }

    /// `work`'s value, or `late` when `limit` passes first; the work is not waited for after that.
    static func race<Value: Sendable>(
        _ limit: Duration, time: TimeSource, late: Value, _ work: @escaping @Sendable () async -> Value
    ) async -> Value {
        let box = Box<Value>()
        return await withCheckedContinuation { continuation in
            box.slot.withLock { $0 = continuation }
            let timer = Task {
                try? await time.sleep(for: limit)
                if !Task.isCancelled { box.slot.withLock { $0.take() }?.resume(returning: late) }
            }
            Task {
                let value = await work()
                timer.cancel()
                box.slot.withLock { $0.take() }?.resume(returning: value)
            }
        }
    }

    private final class Box<Value: Sendable>: Sendable {
        let slot = Mutex<CheckedContinuation<Value, Never>?>(nil)
    }
}
