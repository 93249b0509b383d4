import Foundation
import Synapse
import Testing

/// Where a safetensors header's JSON is read more strictly than Foundation's `JSONSerialization` and
/// `JSONDecoder` would read it. These are the reasons Synapse keeps its own small header parser
/// (`SafeTensorsJSON`); `scripts/foundation_json_probe.swift` shows what Foundation does with each.
extension SafeTensorsMalformedFileTests {
    @Test func duplicateKeysAreRejectedEvenWhenSpelledWithEscapes() {
        // Foundation keeps the last of two equal keys silently; the safetensors format disallows them.
        let escaped = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\u0077":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        expectRejected(T.file(header: escaped, data: T.f32Bytes([1])), "tensor name 'w' appears twice")
        // Two identical entries would leave no gap in the data section to give them away.
        let identical = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        expectRejected(T.file(header: identical, data: T.f32Bytes([1])), "tensor name 'w' appears twice")
        expectRejected(T.file(header: #"{"__metadata__":{"k":"a","\u006b":"a"}}"#), "metadata key 'k' appears twice")
        expectRejected(T.file(header: entry(#""dtype":"F32","shape":[1],"data_offsets":[0,4],"shape":[1]"#), data: T.f32Bytes([1])),
                       "\"shape\" appears twice")
    }

    @Test func trailingCommasAreRejected() {
        // Foundation accepts both.
        expectRejected(T.file(header: #"{"__metadata__":{"k":"v"},}"#), "not valid JSON", "expected a quoted key")
        expectRejected(T.file(header: entry(#""dtype":"F32","shape":[1,],"data_offsets":[0,4]"#), data: T.f32Bytes([1])),
                       "not valid JSON", "expected a value")
    }

    @Test func headersInOtherEncodingsOrWithAByteOrderMarkAreRejected() {
        // Foundation detects UTF-16 and skips a byte order mark; safetensors headers are UTF-8.
        // "{}" in UTF-16LE is the bytes 7B 00 7D 00, which are also valid UTF-8.
        expectRejected(T.file(header: "{\u{0}}\u{0}"), "not valid JSON", "byte 0x0")
        expectRejected(T.file(header: "\u{FEFF}{}"), "not valid JSON", "byte 0xEF")
    }

    @Test func hostileNestingThrowsInsteadOfExhaustingTheStack() {
        let opened = String(repeating: "[", count: 100_000)
        expectRejected(T.file(header: opened), "not valid JSON", "nested more than 64 deep")
        expectRejected(T.file(header: String(repeating: "{\"a\":", count: 100_000)), "nested more than 64 deep")
        expectRejected(T.file(header: #"{"__metadata__":"# + opened), "nested more than 64 deep")
        // Nesting up to the limit is still JSON; here it is only the wrong shape of entry.
        let deepest = String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
        expectRejected(T.file(header: "{\"w\":\(deepest)}"), "tensor 'w'", "found an array")
    }

    @Test func numbersAreCheckedAsWrittenNotAsRounded() {
        let offsets = "\"data_offsets\":[0,4]"
        // Foundation reads 1.0 as the integer 1 and 1e400 fails as "not representable"; these are values
        // a safetensors shape must not hold, and the message shows them as written.
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[1.0],\(offsets)"), data: T.f32Bytes([1])),
                       "shape dimension 0 must be a whole number, found 1.0")
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[1e400],\(offsets)")), "found 1e400")
        // 2^53 + 1 is not rounded to 2^53: it is taken exactly, and found to run past the data.
        expectRejected(T.file(header: entry(#""dtype":"F32","shape":[1],"data_offsets":[9007199254740993,9007199254740997]"#)),
                       "data_offsets [9007199254740993, 9007199254740997] run past the end")
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[-0.0],\(offsets)")), "must be a whole number, found -0.0")
    }

    @Test func syntaxErrorsSayWhatWasExpectedAndWhere() {
        // Foundation says only "Invalid value around character 6".
        expectRejected(T.file(header: #"{"w" "x"}"#), "not valid JSON", "expected ':' after key \"w\"", "at byte 13 of the file")
        expectRejected(T.file(header: "{\"w\":1} {}"), "after the end of the JSON value", "at byte 16 of the file")
    }
}
