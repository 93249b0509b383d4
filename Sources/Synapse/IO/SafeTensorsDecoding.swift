#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensorsFile {
    /// One tensor entry of a header, checked on its own (but not yet against its neighbours).
    struct Entry {
        var name: String
        var dataType: SafeTensorsDataType
        var shape: [Int]
        var count: Int
        var begin: Int
        var end: Int
        var headerIndex: Int
    }

    /// Decodes and validates a whole file held in `buffer`; messages begin with `source`.
    ///
    /// Nothing here trusts the file: the header length is checked against the buffer before the
    /// header is touched, every shape product and byte size is computed with overflow checks, and
    /// every range is checked to lie inside the data section before any value is read.
    static func decode(buffer: UnsafeRawBufferPointer, source: String) throws -> SafeTensorsFile {
        let layout = try decodeLayout(buffer: buffer, source: source)
        var tensors: [String: Tensor] = [:]
        tensors.reserveCapacity(layout.entries.count)
        for entry in layout.entries {
            let values = entry.dataType.floats(from: buffer, offset: layout.dataStart + entry.begin, count: entry.count)
            do {
                tensors[entry.name] = try Tensor(shape: entry.shape, scalars: values)
            } catch {
                throw SynapseError.fileError("\(source): tensor '\(entry.name)': \(error)")
            }
        }
        return SafeTensorsFile(tensors: tensors, order: layout.entries.map(\.name), metadata: layout.metadata)
    }

    /// A file's header, validated against the size of its data section: the tensor entries in the
    /// order of their data, the metadata, and where the data section starts.
    struct Layout {
        var entries: [Entry]
        var metadata: [String: String]
        var dataStart: Int
    }

    /// Decodes and validates the header of a whole file held in `buffer`, without reading any value.
    static func decodeLayout(buffer: UnsafeRawBufferPointer, source: String) throws -> Layout {
        func failure(_ problem: String) -> SynapseError { .fileError("\(source): \(problem)") }

        guard buffer.count >= 8 else {
            throw failure("the file is \(buffer.count) bytes long, too short for the 8-byte header length every safetensors file starts with")
        }
        let declared = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard declared <= UInt64(maximumHeaderByteCount) else {
            throw failure("the header length is \(declared) bytes, more than the \(maximumHeaderByteCount) a safetensors header may take; this is not a safetensors file, or it is corrupt")
        }
        let headerCount = Int(declared)
        guard headerCount <= buffer.count - 8 else {
            throw failure("the header length is \(headerCount) bytes, but only \(buffer.count - 8) bytes follow it; the file is truncated or is not a safetensors file")
        }
        let dataStart = 8 + headerCount
        let dataCount = buffer.count - dataStart
        let headerBytes = UnsafeRawBufferPointer(rebasing: buffer[8..<dataStart])
        guard String(validating: headerBytes, as: UTF8.self) != nil else {
            throw failure("the header is not valid UTF-8 text; this is not a safetensors file, or it is corrupt")
        }
        let header: SafeTensorsJSON
        do {
            header = try SafeTensorsJSON.parse(headerBytes)
        } catch {
            throw failure("the header is not valid JSON: \(error.reason) (at byte \(8 + error.offset) of the file)")
        }
        guard case .object(let members) = header else {
            throw failure("the header must be a JSON object mapping tensor names to entries, found \(header.kindDescription)")
        }

        var seen = Set<String>()
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (index, member) in members.enumerated() {
            guard seen.insert(member.key).inserted else {
                throw failure(member.key == metadataKey
                    ? "the header has two \"\(metadataKey)\" entries"
                    : "the tensor name '\(member.key)' appears twice in the header")
            }
            if member.key == metadataKey {
                metadata = try decodeMetadata(member.value, failure: failure)
            } else {
                entries.append(try decodeEntry(name: member.key, member.value, index: index,
                                               dataCount: dataCount, failure: failure))
            }
        }

        // The data section must be covered exactly: sorted by offset, each tensor starts where the
        // previous one ends, the first at 0 and the last at the end of the file.
        entries.sort { ($0.begin, $0.end, $0.headerIndex) < ($1.begin, $1.end, $1.headerIndex) }
        var covered = 0
        var previous: Entry?
        for entry in entries {
            if entry.begin < covered, let previous {
                throw failure("tensors '\(previous.name)' (data_offsets [\(previous.begin), \(previous.end)]) and '\(entry.name)' (data_offsets [\(entry.begin), \(entry.end)]) overlap")
            }
            if entry.begin > covered {
                throw failure("bytes \(covered)..<\(entry.begin) of the data section belong to no tensor (a gap before tensor '\(entry.name)'); tensors must be laid out contiguously")
            }
            covered = entry.end
            previous = entry
        }
        guard covered == dataCount else {
            throw failure("the data section holds \(dataCount) bytes, but the tensors cover only the first \(covered); \(dataCount - covered) bytes at the end belong to no tensor")
        }

        return Layout(entries: entries, metadata: metadata, dataStart: dataStart)
    }

    private static func decodeMetadata(_ value: SafeTensorsJSON,
                                       failure: (String) -> SynapseError) throws -> [String: String] {
        switch value {
        case .null:
            return [:]
        case .object(let members):
            var metadata: [String: String] = [:]
            for (key, item) in members {
                guard case .string(let text) = item else {
                    throw failure("\"\(metadataKey)\" must map strings to strings, but '\(key)' maps to \(item.kindDescription)")
                }
                guard metadata.updateValue(text, forKey: key) == nil else {
                    throw failure("the metadata key '\(key)' appears twice in \"\(metadataKey)\"")
                }
            }
            return metadata
        default:
            throw failure("\"\(metadataKey)\" must be an object mapping strings to strings, found \(value.kindDescription)")
        }
    }

    private static func decodeEntry(name: String, _ value: SafeTensorsJSON, index: Int, dataCount: Int,
                                    failure: (String) -> SynapseError) throws -> Entry {
        let what = "tensor '\(name)'"
        guard case .object(let fields) = value else {
            throw failure("\(what): expected an object with \"dtype\", \"shape\" and \"data_offsets\", found \(value.kindDescription)")
        }
        var found: [String: SafeTensorsJSON] = [:]
        for (key, item) in fields where key == "dtype" || key == "shape" || key == "data_offsets" {
            guard found.updateValue(item, forKey: key) == nil else {
                throw failure("\(what): the field \"\(key)\" appears twice")
            }
        }
        func field(_ key: String) throws -> SafeTensorsJSON {
            guard let item = found[key] else { throw failure("\(what): the field \"\(key)\" is missing") }
            return item
        }

        // dtype
        guard case .string(let dtypeName) = try field("dtype") else {
            throw failure("\(what): \"dtype\" must be a string such as \"F32\", found \(try field("dtype").kindDescription)")
        }
        guard let dataType = SafeTensorsDataType(rawValue: dtypeName) else {
            throw failure("\(what): dtype '\(dtypeName)' is not supported; Synapse reads \(SafeTensorsDataType.supportedList)")
        }

        // shape
        guard case .array(let dimensionValues) = try field("shape") else {
            throw failure("\(what): \"shape\" must be an array of whole numbers, found \(try field("shape").kindDescription)")
        }
        var shape: [Int] = []
        shape.reserveCapacity(dimensionValues.count)
        for (axis, item) in dimensionValues.enumerated() {
            shape.append(try wholeNumber(item, what: "\(what): shape dimension \(axis)", failure: failure))
        }
        let count: Int
        do {
            // No bound but Int's: the data offsets, checked next, bound the size by the file's actual bytes.
            count = try Shape.checkedCount(shape, what: "\(what): too many elements to count (overflow)", limit: .max)
        } catch let error as SynapseError {
            throw failure(error.message)
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dataType.byteCount)
        guard !overflow else { throw failure("\(what): shape \(shape) of \(dtypeName) takes too many bytes to count (overflow)") }

        // data_offsets
        guard case .array(let offsetValues) = try field("data_offsets"), offsetValues.count == 2 else {
            throw failure("\(what): \"data_offsets\" must be an array of two whole numbers [begin, end], found \(describe(try field("data_offsets")))")
        }
        let begin = try wholeNumber(offsetValues[0], what: "\(what): data_offsets begin", failure: failure)
        let end = try wholeNumber(offsetValues[1], what: "\(what): data_offsets end", failure: failure)
        guard begin <= end else {
            throw failure("\(what): data_offsets [\(begin), \(end)] end before they begin")
        }
        guard end - begin == byteCount else {
            throw failure("\(what): shape \(shape) of \(dtypeName) takes \(byteCount) bytes, but data_offsets [\(begin), \(end)] span \(end - begin)")
        }
        guard end <= dataCount else {
            throw failure("\(what): data_offsets [\(begin), \(end)] run past the end of the data section, which holds \(dataCount) bytes; the file is truncated or corrupt")
        }
        return Entry(name: name, dataType: dataType, shape: shape, count: count, begin: begin, end: end,
                     headerIndex: index)
    }

    /// A JSON value that must be a whole number ≥ 0 that fits in an `Int`.
    private static func wholeNumber(_ value: SafeTensorsJSON, what: String,
                                    failure: (String) -> SynapseError) throws -> Int {
        guard case .number(let text) = value else {
            throw failure("\(what) must be a whole number ≥ 0, found \(value.kindDescription)")
        }
        switch SafeTensorsJSON.integer(fromLiteral: text) {
        case .value(let n): return n
        case .negative: throw failure("\(what) must be ≥ 0, found \(text)")
        case .fractional: throw failure("\(what) must be a whole number, found \(text)")
        case .tooLarge: throw failure("\(what) is too large: \(text)")
        }
    }

    private static func describe(_ value: SafeTensorsJSON) -> String {
        if case .array(let items) = value { return "an array of \(items.count) values" }
        return value.kindDescription
    }

    /// The contents of the regular file at `path`, read with POSIX calls so that every failure can be
    /// reported with the file's name. The buffer is sized from the file's actual size, never from
    /// anything inside the file. The file's type is checked before it is opened (a FIFO would block
    /// the opening forever), and again once it is open, without blocking, in case it was replaced.
    static func readWholeFile(atPath path: String) throws -> [UInt8] {
        let kind = "safetensors file"
        func failure(_ problem: String) -> SynapseError { .fileError("\(kind) '\(path)': \(problem)") }
        try FileBytes.requireRegularFile(atPath: path, kind: kind)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            throw failure(code == ENOENT ? "no such file" : "cannot open it: \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw failure("cannot read its size: \(String(cString: strerror(errno)))")
        }
        try FileBytes.requireRegularFile(mode: info.st_mode, path: path, kind: kind)
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        var readError: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            while filled < size {
                let n = posixRead(fd, buffer.baseAddress! + filled, size - filled)
                if n > 0 {
                    filled += n
                } else if n == 0 {
                    break  // the file shrank while being read; the decoder reports it as truncated
                } else if errno != EINTR {
                    readError = errno
                    break
                }
            }
        }
        guard readError == 0 else {
            throw failure("cannot read it: \(String(cString: strerror(readError)))")
        }
        if filled < size { bytes.removeSubrange(filled...) }
        return bytes
    }
}

/// The C `read` call (named apart from ``SafeTensorsFile/read(from:)``).
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
