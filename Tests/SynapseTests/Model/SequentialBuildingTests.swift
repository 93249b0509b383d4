import Foundation
import Synapse
import Testing

/// Building a `Sequential` with the result builder or with `add`.
@Suite("Sequential building")
struct SequentialBuildingTests {
    @Test func builderAndAddGiveTheSameModel() throws {
        let built = Sequential(seed: 8) {
            Input(3)
            Dense(4, activation: .relu)
            Dropout(0.2)
            Dense(2, activation: .softmax)
        }
        let added = Sequential(seed: 8)
        try added.add(Input(3))
        try added.add(Dense(4, activation: .relu))
        try added.add(Dropout(0.2))
        try added.add(Dense(2, activation: .softmax))
        #expect(built.layers.map(\.name) == ["dense", "dropout", "dense_1"])
        #expect(added.layers.map(\.name) == built.layers.map(\.name))
        #expect(added.layers.map(\.typeName) == ["Dense", "Dropout", "Dense"])
        #expect(added.parameters.map(\.value) == built.parameters.map(\.value))
        #expect(added.outputShape == [2] && built.outputShape == [2])
    }

    @Test func builderControlFlow() throws {
        for (deep, widths) in [(true, [5, 5, 5]), (false, [5])] {
            let model = Sequential {
                Input(2)
                for width in widths {
                    Dense(width, activation: .tanh)
                }
                if deep {
                    Dropout(0.1)
                } else {
                    Dense(7)
                }
                Dense(1, activation: .sigmoid)
            }
            let expected = deep ? ["dense", "dense_1", "dense_2", "dropout", "dense_3"] : ["dense", "dense_1", "dense_2"]
            #expect(model.layers.map(\.name) == expected)
            #expect(try model.predict(Tensor([[1, 2]])).shape == [1, 1])
        }
    }

    @Test func customNamesAreKept() {
        let model = Sequential(name: "classifier") {
            Input(2)
            Dense(3, name: "hidden")
            Dense(1)
        }
        #expect(model.name == "classifier")
        #expect(model.layers.map(\.name) == ["hidden", "dense"])
        #expect(model.parameters.map(\.path) == ["hidden.kernel", "hidden.bias", "dense.kernel", "dense.bias"])
    }

    /// Default names are Keras's (`to_snake_case` of the class name: no underscore before a capital
    /// after a digit), so weights move between Keras and Synapse by name: `conv2d.kernel`,
    /// `batch_normalization.moving_variance`.
    @Test func defaultNamesOfTheConvolutionFamilyAreKeras() throws {
        let model = Sequential {
            Input(shape: [8, 8, 2])
            Conv2D(4, kernelSize: 3, padding: .same)
            BatchNormalization()
            DepthwiseConv2D(kernelSize: 3, padding: .same)
            SeparableConv2D(4, kernelSize: 3, padding: .same)
            Conv2DTranspose(2, kernelSize: 2)
            ZeroPadding2D()
            MaxPooling2D()
            UpSampling2D()
            SpatialDropout2D(0.1)
            Conv2D(2, kernelSize: 1)
            GlobalAveragePooling2D()
        }
        #expect(model.layers.map(\.name) == [
            "conv2d", "batch_normalization", "depthwise_conv2d", "separable_conv2d", "conv2d_transpose", "zero_padding2d",
            "max_pooling2d", "up_sampling2d", "spatial_dropout2d", "conv2d_1", "global_average_pooling2d",
        ])
        #expect(model.parameters.map(\.path).contains("batch_normalization.moving_variance"))
        #expect(model.parameters.map(\.path).contains("conv2d.kernel"))
    }

    @Test func aLayerThatCannotTakeThePreviousOutputThrows() throws {
        let model = Sequential()
        try model.add(Input(shape: []))
        expectError(SynapseError.shapeMismatch, mentioning: ["dense"]) {
            try model.add(Dense(2))
        }
    }
}
