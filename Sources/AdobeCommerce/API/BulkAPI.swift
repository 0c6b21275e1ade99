/// Async and bulk writes, and bulk status: `client.bulk`.
///
/// ```swift
/// let items = try products.map { try BulkItem(path: ["sku": $0.sku!], parts: ["product": $0]) }
/// let submission = try await client.bulk.send(.productsUpdate, items: items)
/// for uuid in submission.bulkUUIDs {
///     let status = try await client.bulk.waitUntilFinished(bulkUUID: uuid)
///     print(status.operationsList?.filter { $0.state == .failed }.count ?? 0, "failed")
/// }
/// ```
public struct BulkAPI: Sendable {
    let client: AdobeCommerceClient

    /// Queues one write through `/rest/<store>/async/V1/...` and returns the bulk to poll.
    /// - Throws: ``CommerceError/Code/invalidRequest`` for an operation that is not async-capable.
    public func sendAsync(_ operation: CommerceOperation, item: BulkItem) async throws -> AsyncResponse {
        try requireAsyncCapable(operation)
        let exchange = try await client.executor.send(
            operation, store: client.storeCode, path: item.path, body: .object(item.body), kind: .async)
        return try client.executor.decode(AsyncResponse.self, from: exchange, operation: operation)
    }

    /// Queues many writes of one operation through `/rest/<store>/async/bulk/V1/...`, in chunks of at most
    /// ``AdobeCommerceConfiguration/bulkChunkSize`` elements.
    /// - Returns: Every chunk's answer and whether each element was accepted.
    /// - Throws: ``CommerceError/Code/invalidRequest`` for an operation that is not async-capable or a chunk
    ///   size below 1; the error of the first chunk that failed as a whole (earlier chunks stay queued).
    public func send(_ operation: CommerceOperation, items: [BulkItem]) async throws -> BulkSubmission {
        try requireAsyncCapable(operation)
        let chunkSize = client.configuration.bulkChunkSize
        guard chunkSize >= 1 else {
            throw CommerceError(
                code: .invalidRequest, message: "bulkChunkSize must be at least 1.", operationID: operation.id)
        }
        var submission = BulkSubmission(responses: [], items: [])
        var start = 0
        while start < items.count {
            let chunk = items[start..<min(start + chunkSize, items.count)]
            let exchange = try await client.executor.send(
                operation, store: client.storeCode, body: .array(chunk.map(\.element)), kind: .bulk)
            let answer = try client.executor.decode(AsyncResponse.self, from: exchange, operation: operation)
            submission.responses.append(answer)
            let statuses = Dictionary((answer.requestItems ?? []).compactMap { item in item.id.map { ($0, item) } }) {
                first, _ in first
            }
            for offset in 0..<chunk.count {
                let status = statuses[offset]
                submission.items.append(
                    .init(
                        index: start + offset, bulkUUID: answer.bulkUUID ?? "",
                        accepted: status?.status == "accepted", errorMessage: status?.errorMessage))
            }
            start += chunkSize
        }
        return submission
    }

    /// The status of every operation in a bulk (`GET /V1/bulk/{bulkUuid}/status`).
    public func status(bulkUUID: String) async throws -> BulkStatus {
        try await client.call(.bulkStatus, path: ["bulkUuid": bulkUUID])
    }

    /// The status of every operation with its data and result (`GET /V1/bulk/{bulkUuid}/detailed-status`).
    public func detailedStatus(bulkUUID: String) async throws -> DetailedBulkStatus {
        try await client.call(.bulkDetailedStatus, path: ["bulkUuid": bulkUUID])
    }

    /// Polls a bulk until no operation is open.
    /// - Parameters:
    ///   - bulkUUID: The bulk to poll.
    ///   - pollInterval: The wait between polls, on the configured clock.
    ///   - maximumPolls: How many polls before giving up.
    /// - Throws: ``CommerceError/Code/timedOut`` when operations are still open after the last poll.
    public func waitUntilFinished(
        bulkUUID: String,
        pollInterval: Duration = .seconds(2),
        maximumPolls: Int = 150
    ) async throws -> BulkStatus {
        for poll in 1...max(1, maximumPolls) {
            let current = try await status(bulkUUID: bulkUUID)
            let operations = current.operationsList ?? []
            let finished =
                operations.count >= (current.operationCount ?? 0)
                && operations.allSatisfy { $0.state?.isFinal ?? false }
            if finished { return current }
            if poll < maximumPolls { try await client.configuration.time.sleep(for: pollInterval) }
        }
        throw CommerceError(
            code: .timedOut,
            message: "Bulk \(bulkUUID) still has open operations after \(maximumPolls) polls; is the "
                + "async.operations.all consumer running?",
            operationID: CommerceOperation.bulkStatus.id)
    }

    private func requireAsyncCapable(_ operation: CommerceOperation) throws(CommerceError) {
        guard operation.isAsyncCapable, operation.method != .get else {
            throw CommerceError(
                code: .invalidRequest, message: "\(operation.id) cannot be sent through the async or bulk API.",
                operationID: operation.id)
        }
    }
}
