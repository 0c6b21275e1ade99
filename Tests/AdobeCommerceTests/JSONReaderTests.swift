import Foundation
import Testing

@testable import AdobeCommerce

/// The reader against the JSONTestSuite's three kinds of case: what must parse (`y_`), what must be refused with
/// which reason and where (`n_`), and the package's documented choices (`i_`). Cases are written here, not copied.
struct JSONReaderTests {
    // MARK: y_ — valid documents

    static let valid: [JSONCase] = [
        JSONCase("y_array_empty", "[]"),
        JSONCase("y_object_empty", "{}"),
        JSONCase("y_array_nested_empty", "[[[[[]]]]]"),
        JSONCase("y_array_of_empty_object", "[{}]"),
        JSONCase("y_object_nested", #"{"a":{"b":{"c":[{},[],{"d":null}]}}}"#),
        JSONCase("y_object_empty_key", #"{"":0}"#),
        JSONCase("y_literals", "[null,true,false]"),
        JSONCase("y_string_every_escape", #"["\"\\\/\b\f\n\r\t"]"#),
        JSONCase("y_string_u_escapes", #"["\u0041\u00e9\u20AC\uFFFF\u0000\u001f"]"#),
        JSONCase("y_string_surrogate_pair", #"["\uD83D\uDE00"]"#),
        JSONCase("y_string_surrogate_pair_lowercase", #"["\ud834\udd1e"]"#),
        JSONCase("y_string_last_code_point_escaped", #"["\uDBFF\uDFFF"]"#),
        JSONCase("y_string_utf8_2_3_4_bytes", "[\"é€😀\"]"),
        JSONCase("y_string_utf8_edges", "[\"\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}\"]"),
        JSONCase("y_string_del_raw", "[\"\u{7F}\"]"),
        JSONCase("y_string_long_ascii_then_escape", #"["abcdefghijklmnopqrstuvwxyz0123456789\"tail"]"#),
        JSONCase("y_string_non_ascii_after_eight_bytes", "[\"abcdefgh\u{E9}ijklmnop\u{1F600}\"]"),
        JSONCase("y_number_minus_zero", "[-0]"),
        JSONCase("y_number_capital_e_plus", "[1E+2]"),
        JSONCase("y_number_negative_exponent", "[1e-2]"),
        JSONCase("y_number_fraction", "[0.1]"),
        JSONCase("y_number_36_digits", "[123456789012345678901234567890123456]"),
        JSONCase("y_number_mixed", "[1E2,-1.5e-3,0e10,-0.0,20.000]"),
        JSONCase("y_number_int64_bounds", "[9223372036854775807,-9223372036854775808]"),
        JSONCase("y_whitespace_everywhere", " \t\n\r[ \t\n\r1 \t\n\r, \t\n\r{ \"a\" \t\n\r: \t\n\r2 } ]\r\n "),
        JSONCase("y_top_level_number", "1"),
        JSONCase("y_top_level_negative_fraction", "-0.5"),
        JSONCase("y_top_level_string", #""a""#),
        JSONCase("y_top_level_empty_string", #""""#),
        JSONCase("y_top_level_true", "true"),
        JSONCase("y_top_level_false", "false"),
        JSONCase("y_top_level_null", "null"),
        JSONCase("y_top_level_number_in_spaces", " 0 "),
        JSONCase("y_object_duplicate_keys", #"{"a":1,"a":2}"#),
    ]

    @Test("y_: valid documents parse to the value JSONSerialization reads", arguments: valid)
    func acceptsValid(_ json: JSONCase) throws {
        let ours = try JSONValue(parsing: Data(json.bytes))
        let foundation = try JSONSerialization.jsonObject(with: Data(json.bytes), options: .fragmentsAllowed)
        #expect(JSONTestSupport.difference(ours, foundation) == nil)
    }

    @Test("y_: every escape decodes to its character, surrogate pairs to one scalar")
    func escapes() throws {
        let value = try JSONValue(
            parsing: Data(
                #"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20AC", "\uD83D\uDE00\ud834\udd1e\uDBFF\uDFFF", "a\u0000b"]"#.utf8)
        )
        #expect(
            value
                == .array([
                    .string("\"\\/\u{8}\u{C}\n\r\t"), .string("Aé€"), .string("\u{1F600}\u{1D11E}\u{10FFFF}"),
                    .string("a\u{0}b"),
                ]))
    }

    @Test("y_: raw UTF-8 of 2, 3 and 4 bytes and the edges of each length read back unchanged")
    func utf8() throws {
        let text = "é€😀\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}"
        var json: [UInt8] = [UInt8(ascii: "\"")]
        json += Array(text.utf8) + [UInt8(ascii: "\"")]
        #expect(try JSONValue(parsing: Data(json)) == .string(text))
        #expect(try CommerceJSONDecoder().decode(String.self, from: Data(json)) == text)
    }

    @Test(
        "y_: numbers keep every digit as Decimal",
        arguments: [
            "-0", "1E+2", "1e-2", "0.1", "123456789012345678901234567890123456", "-1.5e-3", "0e10", "20.000",
            "1e127", "12345678901234567890123456789012345678", "0.00000000000000000001", "99999999999999999999e-5",
            "18446744073709551615", "18446744073709551616", "-12345678901234567890.123456789",
        ])
    func exactDecimal(_ text: String) throws {
        let expected = try #require(Decimal(string: text, locale: nil))
        #expect(try CommerceJSONDecoder().decode(Decimal.self, from: Data(text.utf8)) == expected)
        #expect(try JSONValue(parsing: Data("[\(text)]".utf8)) == .array([.number(expected)]))
    }

    @Test("y_: -0 read as a Double keeps its sign, as Foundation's JSONDecoder does")
    func negativeZeroDouble() throws {
        let ours = try CommerceJSONDecoder().decode(Double.self, from: Data("-0".utf8))
        let foundation = try JSONDecoder().decode(Double.self, from: Data("-0".utf8))
        #expect(ours == 0 && ours.sign == .minus)
        #expect(ours.sign == foundation.sign)
    }

    @Test("y_: of a repeated member name the last one wins, as in JSONSerialization")
    func duplicateKeysInValue() throws {
        #expect(try JSONValue(parsing: Data(#"{"a":1,"b":true,"a":2}"#.utf8)) == .object(["a": 2, "b": true]))
    }

    @Test("y_: 512 nested arrays parse with the default limit; 513 are refused with nestingTooDeep at the 513th")
    func nestingLimit() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(JSONTestSupport.readError(Array(deepest.utf8)) == nil)
        #expect(JSONTestSupport.foundationAccepts(Array(deepest.utf8)))

        let tooDeep = Array((String(repeating: "[", count: 513) + String(repeating: "]", count: 513)).utf8)
        let refusal = try #require(JSONTestSupport.readError(tooDeep))
        #expect(refusal.error.reason == .nestingTooDeep)
        #expect(refusal.error.offset == 512)
        #expect(refusal.error.path.count == 512)
        #expect(!JSONTestSupport.foundationAccepts(tooDeep))

        var objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(JSONTestSupport.readError(Array(objects.utf8))?.error.reason == .nestingTooDeep)
        objects = String(repeating: #"{"a":"#, count: 512) + "1" + String(repeating: "}", count: 512)
        #expect(JSONTestSupport.readError(Array(objects.utf8)) == nil)
    }

    @Test("A smaller maximumDepth is honoured: 3 levels parse, 4 are refused")
    func customDepth() throws {
        #expect(JSONTestSupport.readError(Array("[[[1]]]".utf8), maximumDepth: 3) == nil)
        #expect(JSONTestSupport.readError(Array("[[[[1]]]]".utf8), maximumDepth: 3)?.error.reason == .nestingTooDeep)
        #expect(JSONTestSupport.readError(Array("[[[[1]]]]".utf8), maximumDepth: 3)?.error.offset == 3)
    }

    // MARK: n_ — documents that must be refused

    static let structuralRefusals: [JSONRefusal] = [
        JSONRefusal("n_structure_empty", "", .unexpectedEnd, at: 0),
        JSONRefusal("n_structure_whitespace_only", " \n", .unexpectedEnd, at: 2),
        JSONRefusal("n_array_unclosed", "[1", .unexpectedEnd, at: 2),
        JSONRefusal("n_array_unclosed_after_comma", "[1,", .unexpectedEnd, at: 3),
        JSONRefusal("n_array_trailing_comma", "[1,]", .unexpectedByte, at: 3),
        JSONRefusal("n_array_leading_comma", "[,1]", .unexpectedByte, at: 1),
        JSONRefusal("n_array_missing_comma", "[1 2]", .unexpectedByte, at: 3),
        JSONRefusal("n_array_colon", "[1:2]", .unexpectedByte, at: 2),
        JSONRefusal("n_object_trailing_comma", #"{"a":1,}"#, .unexpectedByte, at: 7),
        JSONRefusal("n_object_unquoted_key", "{a:1}", .unexpectedByte, at: 1),
        JSONRefusal("n_object_single_quoted_key", "{'a':1}", .unexpectedByte, at: 1),
        JSONRefusal("n_object_missing_colon", #"{"a" 1}"#, .unexpectedByte, at: 5),
        JSONRefusal("n_object_missing_value", #"{"a":}"#, .unexpectedByte, at: 5),
        JSONRefusal("n_object_comma_for_colon", #"{"a",1}"#, .unexpectedByte, at: 4),
        JSONRefusal("n_object_unclosed", #"{"a":1"#, .unexpectedEnd, at: 6),
        JSONRefusal("n_object_key_unclosed", #"{"a"#, .unexpectedEnd, at: 3),
        JSONRefusal("n_literal_capitalised", "[True]", .unexpectedByte, at: 1),
        JSONRefusal("n_literal_truncated_in_array", "[tru]", .unexpectedByte, at: 4),
        JSONRefusal("n_literal_truncated_at_end", "tru", .unexpectedEnd, at: 3),
        JSONRefusal("n_literal_nan", "[NaN]", .unexpectedByte, at: 1),
        JSONRefusal("n_string_single_quoted", "['a']", .unexpectedByte, at: 1),
        JSONRefusal("n_string_unclosed", #""abc"#, .unexpectedEnd, at: 4),
        JSONRefusal("n_string_unclosed_long", #"["abcdefghijklmnopqrstuvwxyz"#, .unexpectedEnd, at: 28),
        JSONRefusal("n_whitespace_no_break_space", bytes: [0xC2, 0xA0, 0x5B, 0x5D], .unexpectedByte, at: 0),
        JSONRefusal("n_whitespace_form_feed", "\u{0C}[]", .unexpectedByte, at: 0),
        JSONRefusal(
            "n_structure_byte_order_mark_twice", bytes: [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x31], .unexpectedByte,
            at: 3),
        JSONRefusal("n_structure_byte_order_mark_only", bytes: [0xEF, 0xBB, 0xBF], .unexpectedEnd, at: 3),
    ]

    static let utf8Refusals: [JSONRefusal] = [
        JSONRefusal("n_string_overlong_C0_80", bytes: [0x5B, 0x22, 0xC0, 0x80, 0x22, 0x5D], .invalidUTF8, at: 2),
        JSONRefusal(
            "n_string_overlong_E0_80_80", bytes: [0x5B, 0x22, 0xE0, 0x80, 0x80, 0x22, 0x5D], .invalidUTF8, at: 3),
        JSONRefusal(
            "n_string_overlong_F0_80_80_80", bytes: [0x5B, 0x22, 0xF0, 0x80, 0x80, 0x80, 0x22, 0x5D], .invalidUTF8,
            at: 3),
        JSONRefusal(
            "n_string_surrogate_ED_A0_80", bytes: [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D], .invalidUTF8, at: 3),
        JSONRefusal(
            "n_string_low_surrogate_ED_BF_BF", bytes: [0x5B, 0x22, 0xED, 0xBF, 0xBF, 0x22, 0x5D], .invalidUTF8, at: 3),
        JSONRefusal("n_string_lead_F5", bytes: [0x5B, 0x22, 0xF5, 0x80, 0x80, 0x80, 0x22, 0x5D], .invalidUTF8, at: 2),
        JSONRefusal("n_string_lead_FF", bytes: [0x5B, 0x22, 0xFF, 0x22, 0x5D], .invalidUTF8, at: 2),
        JSONRefusal(
            "n_string_beyond_10FFFF", bytes: [0x5B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D], .invalidUTF8, at: 3),
        JSONRefusal("n_string_lone_continuation", bytes: [0x5B, 0x22, 0x80, 0x22, 0x5D], .invalidUTF8, at: 2),
        JSONRefusal(
            "n_string_lone_continuation_after_8_ascii", bytes: Array(#"["abcdefgh"#.utf8) + [0xBF, 0x22, 0x5D],
            .invalidUTF8, at: 10),
        JSONRefusal("n_string_truncated_2_byte", bytes: [0x5B, 0x22, 0xC3, 0x22, 0x5D], .invalidUTF8, at: 3),
        JSONRefusal("n_string_truncated_3_byte", bytes: [0x5B, 0x22, 0xE2, 0x82, 0x22, 0x5D], .invalidUTF8, at: 4),
        JSONRefusal(
            "n_string_truncated_4_byte", bytes: [0x5B, 0x22, 0xF0, 0x9F, 0x98, 0x22, 0x5D], .invalidUTF8, at: 5),
        JSONRefusal("n_string_truncated_by_end_of_input", bytes: [0x22, 0xE2, 0x82], .unexpectedEnd, at: 3),
        JSONRefusal(
            "n_object_key_invalid_utf8", bytes: [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], .invalidUTF8, at: 2),
    ]

    static let escapeRefusals: [JSONRefusal] = [
        JSONRefusal("n_string_escape_x", #"["\x41"]"#, .invalidEscape, at: 2),
        JSONRefusal("n_string_escape_single_quote", #"["\'"]"#, .invalidEscape, at: 2),
        JSONRefusal("n_string_escape_capital_U", #"["\U0041"]"#, .invalidEscape, at: 2),
        JSONRefusal("n_string_lone_high_surrogate", #"["\uD800"]"#, .invalidEscape, at: 2),
        JSONRefusal("n_string_lone_low_surrogate", #"["\uDC00"]"#, .invalidEscape, at: 2),
        JSONRefusal("n_string_high_surrogate_then_A", #"["\uD800\u0041"]"#, .invalidEscape, at: 2),
        JSONRefusal("n_string_two_high_surrogates", #"["\uD800\uD800"]"#, .invalidEscape, at: 2),
        JSONRefusal("n_string_high_surrogate_then_text", #"["\uD800xxxxxx"]"#, .invalidEscape, at: 2),
        JSONRefusal("n_string_bad_hex_digit", #"["\u12G4"]"#, .invalidEscape, at: 6),
        JSONRefusal("n_string_short_hex_at_end", #""\u12"#, .unexpectedEnd, at: 5),
        JSONRefusal("n_string_backslash_at_end", #""\"#, .unexpectedEnd, at: 2),
        JSONRefusal("n_string_top_level_lone_high_surrogate", #""\uD800""#, .invalidEscape, at: 1),
    ]

    static let numberRefusals: [JSONRefusal] = [
        JSONRefusal("n_number_leading_zero", "[01]", .invalidNumber, at: 2),
        JSONRefusal("n_number_negative_leading_zero", "[-01]", .invalidNumber, at: 3),
        JSONRefusal("n_number_point_without_fraction", "[1.]", .invalidNumber, at: 3),
        JSONRefusal("n_number_point_then_exponent", "[1.e5]", .invalidNumber, at: 3),
        JSONRefusal("n_number_exponent_without_digits", "[1e]", .invalidNumber, at: 3),
        JSONRefusal("n_number_exponent_sign_without_digits", "[1e+]", .invalidNumber, at: 4),
        JSONRefusal("n_number_minus_alone", "[-]", .invalidNumber, at: 2),
        JSONRefusal("n_number_minus_space", "[- 1]", .invalidNumber, at: 2),
        JSONRefusal("n_number_minus_infinity", "[-Infinity]", .invalidNumber, at: 2),
        JSONRefusal("n_number_hex", "[0x10]", .unexpectedByte, at: 2),
        JSONRefusal("n_number_starts_with_point", "[.5]", .invalidNumber, at: 1),
        JSONRefusal("n_number_plus_sign", "[+1]", .invalidNumber, at: 1),
        // At the very end of the input a number cut short is a truncated body.
        JSONRefusal("n_number_top_level_minus", "-", .unexpectedEnd, at: 1),
        JSONRefusal("n_number_top_level_point", "1.", .unexpectedEnd, at: 2),
        JSONRefusal("n_number_top_level_exponent", "1e", .unexpectedEnd, at: 2),
    ]

    static let controlAndTrailingRefusals: [JSONRefusal] = [
        JSONRefusal("n_string_raw_tab", "[\"a\tb\"]", .controlCharacter, at: 3),
        JSONRefusal("n_string_raw_newline", "[\"a\nb\"]", .controlCharacter, at: 3),
        JSONRefusal("n_string_raw_nul", bytes: [0x5B, 0x22, 0x00, 0x22, 0x5D], .controlCharacter, at: 2),
        JSONRefusal("n_string_raw_1F", bytes: [0x5B, 0x22, 0x1F, 0x22, 0x5D], .controlCharacter, at: 2),
        JSONRefusal("n_string_raw_tab_after_8_ascii", "[\"abcdefghij\tk\"]", .controlCharacter, at: 12),
        JSONRefusal("n_object_key_raw_newline", "{\"a\n\":1}", .controlCharacter, at: 3),
        JSONRefusal("n_structure_array_then_x", "[] x", .trailingData, at: 3),
        JSONRefusal("n_structure_two_objects", "{}{}", .trailingData, at: 2),
        JSONRefusal("n_structure_two_numbers", "1 2", .trailingData, at: 2),
        JSONRefusal("n_structure_two_strings", #""a""b""#, .trailingData, at: 3),
        JSONRefusal("n_structure_extra_bracket", "[]]", .trailingData, at: 2),
        JSONRefusal("n_structure_trailing_comma", "null,", .trailingData, at: 4),
        JSONRefusal("n_structure_trailing_nul", bytes: [0x5B, 0x5D, 0x00], .trailingData, at: 2),
    ]

    @Test(
        "n_: structural errors are refused with the reason and offset of the offending byte",
        arguments: structuralRefusals)
    func refusesStructure(_ json: JSONRefusal) { check(json) }

    @Test("n_: bytes that are not UTF-8 are refused with invalidUTF8 at the bad byte", arguments: utf8Refusals)
    func refusesInvalidUTF8(_ json: JSONRefusal) { check(json) }

    @Test("n_: unknown escapes and unpaired surrogates are refused with invalidEscape", arguments: escapeRefusals)
    func refusesInvalidEscapes(_ json: JSONRefusal) { check(json) }

    @Test("n_: numbers that break the grammar are refused with invalidNumber", arguments: numberRefusals)
    func refusesInvalidNumbers(_ json: JSONRefusal) { check(json) }

    @Test(
        "n_: raw control characters in strings and data after the value are refused",
        arguments: controlAndTrailingRefusals)
    func refusesControlAndTrailing(_ json: JSONRefusal) { check(json) }

    private func check(_ json: JSONRefusal, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let refusal = JSONTestSupport.readError(json.bytes) else {
            Issue.record("\(json.name) was accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(refusal.error.reason == json.reason, "\(json.name)", sourceLocation: sourceLocation)
        #expect(refusal.error.offset == json.offset, "\(json.name)", sourceLocation: sourceLocation)
        // Foundation refuses each of these too, but for trailing commas, which its JSONSerialization lets pass.
        let foundationLenient = ["n_array_trailing_comma", "n_object_trailing_comma"].contains(json.name)
        #expect(
            JSONTestSupport.foundationAccepts(json.bytes) == foundationLenient, "\(json.name)",
            sourceLocation: sourceLocation)
    }

    @Test("n_: the error names the path to the bad value, in the JSONReadError and in the DecodingError")
    func errorPath() throws {
        let json = Array(#"{"items":[{"price":1},{"price":tru}]}"#.utf8)
        let refusal = try #require(JSONTestSupport.readError(json))
        #expect(refusal.error.reason == .unexpectedByte)
        #expect(refusal.error.offset == 34)
        #expect(refusal.error.path == [.key("items"), .index(1), .key("price")])
        #expect(refusal.error.pathDescription == "$.items[1].price")
        #expect(refusal.codingPath == "items[1].price")
        #expect(refusal.error.description == "Invalid JSON: unexpected byte at byte 34 ($.items[1].price).")

        let escapedKey = try #require(JSONTestSupport.readError(Array(#"{"a\"b":[0,{"c":01}]}"#.utf8)))
        #expect(escapedKey.error.pathDescription == #"$.a"b[1].c"#)
        #expect(escapedKey.error.reason == .invalidNumber)
    }

    @Test("n_: a syntax error met while decoding a model is a dataCorrupted DecodingError with the model's path")
    func errorPathInModel() throws {
        let json = #"{"items":[{"sku":"A","price":1},{"sku":"B","price":1.}],"total_count":2}"#
        do {
            _ = try CommerceJSONDecoder().decode(SearchResults<Product>.self, from: Data(json.utf8))
            Issue.record("accepted")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(JSONTestSupport.render(context.codingPath) == "items[1].price")
            #expect((context.underlyingError as? JSONReadError)?.reason == .invalidNumber)
        }
    }

    // MARK: i_ — the package's documented choices

    @Test("i_: a leading UTF-8 byte order mark is skipped (Foundation's JSONSerialization skips it too)")
    func byteOrderMark() throws {
        let json: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a":[1]}"#.utf8)
        #expect(try JSONValue(parsing: Data(json)) == .object(["a": [1]]))
        #expect(JSONTestSupport.foundationAccepts(json))
        // Only at the start: a BOM after whitespace is a stray byte.
        #expect(JSONTestSupport.readError([0x20, 0xEF, 0xBB, 0xBF, 0x31])?.error.reason == .unexpectedByte)
    }
}
