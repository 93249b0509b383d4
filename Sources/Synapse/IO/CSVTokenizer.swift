/// Splits CSV bytes into records of cells, following RFC 4180's quoting.
///
/// Cells may be quoted with `"` (a doubled `""` inside stands for one quote, and a quoted cell may
/// hold delimiters and line breaks). Lines end with `\n`, `\r\n` or `\r`; blank lines are skipped;
/// spaces and tabs around a cell are trimmed (unless they are the delimiter); a leading UTF-8 byte
/// order mark is ignored. Line and column numbers count from 1, as editors show them.
struct CSVTokenizer {
    /// One cell's text and where it starts.
    struct Cell {
        var text: String
        var line: Int
        var column: Int
    }

    /// One record: its cells and the line it starts on.
    struct Record {
        var line: Int
        var cells: [Cell]
    }

    private let bytes: [UInt8]
    private let delimiter: UInt8
    private let source: String
    private var position = 0
    private var line = 1

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    init(bytes: [UInt8], delimiter: UInt8, source: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.source = source
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    private func isTrimmable(_ byte: UInt8) -> Bool {
        (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && byte != delimiter
    }

    /// Consumes a line break at the current position, if there is one.
    private mutating func consumeLineBreak() -> Bool {
        guard position < bytes.count else { return false }
        if bytes[position] == Self.newline {
            position += 1
        } else if bytes[position] == Self.carriageReturn {
            position += 1
            if position < bytes.count && bytes[position] == Self.newline { position += 1 }
        } else {
            return false
        }
        line += 1
        return true
    }

    /// The next non-blank record, or nil at the end of the data.
    mutating func nextRecord() throws -> Record? {
        while position < bytes.count {
            let start = line
            var cells: [Cell] = []
            var recordEnded = false
            while !recordEnded {
                let cell = try nextCell(column: cells.count + 1)
                cells.append(cell)
                if position < bytes.count && bytes[position] == delimiter {
                    position += 1
                } else {
                    // At a line break or the end of the data.
                    _ = consumeLineBreak()
                    recordEnded = true
                }
            }
            let blank = cells.count == 1 && cells[0].text.isEmpty
            if !blank { return Record(line: start, cells: cells) }
        }
        return nil
    }

    /// Reads one cell, leaving the position at the delimiter, line break or end that follows it.
    private mutating func nextCell(column: Int) throws -> Cell {
        while position < bytes.count && isTrimmable(bytes[position]) { position += 1 }
        let startLine = line
        guard position < bytes.count, bytes[position] == Self.quote else {
            let start = position
            while position < bytes.count, bytes[position] != delimiter,
                  bytes[position] != Self.newline, bytes[position] != Self.carriageReturn {
                position += 1
            }
            var end = position
            while end > start && isTrimmable(bytes[end - 1]) { end -= 1 }
            return Cell(text: String(decoding: bytes[start..<end], as: UTF8.self), line: startLine, column: column)
        }
        // A quoted cell.
        position += 1
        var content: [UInt8] = []
        while true {
            guard position < bytes.count else {
                throw SynapseError.fileError("\(source): line \(startLine), column \(column): a quoted cell is never closed (expected a closing '\"' before the end of the file)")
            }
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < bytes.count && bytes[position + 1] == Self.quote {
                    content.append(Self.quote)
                    position += 2
                    continue
                }
                position += 1
                break
            }
            if byte == Self.newline || byte == Self.carriageReturn {
                _ = consumeLineBreak()
                content.append(Self.newline)
                continue
            }
            content.append(byte)
            position += 1
        }
        while position < bytes.count && isTrimmable(bytes[position]) { position += 1 }
        if position < bytes.count, bytes[position] != delimiter,
           bytes[position] != Self.newline, bytes[position] != Self.carriageReturn {
            let found = String(decoding: [bytes[position]], as: UTF8.self)
            throw SynapseError.fileError("\(source): line \(line), column \(column): expected a delimiter or the end of the line after a closing quote, found '\(found)'")
        }
        return Cell(text: String(decoding: content, as: UTF8.self), line: startLine, column: column)
    }
}
