import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Checks the `Authorization` header as Magento does: bearer tokens it issued, and OAuth 1.0a signatures
/// (parameters parsed as `Oauth\Helper\Request` does, nonce unique per consumer, timestamp at most 600 s
/// ahead, HMAC-SHA256 only).
struct FakeAuthenticator {
    let credentials: IntegrationCredentials
    let integrationAsBearer: Bool

    func identify(_ request: HTTPRequest, state: inout FakeState, now: Date) throws(FakeError) -> FakeIdentity {
        guard let header = request.headers["Authorization"], !header.isEmpty else { return .guest }
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer" {
            let token = String(parts[1])
            if let identity = state.tokens[token] { return identity }
            if integrationAsBearer, token == credentials.accessToken { return .integration }
            return .guest  // Magento treats an unknown or expired token as a guest.
        }
        guard header.lowercased().hasPrefix("oauth ") else { return .guest }
        return try verifyOAuth(header: header, request: request, state: &state, now: now)
    }

    private func verifyOAuth(
        header: String,
        request: HTTPRequest,
        state: inout FakeState,
        now: Date
    ) throws(FakeError) -> FakeIdentity {
        var protocolParameters: [String: String] = [:]
        for piece in header.dropFirst(6).split(separator: ",") {
            let pair = String(piece).trimmingSpaces.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, OAuth1Signer.isProtocolParameter(String(pair[0])) else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") ? pair[1].dropFirst().dropLast() : pair[1]
            protocolParameters[PercentEncoding.decode(String(pair[0]))] = PercentEncoding.decode(String(value))
        }
        for name in [
            "oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_nonce", "oauth_timestamp",
            "oauth_token",
        ]
        where protocolParameters[name]?.isEmpty ?? true {
            throw FakeError(
                400, "\"%fieldName\" is required. Enter and try again.", .object(["fieldName": .string(name)]))
        }
        if let version = protocolParameters["oauth_version"], version != "1.0" {
            throw FakeError(401, "The \"%1\" Oauth version isn't supported.", .array([.string(version)]))
        }
        guard protocolParameters["oauth_signature_method"] == OAuth1Signer.signatureMethod else {
            throw FakeError(
                401, "Signature method %1 is not supported",
                .array([.string(protocolParameters["oauth_signature_method"] ?? "")]))
        }
        guard protocolParameters["oauth_consumer_key"] == credentials.consumerKey else {
            throw FakeError(
                401, "A consumer with the ID %1 doesn't exist. Verify the ID and try again.", .array([.string("?")]))
        }
        guard protocolParameters["oauth_token"] == credentials.accessToken else {
            throw FakeError(401, "The token length is invalid. Check the length and try again.")
        }
        guard let timestamp = Int(protocolParameters["oauth_timestamp"] ?? ""), timestamp > 0,
            Double(timestamp) <= now.timeIntervalSince1970 + 600
        else {
            throw FakeError(401, "The timestamp is invalid. Verify and try again.")
        }
        let nonce = protocolParameters["oauth_nonce"] ?? ""
        guard !state.usedNonces.contains(nonce) else {
            throw FakeError(401, "The nonce is already being used by the consumer with ID %1.", .array([.string("1")]))
        }
        var signed = OAuth1Signer.queryParameters(of: request.url)
        for (name, value) in protocolParameters { signed[name] = value }
        let expected = OAuth1Signer.signature(
            baseString: OAuth1Signer.signatureBaseString(
                method: request.method.rawValue, url: request.url, parameters: signed),
            consumerSecret: credentials.consumerSecret, tokenSecret: credentials.accessTokenSecret)
        guard expected == protocolParameters["oauth_signature"] else {
            throw FakeError(401, "The signature is invalid. Verify and try again.")
        }
        state.usedNonces.insert(nonce)
        return .integration
    }
}
