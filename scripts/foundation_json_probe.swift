// What Foundation's JSON readers do with the hostile or unusual safetensors headers that Synapse's own
// header parser (Sources/Synapse/IO/SafeTensorsJSON.swift) rejects. Run with any Swift toolchain:
//
//     swiftc -O scripts/foundation_json_probe.swift -o /tmp/probe && /tmp/probe
//
// Measured with Swift 6.3.1 on Linux (swift-foundation's parser behind both APIs):
//   duplicate keys            {"a":1,"b":2,"a":3} → ["a": 3, "b": 2] (JSONSerialization); allKeys ["b","a"] (JSONDecoder)
//   key order                 lost: allKeys of z, y, x, w, v, u came back as z, x, v, y, u, w (and differently each run)
//   trailing commas           {"a":1,} and [1,] accepted
//   encodings                 UTF-16 "{}" and a UTF-8 byte order mark accepted
//   nesting                   throws at depth 512 ("Too many nested arrays or dictionaries"); no crash at 100,000
//   numbers                   1.0 and 1e2 decode as Int 1 and 100; 18446744073709551616 fails as "not valid JSON"
//   messages                  "Invalid value around character 5." (JSONDecoder: "The given data was not valid JSON.")
// Swapping JSONSerialization in behind SafeTensorsJSON.parse failed 17 expectations in 7 of the 48
// SafeTensors tests: 4 duplicate-key cases accepted, [1,] accepted, 1e3 taken as a shape, and messages
// that no longer say what was expected.
import Foundation

func serialization(_ name: String, _ data: Data) {
    do {
        let value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        print(name, "JSONSerialization accepted:", String(describing: value).prefix(100))
    } catch {
        print(name, "JSONSerialization threw:", String(describing: error).prefix(200))
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

struct Keys: Decodable {
    var keys: [String]
    init(from decoder: Decoder) throws {
        keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
    }
}

struct Integers: Decodable { var v: [Int] }

func decoder<T: Decodable>(_ name: String, _ type: T.Type, _ data: Data) {
    do {
        print(name, "JSONDecoder accepted:", String(describing: try JSONDecoder().decode(T.self, from: data)).prefix(100))
    } catch {
        print(name, "JSONDecoder threw:", String(describing: error).prefix(200))
    }
}

let duplicate = Data(#"{"a":1,"b":2,"a":3}"#.utf8)
serialization("duplicate keys", duplicate)
decoder("duplicate keys", Keys.self, duplicate)
decoder("key order", Keys.self, Data(#"{"z":1,"y":2,"x":3,"w":4,"v":5,"u":6}"#.utf8))
serialization("trailing comma in an object", Data(#"{"a":1,}"#.utf8))
serialization("trailing comma in an array", Data(#"[1,]"#.utf8))
serialization("UTF-16", Data(Array("{}".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
serialization("byte order mark", Data([0xEF, 0xBB, 0xBF] + Array("{}".utf8)))
serialization("100,000 open brackets", Data(String(repeating: "[", count: 100_000).utf8))
serialization("512 closed brackets", Data((String(repeating: "[", count: 512) + String(repeating: "]", count: 512)).utf8))
decoder("1.0 as Int", Integers.self, Data(#"{"v":[1.0]}"#.utf8))
decoder("1e2 as Int", Integers.self, Data(#"{"v":[1e2]}"#.utf8))
decoder("2^64 as Int", Integers.self, Data(#"{"v":[18446744073709551616]}"#.utf8))
serialization("missing colon", Data(#"{"w" 1}"#.utf8))
