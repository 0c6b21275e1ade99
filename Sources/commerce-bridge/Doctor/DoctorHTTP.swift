import AdobeCommerce
import Foundation

/// Sends the doctor's requests as they are, without the client's retries, so that each answer is the store's own.
struct DoctorHTTP: Sendable {
    /// How a request proves who sends it.
    enum Credentials {
        /// The credentials from the environment (OAuth signature or bearer token).
        case configured
        /// `Authorization: Bearer <token>`.
        case bearer(String)
        /// None: a guest.
        case none
    }

    /// One answer, with Magento's message when it sent one.
    struct Answer: Sendable {
        var status: Int
        var body: Data
        /// The JSON body, when it is JSON.
        var json: JSONValue?
        /// Magento's message with its placeholders filled, or what the body is when it is not Magento's error.
        var message: String

        var isSuccess: Bool { (200...299).contains(status) }

        /// Whether Magento refused the request for want of an ACL resource ("The consumer isn't authorized to access
        /// %resources.", 401 or 403), which is also how it answers a token it does not recognise.
        var isACLDenial: Bool {
            (status == 401 || status == 403) && message.contains("isn't authorized to access")
        }
    }

    let environment: CommerceEnvironment
    let transport: any HTTPTransport
    /// How long one request may take.
    let timeout: Duration

    /// `<base>/rest/<store>[/async]<path>?<query>`, each query name and value percent-encoded once.
    func restURL(_ path: String, query: [(name: String, value: String)] = [], async: Bool = false) -> URL {
        var text = base + "/rest/\(environment.storeCode.rawValue)" + (async ? "/async" : "") + path
        if !query.isEmpty {
            text +=
                "?"
                + query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }
                .joined(separator: "&")
        }
        return URL(string: text) ?? environment.baseURL
    }

    /// `<base><path>`, outside `/rest`.
    func siteURL(_ path: String) -> URL { URL(string: base + path) ?? environment.baseURL }

    private var base: String {
        var base = environment.baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Sends one request.
    /// - Throws: what the transport throws when there is no HTTP answer.
    func send(
        _ method: HTTPMethod, _ url: URL, body: JSONValue? = nil, credentials: Credentials = .configured
    ) async throws -> Answer {
        var request = HTTPRequest(
            method: method, url: url, headers: ["Accept": "application/json"],
            context: RequestContext(timeout: timeout, disablesRetry: true))
        if let body {
            request.body = Data(try CommerceJSONEncoder().encodeBytes(body))
            request.headers["Content-Type"] = "application/json"
        }
        let authentication: CommerceAuthentication
        switch credentials {
        case .configured: authentication = environment.authentication
        case .bearer(let token): authentication = .bearer(token)
        case .none: authentication = .none
        }
        let middleware = AuthenticationMiddleware(
            authentication: authentication, restBaseURL: restURL(""), tokenTransport: transport)
        let response = try await middleware.intercept(request) { try await transport.send($0) }
        let json = try? CommerceJSONDecoder().decode(JSONValue.self, from: response.body)
        let message =
            response.isSuccess
            ? "" : Redactor.redact(ResponseValidator.error(for: response, operationID: nil, correlationID: nil).message)
        return Answer(status: response.status, body: response.body, json: json, message: message)
    }
}
