import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Store structure, bulk status and token issue.
enum FakeStoreHandlers {
    static let handlers: [String: FakeHandler] = [
        CommerceOperation.websitesList.id: { state, _, _ throws(FakeError) in state.websites.asJSON },
        CommerceOperation.storeViewsList.id: { state, _, _ throws(FakeError) in state.storeViews.asJSON },
        CommerceOperation.storeConfigsList.id: { state, request, _ throws(FakeError) in
            let codes = request.query.filter { $0.key.hasPrefix("storeCodes") }.map(\.value)
            return state.storeConfigs.filter { codes.isEmpty || codes.contains($0["code"]?.stringValue ?? "") }.asJSON
        },
        CommerceOperation.bulkStatus.id: { state, request, _ throws(FakeError) in
            let bulk = try bulk(request, state)
            return summary(
                bulk,
                operations: bulk.operations.map { operation in
                    [
                        "id": .int(operation.id), "status": .int(operation.status.rawValue),
                        "result_message": .string(operation.resultMessage), "error_code": .int(operation.errorCode),
                    ]
                })
        },
        CommerceOperation.bulkDetailedStatus.id: { state, request, _ throws(FakeError) in
            let bulk = try bulk(request, state)
            return summary(
                bulk,
                operations: bulk.operations.map { operation in
                    [
                        "id": .int(operation.id), "bulk_uuid": .string(bulk.uuid),
                        "topic_name": .string(operation.topicName),
                        "serialized_data": .string(operation.serializedData),
                        "result_serialized_data": .string(operation.resultSerializedData),
                        "status": .int(operation.status.rawValue), "result_message": .string(operation.resultMessage),
                        "error_code": .int(operation.errorCode),
                    ]
                })
        },
        CommerceOperation.adminToken.id: { state, request, context throws(FakeError) in
            let username = request.member("username")?.stringValue ?? ""
            let password = request.member("password")?.stringValue ?? ""
            guard !username.isEmpty, !password.isEmpty else {
                throw FakeError(400, "One or more input exceptions have occurred.")
            }
            guard username == context.options.adminUsername, password == context.options.adminPassword else {
                throw signInFailed
            }
            if context.options.requiresTwoFactor {
                throw FakeError(
                    401, "Please use the 2fa provider-specific endpoints to obtain a token.",
                    .object(["active_providers": ["google"]]))
            }
            return .string(issue(.admin, state: &state))
        },
        CommerceOperation.customerToken.id: { state, request, _ throws(FakeError) in
            let email = request.member("username")?.stringValue?.lowercased() ?? ""
            let password = request.member("password")?.stringValue ?? ""
            guard let (id, _) = state.customers.first(where: { $0.value["email"]?.stringValue?.lowercased() == email }),
                state.customerPasswords[id] == password
            else { throw signInFailed }
            return .string(issue(.customer(id), state: &state))
        },
    ]

    static let signInFailed = FakeError(
        401,
        "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.")

    private static func issue(_ identity: FakeIdentity, state: inout FakeState) -> String {
        let token = String(UUID().uuidString.lowercased().filter { $0 != "-" })
        state.tokens[token] = identity
        return token
    }

    private static func bulk(_ request: FakeRequest, _ state: FakeState) throws(FakeError) -> FakeBulk {
        let uuid = request.path["bulkUuid"] ?? ""
        guard let bulk = state.bulks[uuid] else {
            throw FakeError(404, "Bulk uuid %bulkUuid not exist", .object(["bulkUuid": .string(uuid)]))
        }
        return bulk
    }

    private static func summary(_ bulk: FakeBulk, operations: [JSONValue]) -> JSONValue {
        [
            "bulk_id": .string(bulk.uuid), "description": .string(bulk.description),
            "start_time": .string(bulk.startTime),
            "user_id": .int(1), "user_type": .int(2), "operation_count": .int(bulk.operations.count),
            "operations_list": .array(operations),
        ]
    }
}

extension FakeCommerce {
    /// Queues operations for the async or bulk endpoints and answers with `AsyncResponseInterface`.
    func schedule(_ operation: CommerceOperation, requests: [FakeRequest], state: inout FakeState) throws(FakeError)
        -> JSONValue
    {
        let uuid = UUID().uuidString.lowercased()
        var bulk = FakeBulk(
            uuid: uuid, description: "Topic \(Self.topic(for: operation))",
            startTime: MagentoDate(options.time.now()).rawValue,
            operations: [])
        var items: [JSONValue] = []
        for (index, request) in requests.enumerated() {
            var writer = JSONWriter()
            writer.write(request.body ?? .null)
            let serialized = String(decoding: writer.output, as: UTF8.self)
            let hash = SHA256.hexHash(writer.output)
            let missing = operation.pathParameters.first { (request.path[$0] ?? "").isEmpty }
            let isObject = request.body?.objectValue != nil
            var item: JSONObject = ["id": .int(index), "data_hash": .string(hash)]
            if !isObject || missing != nil {
                // As MassSchedule: a rejected element gets no operation; the others keep their request index as id.
                let message =
                    missing.map { "\"\($0)\" is required. Enter and try again." }
                    ?? "The request item is not an object."
                item["status"] = "rejected"
                item["error_message"] = .string(message)
                item["error_code"] = .int(0)
            } else {
                item["status"] = "accepted"
                bulk.operations.append(
                    FakeBulkOperation(
                        id: index, operationID: operation.id, topicName: Self.topic(for: operation),
                        request: request, serializedData: serialized, status: .open))
            }
            items.append(.object(item))
        }
        state.bulks[uuid] = bulk
        if options.processesAsyncOperationsImmediately { runOpenOperations(bulk: uuid, state: &state) }
        let rejected = items.contains { $0["status"]?.stringValue == "rejected" }
        return ["bulk_uuid": .string(uuid), "request_items": .array(items), "errors": .bool(rejected)]
    }

    /// Runs the open operations of a bulk through the synchronous handlers.
    func runOpenOperations(bulk uuid: String, state: inout FakeState) {
        guard var bulk = state.bulks[uuid] else { return }
        for index in bulk.operations.indices where bulk.operations[index].status == .open {
            let queued = bulk.operations[index]
            guard let operation = Self.operations.first(where: { $0.id == queued.operationID }) else { continue }
            do {
                let result = try run(operation, queued.request, state: &state)
                bulk.operations[index].status = .complete
                bulk.operations[index].resultMessage = "Service execution success \(queued.topicName)"
                bulk.operations[index].resultSerializedData =
                    (try? String(decoding: CommerceJSONEncoder().encode(result), as: UTF8.self)) ?? ""
            } catch {
                bulk.operations[index].status = error.status >= 500 ? .retriablyFailed : .failed
                bulk.operations[index].resultMessage = MagentoMessage.fill(error.message, parameters: error.parameters)
                bulk.operations[index].errorCode = error.status
            }
        }
        state.bulks[uuid] = bulk
    }

    /// The operation's ``CommerceOperation/asyncTopic``, as `WebapiAsync\Model\Config` names topics; for a route
    /// whose service contract is not known, `async.<operation id>.<http method>` in the same shape.
    static func topic(for operation: CommerceOperation) -> String {
        operation.asyncTopic ?? "async.\(operation.id.lowercased()).\(operation.method.rawValue.lowercased())"
    }
}
