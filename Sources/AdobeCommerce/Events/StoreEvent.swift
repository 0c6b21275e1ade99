#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An event Adobe Commerce emitted, as Adobe I/O Events delivers it: a CloudEvents 1.0 envelope whose `data.value`
/// holds the fields the subscription selected.
///
/// Commerce sends most scalars as text (`"entity_id": "42"`, `"qty": "2.000000"`) and some as numbers, so read
/// ``value`` through `JSONValue`'s lenient accessors. Read ``deduplicationKey`` to recognise a delivery seen before
/// (I/O Events delivers at least once, in no guaranteed order) and ``entity`` and ``occurredAt`` to keep one record's
/// events in order.
///
/// ```swift
/// let events = try StoreEvent.events(in: body)        // one event, or a `webhook_batch` array
/// for event in events where event.name == StoreEventName.orderSaved {
///     print(event.value["increment_id"]?.stringValue ?? "?")
/// }
/// ```
public struct StoreEvent: Sendable, Hashable {
    /// The prefix Adobe I/O puts before a Commerce event name to make the CloudEvents `type`.
    public static let typePrefix = "com.adobe.commerce."

    /// The CloudEvents `id`.
    public var id: String
    /// The CloudEvents `source` (`urn:uuid:…` of the event provider).
    public var source: String
    /// The CloudEvents `type`: ``typePrefix`` followed by the Commerce event name.
    public var type: String
    /// When the event was created, from the CloudEvents `time`.
    public var time: Date?
    /// The I/O event id (`eventid`, or the older `event_id`): the same across I/O's delivery retries.
    public var eventID: String?
    /// The Developer Console client id the delivery is for (`recipientclientid`, or the older `recipient_client_id`).
    public var recipientClientID: String?
    /// The event tracking id Commerce put in `data.key`, when present.
    public var key: String?
    /// `data.source`: `<merchant_id>.<environment_id>` of the store that emitted the event.
    public var storeSource: String?
    /// The event's fields as the subscription selected them (`data.value`).
    public var value: JSONValue
    /// What Commerce says about itself and the scope (`data._metadata`: `commerceVersion`, `storeId`, …), or `nil`.
    public var metadata: JSONValue?

    /// Creates an event.
    /// - Parameters:
    ///   - id: The CloudEvents id.
    ///   - source: The CloudEvents source.
    ///   - name: The Commerce event name (`observer.sales_order_save_commit_after`); the type is ``typePrefix`` + it.
    ///   - time: When it was created.
    ///   - eventID: The I/O event id.
    ///   - recipientClientID: The client id it is delivered to.
    ///   - key: Commerce's tracking id.
    ///   - storeSource: `<merchant_id>.<environment_id>`.
    ///   - value: The selected fields.
    ///   - metadata: `data._metadata`.
    public init(
        id: String, source: String, name: String, time: Date? = nil, eventID: String? = nil,
        recipientClientID: String? = nil, key: String? = nil, storeSource: String? = nil, value: JSONValue,
        metadata: JSONValue? = nil
    ) {
        self.id = id
        self.source = source
        self.type = name.hasPrefix(Self.typePrefix) ? name : Self.typePrefix + name
        self.time = time
        self.eventID = eventID
        self.recipientClientID = recipientClientID
        self.key = key
        self.storeSource = storeSource
        self.value = value
        self.metadata = metadata
    }

    /// The Commerce event name: ``type`` without ``typePrefix`` (`observer.sales_order_save_commit_after`).
    public var name: String {
        type.hasPrefix(Self.typePrefix) ? String(type.dropFirst(Self.typePrefix.count)) : type
    }

    /// What identifies this event across deliveries: Commerce's tracking id (`data.key`) when present, else the
    /// I/O event id, else the CloudEvents id.
    public var deduplicationKey: String { key ?? eventID ?? id }

    /// The record the event is about, as `kind:id` (`order:42`, `product:7`, `customer:3`, `stock_item:12`), from the
    /// event name and the `entity_id` (or `id`) field; `nil` when the event names none or the subscription did not
    /// select the id.
    public var entity: String? {
        guard let kind = StoreEventName.entityKind(of: name) else { return nil }
        let identifier =
            value["entity_id"]?.stringValue ?? value["id"]?.stringValue
            ?? (kind == "stock_item" ? value["item_id"]?.stringValue : nil)
            ?? value["order"]?["entity_id"]?.stringValue
        return identifier.map { "\(kind):\($0)" }
    }

    /// When the change happened in Commerce: the record's `updated_at` when the subscription selected it (second
    /// precision, UTC), else the event ``time``, else `nil`.
    public var occurredAt: Date? {
        if let text = value["updated_at"]?.stringValue, let date = MagentoDate(rawValue: text).date { return date }
        return time
    }
}

