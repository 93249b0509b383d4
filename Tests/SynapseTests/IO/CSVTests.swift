import Foundation
import Synapse
import Testing

@Suite("CSV reading")
struct CSVIOTests {
    @Test func readsAFileWithAHeaderAndANamedLabelColumn() throws {
        try IOTest.withTemporaryDirectory { dir in
            let path = dir + "/iris.csv"
            try IOTest.write("sepal_length,sepal_width,species\n5.1,3.5,0\n6.2,2.9,1\n7.7,3.0,2\n", to: path)
            let table = try CSV.read(contentsOf: path, labelColumn: "species")
            #expect(table.rowCount == 3)
            #expect(table.features == Tensor([[5.1, 3.5], [6.2, 2.9], [7.7, 3.0]]))
            #expect(table.labels == Tensor([0, 1, 2]))
            #expect(table.featureNames == ["sepal_length", "sepal_width"])
            #expect(table.labelName == "species")
        }
    }

    @Test func headerIsDetectedOrToldAndLabelChosenByIndex() throws {
        let plain = try CSV.parse("1,2,3\n4,5,6\n", labelColumn: 0)
        #expect(plain.features == Tensor([[2, 3], [5, 6]]))
        #expect(plain.labels == Tensor([1, 4]))
        #expect(plain.featureNames == nil && plain.labelName == nil)

        let last = try CSV.parse("a,b,c\n1,2,3\n", labelColumn: -1)
        #expect(last.features == Tensor([[1, 2]]) && last.labels == Tensor([3]) && last.labelName == "c")

        let noLabel = try CSV.parse("x;y\n1;2\n3;4", delimiter: ";")
        #expect(noLabel.features == Tensor([[1, 2], [3, 4]]) && noLabel.labels == nil)
        #expect(noLabel.featureNames == ["x", "y"])

        // A numeric-looking header row is only a header when told so.
        let told = try CSV.parse("1,2\n3,4\n", header: .present)
        #expect(told.features == Tensor([[3, 4]]) && told.featureNames == ["1", "2"])
        let absent = try CSV.parse("1,2\n3,4\n", header: .absent)
        #expect(absent.rowCount == 2)
    }

    @Test func handlesQuotesWhitespaceLineEndingsAndBlankLines() throws {
        let text = "\u{FEFF}\"first, name\",\"b\"\"q\"\r\n 1 ,\t2\r\n\r\n\"3\",4\r5,6e-1"
        let table = try CSV.parse(text)
        #expect(table.featureNames == ["first, name", "b\"q"])
        #expect(table.features == Tensor([[1, 2], [3, 4], [5, 0.6]]))
        let tabs = try CSV.parse("1\t2\n3\t4\n", delimiter: "\t")
        #expect(tabs.features == Tensor([[1, 2], [3, 4]]))
    }

    @Test func nonNumericCellNamesFileLineAndColumn() throws {
        try IOTest.withTemporaryDirectory { dir in
            let path = dir + "/bad.csv"
            try IOTest.write("a,b,c\n1,2,3\n4,five,6\n", to: path)
            IOTest.expectError(.fileError, mentioning: [path, "line 3, column 2 ('b')", "expected a number", "'five'"]) {
                _ = try CSV.read(contentsOf: path)
            }
            try IOTest.write("1,2\n3,\n", to: path)
            IOTest.expectError(.fileError, mentioning: [path, "line 2, column 2", "empty cell"]) {
                _ = try CSV.read(contentsOf: path)
            }
        }
        IOTest.expectError(.fileError, mentioning: ["line 1, column 3", "'x'", "header: .present"]) {
            _ = try CSV.parse("1,2,x\n3,4,5\n")
        }
    }

    @Test func raggedRowsNameTheLine() throws {
        try IOTest.withTemporaryDirectory { dir in
            let path = dir + "/ragged.csv"
            try IOTest.write("a,b,c\n1,2,3\n\n4,5\n", to: path)
            IOTest.expectError(.fileError, mentioning: [path, "line 4", "found 2 cells, expected 3", "header on line 1"]) {
                _ = try CSV.read(contentsOf: path)
            }
        }
        IOTest.expectError(.fileError, mentioning: ["line 2", "found 3 cells, expected 2"]) {
            _ = try CSV.parse("1,2\n3,4,5\n")
        }
    }

    @Test func emptyFilesAndHeaderOnlyFilesAreErrors() throws {
        try IOTest.withTemporaryDirectory { dir in
            let path = dir + "/empty.csv"
            try IOTest.write("", to: path)
            IOTest.expectError(.invalidData, mentioning: [path, "empty"]) { _ = try CSV.read(contentsOf: path) }
            try IOTest.write("\n  \n", to: path)
            IOTest.expectError(.invalidData, mentioning: [path, "empty"]) { _ = try CSV.read(contentsOf: path) }
            try IOTest.write("a,b\n", to: path)
            IOTest.expectError(.invalidData, mentioning: [path, "no data rows"]) { _ = try CSV.read(contentsOf: path) }
        }
        IOTest.expectError(.fileError, mentioning: ["/no/such.csv", "no such file"]) {
            _ = try CSV.read(contentsOf: "/no/such.csv")
        }
    }

    @Test func badArgumentsAndNonFiniteValues() {
        IOTest.expectError(.invalidArgument, mentioning: ["no column is named 'label'", "'a', 'b'"]) {
            _ = try CSV.parse("a,b\n1,2\n", labelColumn: "label")
        }
        IOTest.expectError(.invalidArgument, mentioning: ["'a'", "no header row"]) {
            _ = try CSV.parse("1,2\n", labelColumn: "a")
        }
        IOTest.expectError(.invalidArgument, mentioning: ["index 2", "2 columns"]) {
            _ = try CSV.parse("1,2\n", labelColumn: 2)
        }
        IOTest.expectError(.invalidArgument, mentioning: ["delimiter"]) {
            _ = try CSV.parse("1,2\n", delimiter: "\"")
        }
        IOTest.expectError(.invalidData, mentioning: ["line 2, column 1", "nan", "allowNonFinite"]) {
            _ = try CSV.parse("a\nnan\n")
        }
        IOTest.expectError(.fileError, mentioning: ["line 2, column 2", "never closed"]) {
            _ = try CSV.parse("1,2\n3,\"4\n")
        }
        #expect((try? CSV.parse("a\nnan\n", allowNonFinite: true))?.features.scalars.first?.isNaN == true)
    }

    @Test func arbitraryBytesNeverCrash() {
        var generator = RandomGenerator(seed: 7)
        let alphabet = Array("0123456789.,;-e\"\n\r \tabc".utf8)
        for _ in 0..<500 {
            let length = generator.nextInt(below: 40)
            let bytes = (0..<length).map { _ in alphabet[generator.nextInt(below: alphabet.count)] }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let table = try CSV.parse(text, labelColumn: generator.nextInt(below: 2) == 0 ? nil : 0)
                #expect(table.rowCount > 0)
            } catch is SynapseError {
            } catch {
                Issue.record("unexpected error type: \(error)")
            }
        }
    }
}

@Suite("CSV fields")
struct CSVFieldTests {
    @Test func quotesOnlyWhatNeedsIt() {
        #expect(CSV.field("setosa") == "setosa")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
    }
}
