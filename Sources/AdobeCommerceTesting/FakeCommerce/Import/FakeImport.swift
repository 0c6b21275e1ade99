import AdobeCommerce

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Magento_ImportCsvApi and Magento_ImportJsonApi: `POST /V1/import/csv` and `POST /V1/import/json`, with
/// `Magento\ImportCsv\Model\StartImport`'s flow. The source is validated row by row with the entity's rules; with
/// `validation-stop-on-errors` (or when no row is valid) the answer lists every error as `Row N: message` (rows
/// counted from 1, the first data row) and nothing is imported, and validation stops once the errors reach the
/// allowed error count; otherwise the valid rows are imported and the answer is `Entities Processed: N`. A failure
/// while saving is answered as its message alone. A store without the modules
/// (``FakeCommerce/Options/importModulesInstalled``) answers 404 "Request does not match any route.".
enum FakeImport {
    /// The two routes, with the ACL resources the modules declare (`Magento_ImportCsvApi::import_api`,
    /// `Magento_ImportJsonApi::import_api`; the schema does not name them, so the generated operations carry none).
    static let operations: [CommerceOperation] = [
        guarded(CommerceSchema.Operations.Import.postImportCsvOperation, "Magento_ImportCsvApi::import_api"),
        guarded(CommerceSchema.Operations.Import.postImportJsonOperation, "Magento_ImportJsonApi::import_api"),
    ]

    private static func guarded(_ operation: CommerceOperation, _ resource: String) -> CommerceOperation {
        CommerceOperation(
            id: operation.id, method: operation.method, path: operation.path, aclResource: resource,
            isIdempotent: operation.isIdempotent, isAsyncCapable: operation.isAsyncCapable)
    }

    static let handlers: [String: FakeHandler] = [
        CommerceSchema.Operations.Import.postImportCsvOperation.id: { state, request, context throws(FakeError) in
            guard context.options.importModulesInstalled else { throw FakeError.noRoute }
            let source = try request.requiredObject("source")
            guard let data = source["csv_data"]?.stringValue else { throw FakeError.required("csv_data") }
            let separator = source["import_field_separator"]?.stringValue?.first ?? ","
            return try start(source, state: &state, context: context) { () throws(FakeError) in
                try FakeImportFile.csv(base64: data, separator: separator)
            }
        },
        CommerceSchema.Operations.Import.postImportJsonOperation.id: { state, request, context throws(FakeError) in
            guard context.options.importModulesInstalled else { throw FakeError.noRoute }
            let source = try request.requiredObject("source")
            guard let items = source["items"]?.arrayValue else { throw FakeError.required("items") }
            return try start(source, state: &state, context: context) { () throws(FakeError) in
                FakeImportFile.json(items)
            }
        },
    ]

    static let stopOnErrors = "validation-stop-on-errors"
    static let skipErrors = "validation-skip-errors"

    /// `StartImport::execute`: validate, then import, answering Magento's messages.
    private static func start(
        _ source: JSONObject, state: inout FakeState, context: FakeContext,
        read: () throws(FakeError) -> FakeImportFile
    ) throws(FakeError) -> JSONValue {
        for field in ["entity", "behavior", "validation_strategy", "allowed_error_count"]
        where source[field]?.stringValue == nil {
            throw FakeError.required(field)
        }
        let behavior = source["behavior"]!.stringValue!
        let strategy = source["validation_strategy"]!.stringValue!
        let allowed = source["allowed_error_count"]?.intValue ?? 0
        guard let entity = FakeImportEntity(rawValue: source["entity"]!.stringValue!) else {
            return answer(["Please enter a correct entity model."])
        }
        guard strategy == stopOnErrors || strategy == skipErrors else {
            return answer(["ImportExport: Import Data validation - Validation strategy not found"])
        }
        guard entity.behaviors.contains(behavior) else {
            return answer(["There is no command registered for behavior \"\(behavior)\"."])
        }
        let file: FakeImportFile
        do throws(FakeError) {
            file = try read()
        } catch {
            return answer([error.message])
        }
        guard !file.rows.isEmpty else { return answer(["This file is empty. Please try another one."]) }
        var errors: [(row: Int, message: String)] = []
        var valid: [[String: String]] = []
        for (index, row) in file.rows.enumerated() {
            // The error aggregator's limit: with stop-on-errors, the rows after it are not validated.
            if strategy == stopOnErrors, !errors.isEmpty, errors.count >= allowed { break }
            let rowErrors = entity.validate(row, columns: file.columns, behavior: behavior, state: state)
            if rowErrors.isEmpty { valid.append(row) } else { errors += rowErrors.map { (index, $0) } }
        }
        if !errors.isEmpty, strategy == stopOnErrors || valid.isEmpty {
            return answer(errors.map { "Row \($0.row + 1): \($0.message)" })
        }
        do throws(FakeError) {
            try entity.apply(valid, behavior: behavior, state: &state, now: context.now)
        } catch {
            return answer([MagentoMessage.fill(error.message, parameters: error.parameters)])
        }
        return answer(["Entities Processed: \(file.rows.count)"])
    }

    private static func answer(_ messages: [String]) -> JSONValue { .array(messages.map(JSONValue.string)) }
}
