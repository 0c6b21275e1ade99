// commerce-codegen: Swift models and typed operations from a Swagger 2.0 document, such as Adobe's published
// admin schema or a store's live one (`GET /rest/<store>/schema?services=all`). See Documentation/CodeGeneration.md.
import CommerceCodegen
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

let usage = """
    usage: commerce-codegen --schema FILE-OR-URL --output DIR [--namespace NAME] [--accessor NAME]
                            [--acl ROUTES.tsv] [--check]

      --schema     a Swagger 2.0 document in JSON: a file, or an http(s) URL (a store's
                   /rest/<store>/schema?services=all; the bearer token, if any, is read from
                   COMMERCE_ACCESS_TOKEN)
      --output     the folder to write into; .swift files there that are no longer generated are removed
      --namespace  the enum the models and operations go in (default StoreSchema)
      --accessor   the AdobeCommerceClient property reaching the operations (default: the namespace,
                   lower camel case)
      --acl        a route table (tab-separated METHOD, URL, ACL_RESOURCES and optionally SERVICE) for the
                   operations' ACL resources and service contracts (which name their async topics)
      --check      write nothing; exit 1 and list the files that would change
    """

func fail(_ message: String, status: Int32 = 64) -> Never {
    FileHandle.standardError.write(Data("commerce-codegen: \(message)\n".utf8))
    exit(status)
}

var values: [String: String] = [:]
var check = false
var partOfAdobeCommerce = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--check": check = true
    case "--part-of-adobe-commerce": partOfAdobeCommerce = true  // the SDK's own generation: no import of itself
    case "--help", "-h":
        print(usage)
        exit(0)
    case "--schema", "--output", "--namespace", "--accessor", "--acl":
        guard let value = arguments.popFirst() else { fail("\(argument) needs a value.\n\n\(usage)") }
        values[argument] = value
    default: fail("unknown argument '\(argument)'.\n\n\(usage)")
    }
}
guard let schema = values["--schema"], let output = values["--output"] else {
    fail("--schema and --output are required.\n\n\(usage)")
}

func load(_ location: String) async -> Data {
    guard location.hasPrefix("http://") || location.hasPrefix("https://") else {
        do { return try Data(contentsOf: URL(fileURLWithPath: location)) } catch {
            fail("cannot read \(location): \(error.localizedDescription)")
        }
    }
    guard let url = URL(string: location) else { fail("'\(location)' is not a URL.") }
    var request = URLRequest(url: url)
    if let token = ProcessInfo.processInfo.environment["COMMERCE_ACCESS_TOKEN"], !token.isEmpty {
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    }
    let data: Data
    let response: URLResponse
    do { (data, response) = try await URLSession.shared.data(for: request) } catch {
        fail("cannot fetch \(url.host ?? location): \(error.localizedDescription)")
    }
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    guard status == 200 else {
        fail("\(url.host ?? location) answered HTTP \(status) for the schema; check the URL and the token.")
    }
    return data
}

do {
    let document = try SwaggerDocument(data: await load(schema))
    var routes: [String: RouteTable.Route] = [:]
    if let table = values["--acl"] {
        guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { fail("cannot read \(table).") }
        routes = try RouteTable.routes(tsv: text)
    }
    let generator = try CodeGenerator(
        document: document,
        options: .init(
            namespace: values["--namespace"] ?? "StoreSchema", accessor: values["--accessor"],
            importsAdobeCommerce: !partOfAdobeCommerce, routes: routes))
    for warning in document.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
    let changed = try generator.write(to: URL(fileURLWithPath: output), checkOnly: check)
    let counts =
        "\(document.definitions.count) definitions, \(document.operations.count) operations"
    if check {
        guard changed.isEmpty else {
            fail(
                "\(output) is not what the document generates (\(counts)); these files differ:\n"
                    + changed.map { "  \($0)" }.joined(separator: "\n")
                    + "\nGenerate again (the same command without --check) and commit the result.", status: 1)
        }
        print("commerce-codegen: \(output) is up to date (\(counts)).")
    } else {
        print("commerce-codegen: \(counts); \(changed.count) files written or removed in \(output).")
    }
} catch let error as CodegenError {
    fail("the schema is refused at \(error)")
} catch {
    fail("\(error)")
}
