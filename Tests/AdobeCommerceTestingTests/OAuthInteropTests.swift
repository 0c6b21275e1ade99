import AdobeCommerce
import AdobeCommerceTesting
import Foundation
import Testing

/// Another language's client, signing on its own: Python's oauthlib (which `.ci/run` installs) against
/// FakeCommerceServer. It form-encodes spaces as `+` and brackets as `%5B`/`%5D`, as most HTTP libraries do.
@Suite(.enabled(if: PythonOAuthLib.isInstalled, "needs python3 with oauthlib (pip install oauthlib)"))
struct OAuthInteropTests {
    @Test("Requests signed by Python's oauthlib (HMAC-SHA256) are accepted, with '+' and brackets in the query")
    func pythonClient() async throws {
        let fake = FakeCommerce()
        try fake.seedCatalog(productCount: 30)
        let server = try FakeCommerceServer(fake: fake)
        defer { server.shutdown() }
        let credentials = fake.options.integration
        let script = """
            import json, sys, urllib.parse, urllib.request
            from oauthlib.oauth1 import Client, SIGNATURE_HMAC_SHA256
            base, key, secret, token, token_secret = sys.argv[1:6]
            client = Client(key, client_secret=secret, resource_owner_key=token,
                            resource_owner_secret=token_secret, signature_method=SIGNATURE_HMAC_SHA256)
            def call(method, path, query=None, body=None):
                url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
                headers = {"Content-Type": "application/json"} if body is not None else {}
                data = json.dumps(body) if body is not None else None
                uri, headers, data = client.sign(url, http_method=method, body=data, headers=headers)
                request = urllib.request.Request(uri, data=data.encode() if data else None, headers=headers, method=method)
                try:
                    with urllib.request.urlopen(request) as response:
                        return response.status, json.loads(response.read())
                except urllib.error.HTTPError as error:
                    return error.code, json.loads(error.read())
            print(json.dumps(call("GET", "/rest/default/V1/products", {
                "searchCriteria[filter_groups][0][filters][0][field]": "name",
                "searchCriteria[filter_groups][0][filters][0][value]": "%Product 2%",
                "searchCriteria[filter_groups][0][filters][0][condition_type]": "like",
                "searchCriteria[pageSize]": 5, "fields": "items[sku],total_count"})))
            print(json.dumps(call("PUT", "/rest/all/V1/products/SKU-000001",
                body={"product": {"sku": "SKU-000001", "name": "Renamed from Python"}})))
            print(json.dumps(call("GET", "/rest/default/V1/products/SKU-000001", {"fields": "name"})))
            """
        let exit = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: [
                "python3", "-c", script, server.baseURL.absoluteString, credentials.consumerKey,
                credentials.consumerSecret, credentials.accessToken, credentials.accessTokenSecret,
            ])
        #expect(exit.status == 0, "\(exit.standardError)")
        let lines = exit.standardOutput.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "\(exit.standardOutput)\(exit.standardError)")
        #expect(lines[0].hasPrefix("[200, ") && lines[0].contains(#""total_count": 11"#), "\(lines[0])")
        #expect(lines[1].hasPrefix("[200, "), "\(lines[1])")
        #expect(lines[2] == #"[200, {"name": "Renamed from Python"}]"#)
    }
}

/// Whether `python3 -c "import oauthlib"` works on this machine.
enum PythonOAuthLib {
    static let isInstalled: Bool = {
        // Evaluated while the tests are planned, outside any task, so it may block (at most 30 s).
        guard
            let child = try? ChildProcess(
                URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", "import oauthlib"]),
            (try? child.start()) != nil
        else { return false }
        guard let exit = child.waitBlocking(atMost: .seconds(30)) else {
            child.kill()
            return false
        }
        return exit.status == 0 && !exit.signalled
    }()
}
