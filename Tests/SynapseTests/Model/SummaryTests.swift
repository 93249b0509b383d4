import Synapse
import Testing

/// `model.summary()` against Keras 3's layout: rich's heavy-headed box table at Keras's default
/// 76-character width (text columns of 31, 22 and 13 characters), then the parameter totals with
/// their sizes at 4 bytes per Float32 value and 1024 bytes per KB.
@Suite struct SummaryTests {
    /// The MNIST demo model, 784-128-64-10.
    static func demoModel() -> Sequential {
        Sequential {
            Input(784)
            Dense(128, activation: .relu)
            Dense(64, activation: .relu)
            Dense(10, activation: .softmax)
        }
    }

    @Test func demoModelMatchesKerasTable() {
        // Written from Keras 3's output for the same model: 784·128 + 128 = 100,480;
        // 128·64 + 64 = 8,256; 64·10 + 10 = 650; 109,386 in all, × 4 B = 437,544 B = 427.29 KB.
        let expected = """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ dense (Dense)                   │ (None, 128)            │       100,480 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense_1 (Dense)                 │ (None, 64)             │         8,256 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense_2 (Dense)                 │ (None, 10)             │           650 │
            └─────────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 109,386 (427.29 KB)
             Trainable params: 109,386 (427.29 KB)
             Non-trainable params: 0 (0.00 B)
            """
        let summary = Self.demoModel().summary(print: false)
        #expect(summary == expected)
        if summary != expected {
            for (line, (got, want)) in zip(summary.split(separator: "\n"), expected.split(separator: "\n")).enumerated() where got != want {
                Issue.record("line \(line):\n\(got)\n\(want)")
            }
        }
    }

    @Test func tableLinesAllHaveKerasWidth() {
        let lines = Self.demoModel().summary(print: false).split(separator: "\n")
        let table = lines.dropFirst().prefix(while: { !$0.hasPrefix(" ") })
        #expect(table.count == 9)
        for line in table { #expect(line.count == 76, "\(line)") }
    }

    @Test func frozenParametersCountAsNonTrainable() throws {
        let model = Self.demoModel()
        let bias = try #require(model.layers[0].parameters.first { $0.name == "bias" })
        bias.isTrainable = false
        let footer = model.summary(print: false).split(separator: "\n").suffix(3)
        // 109,386 − 128 = 109,258 values × 4 B = 437,032 B = 426.79 KB; 128 × 4 B = 512 B.
        #expect(Array(footer) == [
            " Total params: 109,386 (427.29 KB)",
            " Trainable params: 109,258 (426.79 KB)",
            " Non-trainable params: 128 (512.00 B)",
        ])
        #expect(model.summary(print: false).contains("│ dense (Dense)                   │ (None, 128)            │       100,480 │"))
    }

    @Test func largeModelsShowMegabytes() {
        let model = Sequential(name: "big") {
            Input(1000)
            Dense(1000)
        }
        let summary = model.summary(print: false)
        // 1000·1000 + 1000 = 1,001,000 values × 4 B = 4,004,000 B = 3.82 MB.
        #expect(summary.hasPrefix(#"Model: "big""#))
        #expect(summary.contains("│ dense (Dense)                   │ (None, 1000)           │     1,001,000 │"))
        #expect(summary.hasSuffix("""
             Total params: 1,001,000 (3.82 MB)
             Trainable params: 1,001,000 (3.82 MB)
             Non-trainable params: 0 (0.00 B)
            """))
    }

    @Test func unbuiltLayersShowQuestionMarks() {
        let model = Sequential {
            Dense(4)
            Dropout(0.5)
        }
        let expected = """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ dense (Dense)                   │ ?                      │   0 (unbuilt) │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dropout (Dropout)               │ ?                      │   0 (unbuilt) │
            └─────────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 0 (0.00 B)
             Trainable params: 0 (0.00 B)
             Non-trainable params: 0 (0.00 B)
            """
        #expect(model.summary(print: false) == expected)
    }

    @Test func longNamesWrapWithinTheirColumn() {
        let model = Sequential {
            Input(3)
            Dense(2, name: "classifier_output_probabilities")
        }
        let lines = model.summary(print: false).split(separator: "\n")
        #expect(lines.contains("│ classifier_output_probabilities │ (None, 2)              │             8 │"))
        #expect(lines.contains("│ (Dense)                         │                        │               │"))
        for line in lines.dropFirst().prefix(while: { !$0.hasPrefix(" ") }) { #expect(line.count == 76, "\(line)") }
    }
}
