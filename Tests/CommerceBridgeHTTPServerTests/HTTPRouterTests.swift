import AdobeCommerce
import Foundation
import Testing

struct HTTPRouterTests {
    private struct Named: HTTPEndpoint {
        var name: String
        func respond(to request: InboundHTTPRequest) async -> HTTPResponse { .text(200, name) }
    }

    private func answer(_ router: HTTPRouter, _ method: HTTPMethod, _ path: String) async -> HTTPResponse {
        await router.respond(to: InboundHTTPRequest(method: method, path: path))
    }

    @Test("Routes match the exact path and method; the first added wins; HEAD falls back to GET")
    func routing() async {
        var router = HTTPRouter()
        router.route("/hooks", method: .post, to: Named(name: "post"))
        router.route("/hooks", to: Named(name: "any"))
        router.route("/hooks", method: .post, to: Named(name: "shadowed"))
        router.route("/health", method: .get, to: Named(name: "health"))
        #expect(await answer(router, .post, "/hooks").body == Data("post".utf8))
        #expect(await answer(router, .delete, "/hooks").body == Data("any".utf8))
        #expect(await answer(router, .head, "/health").body == Data("health".utf8))
        #expect(await answer(router, .get, "/hooks/").status == 404, "paths are compared exactly")
        #expect(await answer(router, .get, "/Health").status == 404)
    }

    @Test("An unknown path gets 404 and a known path with another method 405 with Allow, both in JSON")
    func refusals() async {
        var router = HTTPRouter()
        router.route("/health", method: .get, to: Named(name: "health"))
        let missing = await answer(router, .get, "/nowhere")
        #expect(missing.status == 404 && missing.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(missing.body == Data(#"{"message":"No endpoint at /nowhere."}"#.utf8))
        let wrong = await answer(router, .post, "/health")
        #expect(wrong.status == 405 && wrong.headers["Allow"] == "GET, HEAD")
        #expect(await answer(HTTPRouter(), .get, "/").status == 404)
    }

    @Test("The request's query is decoded in order and queryValue gives the first value")
    func queryValue() {
        let request = InboundHTTPRequest(
            method: .get, path: "/", query: [(name: "a", value: "1"), (name: "b", value: ""), (name: "a", value: "2")])
        #expect(request.queryValue("a") == "1" && request.queryValue("b") == "" && request.queryValue("c") == nil)
    }
}