extension StoreEvent {
    /// Reads the events in a delivery body: one CloudEvents object, or an array of them (`webhook_batch`), or journal
    /// entries (`{"position": …, "event": {…}}`).
    /// - Throws: ``StoreEventError`` naming the place when the body is not JSON or an element is not an event.
    public static func events(in body: Data) throws(StoreEventError) -> [StoreEvent] {
        let json: JSONValue
        do { json = try JSONValue(parsing: body) } catch {
            throw StoreEventError(.malformedJSON, at: "$", "the body is not JSON (\(error))")
        }
        switch json {
        case .array(let elements):
            return try elements.enumerated().map { index, element throws(StoreEventError) in
                try StoreEvent(json: element, at: "$[\(index)]")
            }
        default: return [try StoreEvent(json: json, at: "$")]
        }
    }

    /// Reads one event from its CloudEvents JSON (or a journal entry wrapping it in `event`).
    /// - Parameters:
    ///   - json: The JSON object.
    ///   - path: Where it sits in the body, for errors.
    /// - Throws: ``StoreEventError`` when a required member is missing or is not text.
    public init(json: JSONValue, at path: String = "$") throws(StoreEventError) {
        guard case .object(var object) = json else {
            throw StoreEventError(.notAnEvent, at: path, "expected a CloudEvents object")
        }
        var path = path
        if object["type"] == nil, case .object(let wrapped)? = object["event"] {
            object = wrapped
            path += ".event"
        }
        func text(_ name: String) -> String? {
            switch object[name] {
            case .string(let value)?: value
            case .number(let value)?: "\(value)"
            default: nil
            }
        }
        func required(_ name: String) throws(StoreEventError) -> String {
            guard let value = text(name), !value.isEmpty else {
                throw StoreEventError(.notAnEvent, at: "\(path).\(name)", "a CloudEvents event needs `\(name)`")
            }
            return value
        }
        let type = try required("type")
        let data = object["data"]
        guard data == nil || data?.objectValue != nil else {
            throw StoreEventError(.notAnEvent, at: "\(path).data", "`data` must be an object")
        }
        func dataText(_ name: String) -> String? { data?[name]?.stringValue }
        self.init(
            id: try required("id"), source: text("source") ?? "", name: type,
            time: text("time").flatMap(Self.parseTimestamp),
            eventID: text("eventid") ?? text("event_id"),
            recipientClientID: text("recipientclientid") ?? text("recipient_client_id"),
            key: dataText("key"), storeSource: dataText("source"),
            value: data?["value"] ?? .null, metadata: data?["_metadata"])
    }

    /// The event as CloudEvents JSON, the way Adobe I/O delivers it (both spellings of the event and recipient ids).
    public var json: JSONValue {
        var data: [String: JSONValue] = ["value": value]
        if let key { data["key"] = .string(key) }
        if let storeSource { data["source"] = .string(storeSource) }
        if let metadata { data["_metadata"] = metadata }
        var object: [String: JSONValue] = [
            "specversion": "1.0", "type": .string(type), "source": .string(source), "id": .string(id),
            "datacontenttype": "application/json", "data": .object(data),
        ]
        if let time { object["time"] = .string(Self.formatTimestamp(time)) }
        if let eventID {
            object["eventid"] = .string(eventID)
            object["event_id"] = .string(eventID)
        }
        if let recipientClientID {
            object["recipientclientid"] = .string(recipientClientID)
            object["recipient_client_id"] = .string(recipientClientID)
        }
        return .object(object)
    }

    /// Parses an RFC 3339 timestamp (`2026-01-02T03:04:05.678Z`, or with an offset such as `+02:00`).
    static func parseTimestamp(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, let base = MagentoDate(rawValue: String(decoding: bytes[0..<19], as: UTF8.self)).date
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count == index + 6, bytes[index + 3] == UInt8(ascii: ":") else { return nil }
            let digits = [bytes[index + 1], bytes[index + 2], bytes[index + 4], bytes[index + 5]]
            guard digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
            let minutes =
                Int(digits[0] - 48) * 600 + Int(digits[1] - 48) * 60 + Int(digits[2] - 48) * 10
                + Int(digits[3] - 48)
            offset = (bytes[index] == UInt8(ascii: "+") ? 1 : -1) * minutes * 60
        default: return nil
        }
        return base.addingTimeInterval(fraction - Double(offset))
    }

    /// Formats a date as RFC 3339 in UTC with milliseconds.
    static func formatTimestamp(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        let milliseconds = min(999, Int(((date.timeIntervalSince1970 - whole) * 1000).rounded()))
        let text = MagentoDate(Date(timeIntervalSince1970: whole)).rawValue.replacing(" ", with: "T")
        let padded = String(milliseconds + 1000).dropFirst()
        return "\(text).\(padded)Z"
    }
}
