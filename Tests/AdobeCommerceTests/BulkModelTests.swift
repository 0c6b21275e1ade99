import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// `BulkStatus`, `DetailedBulkStatus`, `BulkOperation` and `BulkOperationSummary` are the generated models; the bulk
/// facade's reads keep every member of Adobe's documented payloads.
struct BulkModelTests {
    @Test("client.bulk.status reads Adobe's sample, writes back every JSON path, and names the states")
    func statusKeepsEverything() async throws {
        let sample = try SampleReplay.sample("bulk-status.")
        let (client, transport) = SampleReplay.client(answering: [sample])
        let status = try await client.bulk.status(bulkUUID: "fbfca270-7a90-4c4e-9f32-d6cf3728cdc7")
        #expect(transport.sent.first?.url.path == "/rest/default/V1/bulk/fbfca270-7a90-4c4e-9f32-d6cf3728cdc7/status")
        #expect(status.operationsList?.map(\.state) == [.complete])
        #expect(status.operationsList?.first?.additionalFields["error_code"] == .null, "a null member is kept")
        let (lost, same) = try SampleReplay.compare(status, with: sample)
        #expect(lost.isEmpty, "lost \(lost)")
        #expect(same, "every value written back as read")
    }

    @Test("client.bulk.detailedStatus reads Adobe's sample and writes back every JSON path")
    func detailedStatusKeepsEverything() async throws {
        let sample = try SampleReplay.sample("bulk-detailed-status.")
        let (client, _) = SampleReplay.client(answering: [sample])
        let status = try await client.bulk.detailedStatus(bulkUUID: "c43ed402-3dd3-4100-92e2-dc5852d3009b")
        #expect(status.operationsList?.map(\.state) == [.failed, .failed, .failed, .failed])
        #expect(status.operationsList?.first?.topicName?.hasPrefix("async.magento.customer") == true)
        let (lost, same) = try SampleReplay.compare(status, with: sample)
        #expect(lost.isEmpty, "lost \(lost)")
        #expect(same, "every value written back as read")
    }

    @Test("client.bulk.sendAsync reads Adobe's accepted answer and writes back every JSON path")
    func asyncAnswerKeepsEverything() async throws {
        let sample = try SampleReplay.sample("bulk-async-accepted.")
        let (client, transport) = SampleReplay.client(answering: [sample])
        let item = try BulkItem(parts: ["customer": Customer(email: "a@example.com", firstname: "A", lastname: "B")])
        let answer = try await client.bulk.sendAsync(.customersCreate, item: item)
        #expect(transport.sent.first?.url.path == "/rest/default/async/V1/customers")
        #expect(answer.requestItems?.map(\.status) == ["accepted", "accepted", "accepted", "accepted"])
        let (lost, same) = try SampleReplay.compare(answer, with: sample)
        #expect(lost.isEmpty, "lost \(lost)")
        #expect(same, "every value written back as read")
    }

    @Test("state reads and writes Magento's operation status numbers; an unknown number reads nil and is kept")
    func states() throws {
        var operation = BulkOperation(status: 2)
        #expect(operation.state == .retriablyFailed && operation.state?.isFinal == true)
        operation.state = .open
        #expect(operation.status == 4 && operation.state?.isFinal == false)
        operation.status = 9
        #expect(operation.state == nil)
        let written = try JSONValue(parsing: CommerceJSONEncoder().encode(operation))
        #expect(written == ["status": 9], "the number is written back as read")
        var summary = BulkOperationSummary(id: 1, status: 5)
        #expect(summary.state == .rejected)
        summary.state = nil
        #expect(summary.status == nil)
        #expect(BulkOperationState.allCases.map(\.rawValue) == [1, 2, 3, 4, 5])
    }
}
