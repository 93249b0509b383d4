import Foundation
import Synapse
import Testing

/// The sixteen-lane exp/tanh/sigmoid kernels against libm in Double, through the public tensor ops.
@Suite("Vectorised transcendental functions")
struct VectorMathTests {
    /// 4001 points from −20 to 20, plus tiny values near tanh's series switch at 0.0625.
    let x: Tensor = {
        var values = (0...4000).map { Float(-20 + 0.01 * Double($0)) }
        values += [0.0624, 0.0626, -0.0624, -0.0626, 1e-6, -1e-6, 0, 0.03]
        return Tensor(values)
    }()

    func maxRelativeError(_ actual: Tensor, _ reference: (Double) -> Double) -> Double {
        zip(x.scalars, actual.scalars).map { input, output in
            let expected = reference(Double(input))
            return Swift.abs(Double(output) - expected) / Swift.max(Swift.abs(expected), 1e-30)
        }.max()!
    }

    @Test func exponentialIsAccurate() {
        #expect(maxRelativeError(x.exp(), Foundation.exp) < 1e-6)
    }

    @Test func hyperbolicTangentIsAccurate() {
        let error = zip(x.scalars, x.tanh().scalars).map { input, output in
            Swift.abs(Double(output) - Foundation.tanh(Double(input)))
        }.max()!
        #expect(error < 1e-6)
        #expect(maxRelativeError(x.tanh(), Foundation.tanh) < 1e-5)
    }

    @Test func sigmoidIsAccurate() {
        #expect(maxRelativeError(x.sigmoid(), { 1 / (1 + Foundation.exp(-$0)) }) < 1e-6)
    }

    @Test func extremeInputsStayFinite() {
        let y = Tensor([-200, -88, 80, 88]).exp()
        #expect(y.scalars.allSatisfy { $0.isFinite && $0 >= 0 })
        expectClose(Tensor([-100, 100]).sigmoid(), [0, 1])
        expectClose(Tensor([-100, 100]).tanh(), [-1, 1])
    }

    @Test(arguments: [1, 15, 16, 17, 31, 32, 33, 50])
    func everyLengthIsHandledIncludingTheTail(count: Int) {
        let values = (0..<count).map { Float($0) * 0.37 - 3 }
        let y = Tensor(values).exp()
        #expect(y.count == count)
        for (input, output) in zip(values, y.scalars) {
            #expect(Swift.abs(Double(output) - Foundation.exp(Double(input))) <= 1e-6 * Foundation.exp(Double(input)))
        }
        let r = Tensor(values).relu()
        #expect(r.scalars == values.map { Swift.max($0, 0) })
    }
}
