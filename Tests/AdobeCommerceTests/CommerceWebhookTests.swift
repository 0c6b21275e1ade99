import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// Commerce webhook answers (the operations' JSON) and the signature over the base64 text of the raw body.
struct CommerceWebhookTests {
    static let body = Data(
        #"{"eventName":"sales_quote_add_item","data":{"quoteItem":{"sku":"24-MB01","qty":"1.0000"}}}"#.utf8)

    private func signed(_ body: Data, with pem: String = FakeSigningKeys.commerceWebhooks) throws
        -> InboundHTTPRequest
    {
        let key = try RSAPrivateKey(pem: pem)
        let signature = key.signatureSHA256(for: Data(body.base64EncodedString().utf8)).base64EncodedString()
        return InboundHTTPRequest(
            method: .post, path: "/hooks/observer.sales_quote_add_item",
            headers: [
                "Content-Type": "application/json", CommerceWebhookSignature.header: signature,
                CommerceWebhookCall.requestIDHeader: "req-1",
            ],
            body: body)
    }

    @Test(
        "Each operation has Commerce's JSON, optional fields left out",
        arguments: [
            (WebhookOperation.success, #"{"op":"success"}"#),
            (.exception(), #"{"op":"exception"}"#),
            (
                .exception(message: "Out of stock", type: "Magento\\Framework\\Exception\\LocalizedException"),
                #"{"message":"Out of stock","op":"exception","type":"Magento\\Framework\\Exception\\LocalizedException"}"#
            ),
            (.add(path: "result/m1", value: ["amount": 5]), #"{"op":"add","path":"result/m1","value":{"amount":5}}"#),
            (
                .replace(path: "data/order/status", value: "held", instance: "Magento\\Sales\\Model\\Order"),
                #"{"instance":"Magento\\Sales\\Model\\Order","op":"replace","path":"data/order/status","value":"held"}"#
            ),
            (.remove(path: "result/shipping_methods/m1"), #"{"op":"remove","path":"result/shipping_methods/m1"}"#),
        ])
    func operationJSON(operation: WebhookOperation, expected: String) throws {
        #expect(operation.json == (try JSONValue(parsing: Data(expected.utf8))))
        #expect(try WebhookOperation(json: operation.json) == operation, "reads back")
    }

    @Test("The answer is 200 with one operation as an object, several as an array, none as success")
    func responses() throws {
        let one = WebhookOperation.response(.exception(message: "No"))
        #expect(one.status == 200)
        #expect(one.headers["Content-Type"] == "application/json")
        #expect(try JSONValue(parsing: one.body) == ["op": "exception", "message": "No"])
        let updates: JSONValue = [["item_id": 491, "base_price": .number(Decimal(string: "19.99")!)]]
        let several = WebhookOperation.response([
            .replace(path: "result/price_updates", value: updates), .remove(path: "result/x"),
        ])
        #expect(try JSONValue(parsing: several.body).arrayValue?.count == 2)
        #expect(
            try WebhookOperation.operations(in: several.body) == [
                .replace(path: "result/price_updates", value: updates), .remove(path: "result/x"),
            ])
        #expect(try JSONValue(parsing: WebhookOperation.response([]).body) == ["op": "success"])
    }

    @Test(
        "An answer that is not operations is refused with its place",
        arguments: [
            (#"{"op":"explode"}"#, "$.op"), (#"[{"op":"success"},{"op":"replace"}]"#, "$[1].path"), ("<html>", "$"),
            ("42", "$"),
        ])
    func malformedAnswers(body: String, place: String) {
        #expect {
            try WebhookOperation.operations(in: Data(body.utf8))
        } throws: { error in
            (error as? CommerceWebhookError)?.code == .malformedResponse
                && (error as? CommerceWebhookError)?.place == place
        }
    }

    @Test("A call signed over the base64 text of its raw body verifies, and parses with its request id")
    func goodSignature() throws {
        let signature = try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM)
        let request = try signed(Self.body)
        #expect(throws: Never.self) { try signature.verify(request) }
        let call = try CommerceWebhookCall(request)
        #expect(call.eventName == "sales_quote_add_item")
        #expect(call.observerMethod == .salesQuoteAddItem)
        #expect(call.requestID == "req-1")
        #expect(call.payload["data"]?["quoteItem"]?["sku"] == "24-MB01")
    }

    @Test("A signature over the raw bytes themselves (not their base64 text) does not verify")
    func signatureOverRawBytesIsRefused() throws {
        let signature = try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM)
        let key = try RSAPrivateKey(pem: FakeSigningKeys.commerceWebhooks)
        let raw = key.signatureSHA256(for: Self.body).base64EncodedString()
        #expect(!signature.isValid(signature: raw, for: Self.body))
    }

    @Test("A tampered body, even re-serialised JSON of the same value, is refused as badSignature")
    func tamperedBody() throws {
        let signature = try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM)
        var request = try signed(Self.body)
        request.body = Data(
            String(decoding: Self.body, as: UTF8.self).replacingOccurrences(of: "\"1.0000\"", with: "\"9.0000\"").utf8)
        #expect(throws: CommerceWebhookError.self) { try signature.verify(request) }
        request.body = try JSONValue(parsing: Self.body).jsonData  // the same value, other bytes
        #expect(request.body != Self.body)
        #expect {
            try signature.verify(request)
        } throws: { ($0 as? CommerceWebhookError)?.code == .badSignature }
    }

    @Test("A call signed with another key is refused; during a rotation the previous key is accepted too")
    func wrongKeyAndRotation() throws {
        let request = try signed(Self.body, with: FakeSigningKeys.ioEvents)
        let current = try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM)
        #expect {
            try current.verify(request)
        } throws: { ($0 as? CommerceWebhookError)?.code == .badSignature }
        let rotating = try CommerceWebhookSignature(
            publicKeyPEM: FakeCommerce.webhookPublicKeyPEM,
            previousPublicKeyPEM: try RSAPrivateKey(pem: FakeSigningKeys.ioEvents).publicKey.pem)
        #expect(throws: Never.self) { try rotating.verify(request) }
        #expect(throws: Never.self) { try rotating.verify(try signed(Self.body)) }
    }

    @Test("A call without the header, or with an empty or non-base64 one, is refused")
    func missingHeader() throws {
        let signature = try CommerceWebhookSignature(publicKeyPEM: FakeCommerce.webhookPublicKeyPEM)
        var request = try signed(Self.body)
        request.headers = ["Content-Type": "application/json"]
        #expect {
            try signature.verify(request)
        } throws: { ($0 as? CommerceWebhookError)?.code == .unsigned }
        request.headers[CommerceWebhookSignature.header] = " "
        #expect {
            try signature.verify(request)
        } throws: { ($0 as? CommerceWebhookError)?.code == .unsigned }
        request.headers[CommerceWebhookSignature.header] = "not base64!"
        #expect {
            try signature.verify(request)
        } throws: { ($0 as? CommerceWebhookError)?.code == .badSignature }
    }

    @Test("A body that is not a JSON object is refused as malformedPayload")
    func malformedPayload() {
        for body in ["[1,2]", "nope", ""] {
            #expect {
                try CommerceWebhookCall(InboundHTTPRequest(method: .post, path: "/", body: Data(body.utf8)))
            } throws: { ($0 as? CommerceWebhookError)?.code == .malformedPayload }
        }
    }

    @Test("A public key that is not PEM is refused when the verifier is made")
    func badPEM() {
        #expect(throws: SignatureError.self) {
            try CommerceWebhookSignature(publicKeyPEM: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
        }
    }
}
