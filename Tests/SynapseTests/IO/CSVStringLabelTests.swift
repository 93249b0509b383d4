import Foundation
import Synapse
import Testing

@Suite("CSV string labels")
struct CSVStringLabelTests {
    @Test func classNamesBecomeIndicesInSortedOrder() throws {
        let table = try CSV.parse("x,animal\n1,cat\n2,dog\n3,ant\n4,cat\n", labelColumn: "animal")
        #expect(table.labelClasses == ["ant", "cat", "dog"])
        #expect(table.labels == Tensor([1, 2, 0, 1]))
        #expect(table.features == Tensor([[1], [2], [3], [4]]))
        #expect(table.featureNames == ["x"] && table.labelName == "animal")
        // Each label maps back to the name in its row.
        let names = try #require(table.labelClasses)
        #expect(try #require(table.labels).scalars.map { names[Int($0)] } == ["cat", "dog", "ant", "cat"])
    }

    @Test func numericLabelsHaveNoClasses() throws {
        let numeric = try CSV.parse("a,label\n1,2\n3,0\n", labelColumn: "label")
        #expect(numeric.labels == Tensor([2, 0]) && numeric.labelClasses == nil)
        let unlabelled = try CSV.parse("a,b\n1,2\n")
        #expect(unlabelled.labels == nil && unlabelled.labelClasses == nil)
    }

    @Test func mixedNumericAndStringLabelsAreAllStrings() throws {
        // "10" sorts before "2" as text; "nan" is a name here, not a non-finite number.
        let table = try CSV.parse("1,b\n2,10\n3,2\n4,nan\n5,2\n", labelColumn: -1)
        #expect(table.labelClasses == ["10", "2", "b", "nan"])
        #expect(table.labels == Tensor([2, 0, 1, 3, 1]))
        #expect(table.features == Tensor([[1], [2], [3], [4], [5]]))
    }

    @Test func quotedAndTrimmedNamesWithAHeaderlessFile() throws {
        let table = try CSV.parse("\"New York, NY\",1\n Paris ,2\n\"New York, NY\",3\n", labelColumn: 0)
        #expect(table.labelClasses == ["New York, NY", "Paris"])
        #expect(table.labels == Tensor([0, 1, 0]))
        #expect(table.featureNames == nil && table.labelName == nil)
    }

    @Test func emptyLabelNamesRowAndColumn() throws {
        try IOTest.withTemporaryDirectory { dir in
            let path = dir + "/labels.csv"
            try IOTest.write("a,species\n1,setosa\n2,\n", to: path)
            IOTest.expectError(.fileError, mentioning: [path, "data row 2", "line 3, column 2 ('species')",
                                                         "expected a label", "empty cell"]) {
                _ = try CSV.read(contentsOf: path, labelColumn: "species")
            }
        }
        // Numeric labels, a quoted empty cell and a headerless file say the same.
        IOTest.expectError(.fileError, mentioning: ["data row 1", "line 1, column 1", "expected a label"]) {
            _ = try CSV.parse("\"\",2\n3,4\n", labelColumn: 0)
        }
        IOTest.expectError(.fileError, mentioning: ["data row 3", "line 5, column 2 ('y')", "expected a label"]) {
            _ = try CSV.parse("x,y\n1,0\n\n2,1\n3,\n", labelColumn: "y")
        }
    }

    @Test func numericLabelsAreStillCheckedForFiniteness() {
        IOTest.expectError(.invalidData, mentioning: ["line 2, column 2 ('y')", "nan", "allowNonFinite"]) {
            _ = try CSV.parse("x,y\n1,nan\n2,1\n", labelColumn: "y")
        }
    }

    @Test func readsTheBundledIrisFile() throws {
        let iris = try CSV.read(contentsOf: IOTest.packageRoot + "/Data/iris/iris.csv", labelColumn: "species")
        #expect(iris.features.shape == [150, 4])
        let labels = try #require(iris.labels)
        #expect(labels.shape == [150])
        #expect(labels.scalars.allSatisfy { [0, 1, 2].contains($0) })
        #expect(iris.labelClasses == ["setosa", "versicolor", "virginica"])
        #expect(iris.featureNames == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        #expect(iris.labelName == "species")
        // Rows 1, 51 and 150 of Data/iris/iris.csv (after the header).
        #expect(try iris.features.rows(0..<1) == Tensor([[5.1, 3.5, 1.4, 0.2]]))
        #expect(try iris.features.rows(50..<51) == Tensor([[7.0, 3.2, 4.7, 1.4]]))
        #expect(try iris.features.rows(149..<150) == Tensor([[5.9, 3.0, 5.1, 1.8]]))
        #expect(labels.scalars[0] == 0 && labels.scalars[50] == 1 && labels.scalars[149] == 2)
        // 50 flowers of each species, in the source's order.
        #expect(labels.scalars == [Float](repeating: 0, count: 50) + [Float](repeating: 1, count: 50)
                + [Float](repeating: 2, count: 50))
    }

    @Test func loadsTheBundledIrisCopy() throws {
        let bundled = try CSV.loadBundledIris()
        let direct = try CSV.read(contentsOf: IOTest.packageRoot + "/Data/iris/iris.csv", labelColumn: "species")
        #expect(bundled.features == direct.features && bundled.labels == direct.labels)
        #expect(bundled.labelClasses == ["setosa", "versicolor", "virginica"] && bundled.labelName == "species")
        let explicit = try CSV.loadBundledIris(directory: IOTest.packageRoot + "/" + CSV.bundledIrisRelativeDirectory + "/")
        #expect(explicit.features == direct.features)
        try IOTest.withTemporaryDirectory { dir in
            IOTest.expectError(.fileError, mentioning: ["Iris: cannot find iris.csv", "looked in: \(dir)"]) {
                _ = try CSV.loadBundledIris(directory: dir)
            }
        }
    }
}
