import AdobeCommerce
import Foundation
import Synchronization

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: HTTPTransport {
    enum Step: Sendable {
        case respond(Int, headers: HTTPHeaders = [:], body: String = "{}")
        case fail(CommerceError.Code)
    }

    private let state: Mutex<(script: [Step], sent: [HTTPRequest])>

    init(_ script: [Step]) { state = Mutex((script, [])) }

    var sent: [HTTPRequest] { state.withLock { $0.sent } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let step = state.withLock { state -> Step in
            state.sent.append(request)
            return state.script.isEmpty ? .respond(200) : state.script.removeFirst()
        }
        switch step {
        case .respond(let status, let headers, let body):
            return HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
        case .fail(let code):
            throw CommerceError(code: code, message: "scripted \(code)")
        }
    }
}

extension HTTPRequest {
    static func test(_ method: HTTPMethod = .get, headers: HTTPHeaders = [:], operationIdempotent: Bool = false)
        -> HTTPRequest
    {
        HTTPRequest(
            method: method, url: URL(string: "https://shop.example/rest/default/V1/products")!, headers: headers,
            context: RequestContext(operationID: "test.op", isIdempotent: operationIdempotent))
    }
}
