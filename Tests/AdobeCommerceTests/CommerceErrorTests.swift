import AdobeCommerceTesting
import Foundation
import Testing

@testable import AdobeCommerce

struct CommerceErrorTests {
    private func response(_ status: Int, _ body: String, contentType: String = "application/json") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Data(body.utf8))
    }

    @Test("Named placeholders are filled from a parameters object")
    func namedParameters() {
        let error = ResponseValidator.error(
            for: response(
                404,
                #"{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"customerId","fieldValue":"7"}}"#
            ),
            operationID: "customers.get", correlationID: "c-1")
        #expect(error.code == .notFound)
        #expect(error.message == "No such entity with customerId = 7")
        #expect(error.httpStatus == 404)
        #expect(error.operationID == "customers.get")
        #expect(error.correlationID == "c-1")
        #expect(!error.isRetryable)
    }

    @Test("Positional placeholders are 1-based and %10 is not %1 followed by 0")
    func positionalParameters() {
        let parameters: JSONValue = .array((1...10).map { .string("p\($0)") })
        #expect(MagentoMessage.fill("%1 and %10 and %2%", parameters: parameters) == "p1 and p10 and p2%")
        #expect(MagentoMessage.fill("%3 missing", parameters: ["x"]) == "%3 missing")
        #expect(MagentoMessage.fill("The %fieldName.", parameters: ["fieldName": "sku"]) == "The sku.")
    }

    @Test("Aggregate errors keep each filled message, and Magento's code is not the HTTP status")
    func aggregate() {
        let error = ResponseValidator.error(
            for: response(
                400,
                #"{"message":"Validation Failed","code":7,"errors":[{"message":"\"%field\" can not be empty.","parameters":{"field":"sku"}}]}"#
            ),
            operationID: nil, correlationID: nil)
        #expect(error.code == .badRequest)
        #expect(error.magentoCode == 7)
        #expect(error.details == ["\"sku\" can not be empty."])
    }

    @Test("An HTML page from a proxy gets its own code with the page title")
    func htmlPage() {
        let error = ResponseValidator.error(
            for: response(502, "<html><head><title>502 Bad Gateway</title></head></html>", contentType: "text/html"),
            operationID: "products.get", correlationID: nil)
        #expect(error.code == .htmlResponse)
        #expect(error.message.contains("\"502 Bad Gateway\""))
        #expect(error.isRetryable, "a 5xx HTML page from a proxy is worth retrying")
    }

    @Test("An empty or malformed body is named as such")
    func emptyAndMalformed() {
        #expect(
            ResponseValidator.error(for: response(500, ""), operationID: nil, correlationID: nil).code == .serverError)
        #expect(
            ResponseValidator.bodyShapeError(response(200, "  "), operationID: nil, correlationID: nil)?.code
                == .emptyBody)
        #expect(
            ResponseValidator.bodyShapeError(response(200, "{\"a\": ["), operationID: nil, correlationID: nil)?.code
                == .malformedResponse)
        #expect(
            ResponseValidator.bodyShapeError(response(200, "{\"a\": 1}"), operationID: nil, correlationID: nil) == nil)
    }

    @Test("The two-factor refusal of the admin-token endpoint has its own code")
    func twoFactor() {
        let error = ResponseValidator.error(
            for: response(
                401,
                #"{"message":"Please use the 2fa provider-specific endpoints to obtain a token.","parameters":{"active_providers":["google"]}}"#
            ),
            operationID: nil, correlationID: nil)
        #expect(error.code == .twoFactorRequired)
        #expect(error.recoverySuggestion.contains("integration"))
    }

    @Test("OAuth problem bodies are reported")
    func oauthProblem() {
        let error = ResponseValidator.error(
            for: response(401, "oauth_problem=signature_invalid", contentType: "text/plain"), operationID: nil,
            correlationID: nil)
        #expect(error.code == .unauthorized)
        #expect(error.message.contains("signature_invalid"))
    }

    @Test("The description carries status, operation, correlation id and a next step, never a secret")
    func descriptionIsSafe() {
        let error = CommerceError(
            code: .badRequest, message: "Bad password: \"password\": \"hunter2\" and Bearer abc.def", httpStatus: 400,
            operationID: "integration.adminToken", correlationID: "c-9")
        let text = "\(error)"
        #expect(text.contains("HTTP 400"))
        #expect(text.contains("operation integration.adminToken"))
        #expect(text.contains("correlation id c-9"))
        #expect(text.contains("Next:"))
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("abc.def"))
    }

    @Test(
        "Status codes map to codes and retryability",
        arguments: [
            (400, "badRequest", false), (401, "unauthorized", false), (403, "forbidden", false),
            (404, "notFound", false),
            (429, "rateLimited", true), (500, "serverError", true), (503, "serverError", true),
            (302, "unexpectedStatus", false),
        ])
    func statusMapping(status: Int, code: String, retryable: Bool) {
        let error = CommerceError(code: .forStatus(status), message: "", httpStatus: status)
        #expect(error.code.description == code)
        #expect(error.isRetryable == retryable)
    }

    @Test("A refusal with Retry-After carries the delay the server asked for, in seconds or as a date")
    func carriesRetryAfter() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 1)
        let order = try fake.placeOrder(customerEmail: "a@example.com", lines: [.init(sku: "SKU-000001", quantity: 1)])
        let id = try #require(order.entityID)
        let client = fake.makeClient()
        fake.inject(.status(503, retryAfter: "45"))
        await #expect {
            try await client.orders.addComment(orderID: id, OrderStatusHistory(comment: "x"))
        } throws: { ($0 as? CommerceError)?.retryAfter == .seconds(45) && ($0 as? CommerceError)?.isRetryable == true }
        fake.inject(.status(429, retryAfter: "Thu, 01 Jan 2099 00:00:00 GMT"))
        await #expect {
            try await client.orders.addComment(orderID: id, OrderStatusHistory(comment: "x"))
        } throws: { (($0 as? CommerceError)?.retryAfter ?? .zero) > .seconds(86_400 * 365) }
        fake.inject(.status(503))
        await #expect {
            try await client.orders.addComment(orderID: id, OrderStatusHistory(comment: "x"))
        } throws: { ($0 as? CommerceError)?.code == .serverError && ($0 as? CommerceError)?.retryAfter == nil }
    }
}
